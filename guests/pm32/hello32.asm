; hello32.asm: a flat 32-bit protected-mode image for `--mode pm32`.
;
; Shows: what the VMM does for you with `--mode pm32`: it loads the image at
; 0 and enters it already in 32-bit protected mode (paging off), with its
; own flat GDT (CS = 0x08, data = 0x10) and a stack, at EIP = 0. Compare
; real/pm32.asm, which makes the same switch by hand. The hypercalls are the
; same OUTs as in real mode; only the instruction encoding differs.
;
; Run: mini-kvm --mode pm32 guests/pm32/hello32.bin
; Output: "Hello from 32-bit protected mode!\n". End: `exit 0`.

bits 32
org 0

%include "abi.inc"

start:
    mov esi, message
    mov dx, HC_PORT
.next_char:
    lodsb                       ; AL = [ESI], ESI = ESI + 1
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
    db "Hello from 32-bit protected mode!", 10, 0
