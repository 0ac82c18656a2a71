; hello64.asm: a flat 64-bit image for `--mode long` (or `--long-mode`).
;
; Shows: a guest entered directly in 64-bit long mode. The VMM has set up
; its GDT, identity page tables for the first 1 GiB (so virtual address =
; physical address) and a stack, and starts us at RIP = 0 in ring 0.
; The hypercalls are the very same OUT instructions as in real mode.
;
; Run: mini-kvm --mode long guests/long/hello64.bin
; Output: "Hello from 64-bit long mode!\n". End: `exit 0`.

bits 64
org 0

%include "abi.inc"

start:
    lea rsi, [rel message]      ; RIP-relative: works wherever we are loaded
    mov dx, HC_PORT
.next_char:
    lodsb                       ; AL = [RSI], RSI = RSI + 1
    test al, al
    jz .done
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.done:
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

message:
    db "Hello from 64-bit long mode!", 10, 0
