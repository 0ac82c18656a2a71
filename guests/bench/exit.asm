; exit.asm: HC_EXIT at once, from real mode. The memory benchmark runs it
; with --smp 4, where a `hlt` would not end the guest: with KVM's in-kernel
; interrupt controller, KVM itself keeps a halted vCPU waiting.
bits 16
org 0
%include "abi.inc"
    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt
