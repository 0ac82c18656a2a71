; putchar_real.asm: N HC_PUTCHAR hypercalls from real mode, then HC_EXIT.
; Real mode is emulated on kvm-pvm hosts, so this is the round trip of a
; hypercall from emulated guest code. The benchmark runs it with --quiet
; (nothing echoed) at two sizes of N: the difference in time over the
; difference in N is the cost of one call, start-up excluded.
bits 16
org 0
%include "abi.inc"
%include "count.inc"

    jmp start
    BENCH_COUNT calls, 1000
start:
    mov ecx, [calls]
    mov dx, HC_PORT
    mov bl, '.'
.next:
    mov al, HC_PUTCHAR
    out dx, al
    dec ecx
    jnz .next
    mov al, HC_EXIT
    out dx, al
    hlt
