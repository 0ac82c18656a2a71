; multiplication.asm: the multiplication table from 2x1=2 to 9x9=81.
;
; Shows: two nested loops, MUL, and a decimal print subroutine.
;
; Output: 8 lines, one per multiplicand:
;   "2x1=2 2x2=4 2x3=6 ... 2x9=18"
;   ...
;   "9x1=9 9x2=18 ... 9x9=81"
; End: `exit 0`.

bits 16
org 0

%include "abi.inc"

start:
    mov dx, HC_PORT
    mov si, 2               ; SI = the row (multiplicand), 2..9

.row:
    mov di, 1               ; DI = the column (multiplier), 1..9

.column:
    mov ax, si              ; print "SIxDI="
    call print_dec
    mov bl, 'x'
    call putc
    mov ax, di
    call print_dec
    mov bl, '='
    call putc

    mov ax, si              ; AX = SI * DI (MUL also writes DX: save it)
    push dx
    mul di
    pop dx
    call print_dec

    mov bl, ' '             ; a space between entries, a newline at row end
    cmp di, 9
    jne .separator
    mov bl, 10
.separator:
    call putc

    inc di
    cmp di, 9
    jbe .column
    inc si
    cmp si, 9
    jbe .row

    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached

; putc: print the byte in BL. Expects DX = HC_PORT; clobbers AL.
putc:
    mov al, HC_PUTCHAR
    out dx, al
    ret

; print_dec: print AX as an unsigned decimal number (digits come out of
; DIV lowest first, so they go through the stack to reverse them).
; Expects DX = HC_PORT (kept); clobbers AX, BX, CX.
print_dec:
    push dx
    mov bx, 10
    xor cx, cx
.divide:
    xor dx, dx
    div bx                  ; AX = AX / 10, DX = AX % 10
    push dx
    inc cx
    test ax, ax
    jnz .divide
    mov dx, HC_PORT
.print:
    pop bx
    add bl, '0'
    call putc
    loop .print
    pop dx
    ret
