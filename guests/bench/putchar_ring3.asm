; putchar_ring3.asm: N HC_PUTCHAR hypercalls from 64-bit ring 3, then
; HC_EXIT. On kvm-pvm hosts ring 3 runs natively (ring 0 is emulated), so
; this is the round trip of a hypercall from native guest code.
;
; Run with --mode long. The VMM's GDT has user data at 0x18 and 64-bit
; user code at 0x20, and its identity map is user-accessible, so an iretq
; with RPL-3 selectors is all it takes to reach ring 3; IOPL 3 in RFLAGS
; lets ring 3 use `out` directly.
bits 64
org 0
%include "abi.inc"
%include "count.inc"

USER_DS    equ 0x18 | 3
USER_CS    equ 0x20 | 3
USER_STACK equ 0x80000
RFLAGS_IOPL3 equ 0x3002

    jmp start
    BENCH_COUNT calls, 1000
start:
    push USER_DS
    push USER_STACK
    push RFLAGS_IOPL3
    push USER_CS
    lea rax, [rel user]
    push rax
    iretq

user:
    mov ecx, [rel calls]
    mov dx, HC_PORT
    mov bl, '.'
.next:
    mov al, HC_PUTCHAR
    out dx, al
    dec ecx
    jnz .next
    mov al, HC_EXIT
    out dx, al
    jmp $
