; fibonacci.asm: the first 15 Fibonacci numbers.
;
; Shows: keeping state in registers, a subroutine (CALL/RET, the stack),
; and printing a number in decimal by repeated division by 10.
;
; Output: "0 1 1 2 3 5 8 13 21 34 55 89 144 233 377\n". End: `exit 0`.

bits 16
org 0

%include "abi.inc"

COUNT equ 15

start:
    mov dx, HC_PORT
    xor si, si              ; SI = F(n),   starts at F(0) = 0
    mov di, 1               ; DI = F(n+1), starts at F(1) = 1
    mov cx, COUNT           ; CX = numbers still to print

.loop:
    push cx
    mov ax, si
    call print_dec          ; print F(n)
    pop cx
    mov bl, ' '             ; a space after every number but the last
    cmp cx, 1
    jne .separator
    mov bl, 10              ; ...and a newline after the last
.separator:
    mov al, HC_PUTCHAR
    out dx, al

    mov ax, si              ; (F(n), F(n+1)) <- (F(n+1), F(n) + F(n+1))
    add ax, di
    mov si, di
    mov di, ax
    loop .loop              ; CX = CX - 1, repeat while CX != 0

    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached

; print_dec: print AX as an unsigned decimal number.
; DIV gives the lowest digit first, so the digits are pushed on the stack
; and popped back in the right order. Expects DX = HC_PORT (kept);
; clobbers AX, BX, CX.
print_dec:
    push dx
    mov bx, 10
    xor cx, cx              ; CX = how many digits are on the stack
.divide:
    xor dx, dx              ; DIV BX divides DX:AX, so clear the high half
    div bx                  ; AX = quotient, DX = remainder (the digit)
    push dx
    inc cx
    test ax, ax
    jnz .divide
    mov dx, HC_PORT
.print:
    pop bx                  ; BL = the next digit, most significant first
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    loop .print
    pop dx
    ret
