; counter.asm: count from 0 to 9.
;
; Shows: a loop, and turning a number into its ASCII digit ('0' + n).
;
; Output: "0123456789\n". End: `exit 0`.

bits 16
org 0

%include "abi.inc"

start:
    mov dx, HC_PORT
    mov cl, 0               ; CL = the number to print next

.loop:
    mov bl, '0'
    add bl, cl              ; BL = the digit for CL (works for 0-9)
    mov al, HC_PUTCHAR
    out dx, al
    inc cl
    cmp cl, 10
    jb .loop                ; unsigned "below": repeat while CL < 10

    mov bl, 10              ; a newline ends the line
    mov al, HC_PUTCHAR
    out dx, al

    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached
