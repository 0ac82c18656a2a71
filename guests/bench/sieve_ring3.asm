; sieve_ring3.asm: the compute benchmark under mini-kvm. Enters ring 3
; (as putchar_ring3.asm does) and runs sieve_user.inc there, natively on
; kvm-pvm hosts; ends with HC_EXIT_CODE 41. Run with --mode long.
bits 64
org 0
%include "abi.inc"
%include "count.inc"

USER_DS    equ 0x18 | 3
USER_CS    equ 0x20 | 3
USER_STACK equ 0x80000
RFLAGS_IOPL3 equ 0x3002

%macro GUEST_EXIT 0
    mov dx, HC_PORT
    mov al, HC_EXIT_CODE
    out dx, al
    jmp $
%endmacro

    jmp start
    BENCH_COUNT rounds, 10
start:
    push USER_DS
    push USER_STACK
    push RFLAGS_IOPL3
    push USER_CS
    lea rax, [rel sieve_user]
    push rax
    iretq

%include "sieve_user.inc"
