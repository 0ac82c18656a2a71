; exitcode.asm: print a line, then exit with code 42.
;
; Shows: HC_EXIT_CODE (0x80), the extension call that carries an exit code in
; BL (0-99). The original HC_EXIT (0) never reads a register and always
; means 0, so old guests that leave garbage in BL are unaffected.
; mini-kvm's own process exit status becomes 42.
;
; Output: "exiting with code 42\n". End: `exit 42`, status 42.

bits 16
org 0

%include "abi.inc"

start:
    mov si, message
    mov dx, HC_PORT
.next_char:
    lodsb
    test al, al
    jz .done
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char

.done:
    mov bl, 42              ; the exit code
    mov al, HC_EXIT_CODE
    out dx, al
    hlt                     ; never reached

message:
    db "exiting with code 42", 10, 0
