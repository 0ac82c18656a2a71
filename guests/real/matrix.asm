; matrix.asm: multiply two 3x3 integer matrices and print the product.
;
;       | 1 2 3 |   | 9 8 7 |   |  30  24 18 |
;   A = | 4 5 6 |   | 6 5 4 | = |  84  69 54 |
;       | 7 8 9 | x | 3 2 1 |   | 138 114 90 |
;
; Shows: arrays in memory, base+index addressing ([SI+BX]), three nested
; loops, and MUL. Each matrix is stored row by row, 16-bit words, so one
; row is 6 bytes: A[i][k] is at A + 6*i + 2*k.
;
; Output: "30 24 18\n84 69 54\n138 114 90\n". End: `exit 0`.

bits 16
org 0

%include "abi.inc"

ROW equ 6                   ; bytes in one row (3 words)

start:
    mov si, mat_a           ; SI -> row i of A

.row:
    mov di, mat_b           ; DI -> column j of B (its top element)

.column:
    ; sum = A[i][0]*B[0][j] + A[i][1]*B[1][j] + A[i][2]*B[2][j]
    xor bp, bp              ; BP = the sum
    xor bx, bx              ; BX = 2*k, the offset of A[i][k] in the row
    push di
.term:
    mov ax, [si+bx]         ; AX = A[i][k]
    mul word [di]           ; DX:AX = A[i][k] * B[k][j]  (fits in AX here)
    add bp, ax
    add di, ROW             ; down one row in B: B[k+1][j]
    add bx, 2               ; along one column in A: A[i][k+1]
    cmp bx, ROW
    jb .term
    pop di

    mov dx, HC_PORT         ; MUL overwrote DX
    mov ax, bp
    call print_dec
    mov bl, ' '             ; a space between numbers, a newline at row end
    cmp di, mat_b + 4       ; was this the last column (j = 2)?
    jne .separator
    mov bl, 10
.separator:
    mov al, HC_PUTCHAR
    out dx, al

    add di, 2               ; next column of B
    cmp di, mat_b + ROW
    jb .column
    add si, ROW             ; next row of A
    cmp si, mat_a + 3*ROW
    jb .row

    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached

; print_dec: print AX as an unsigned decimal number.
; Expects DX = HC_PORT (kept); clobbers AX, BX, CX.
print_dec:
    push dx
    mov bx, 10
    xor cx, cx
.divide:
    xor dx, dx
    div bx                  ; AX = AX / 10, DX = the lowest digit
    push dx
    inc cx
    test ax, ax
    jnz .divide
    mov dx, HC_PORT
.print:
    pop bx
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    loop .print
    pop dx
    ret

mat_a:
    dw 1, 2, 3
    dw 4, 5, 6
    dw 7, 8, 9
mat_b:
    dw 9, 8, 7
    dw 6, 5, 4
    dw 3, 2, 1
