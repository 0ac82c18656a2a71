; echo.asm: copy the keyboard input to the output until it ends.
;
; Shows: HC_GETCHAR (2). It takes two steps: an OUT asks for a key, then an
; IN from the same port returns it, or 0xFF when there is none. Under
; `--input FILE` (or piped stdin) every byte of the file is there when asked
; for, and 0xFF means the file has ended. (So a 0xFF byte inside the input
; also ends the echo: that is the ABI's limit, not a bug here.)
;
; Output: the input, byte for byte, up to its end or its first 0xFF byte.
; End: `exit 0`.

bits 16
org 0

%include "abi.inc"

start:
    mov dx, HC_PORT

.next_key:
    mov al, HC_GETCHAR      ; step 1: ask for a key
    out dx, al
    in al, dx               ; step 2: AL = the key, or 0xFF
    cmp al, HC_NO_KEY
    je .done
    mov bl, al              ; echo it
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_key

.done:
    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached
