; colours.asm: the text screen's attributes, as tutorials colour their
; output: a string in yellow on blue (int 0x10 AH=0x13), the 16
; foreground and the 8 background colours one cell each (AH=0x02 and
; AH=0x09), bright backgrounds after AX=0x1003 BL=0, a cell written
; straight to 0xB8000, and a block cursor (AH=0x01 CX=0x0007). The
; transcript's attr records and --screenshot show them.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov es, ax
    ; "Yellow on blue" at row 0, column 0, attribute 0x1E in BL, cursor moved
    mov ax, 0x1301
    mov bx, 0x001e
    mov cx, title_len
    xor dx, dx
    mov bp, title
    int 0x10
    ; row 2: the 16 foregrounds on black, '0'..'F'
    mov dh, 2
    xor bl, bl
    mov si, digits
.fg:
    call cell
    inc bl
    cmp bl, 16
    jb .fg
    ; row 3: the 8 backgrounds with bright white, blinking bit clear
    mov dh, 3
    mov bl, 0x0f
    mov si, digits
.bg:
    call cell
    add bl, 0x10
    cmp bl, 0x8f
    jb .bg
    ; row 4: attribute 0xCE: with blinking off, yellow on bright red
    mov ax, 0x1003
    xor bl, bl
    int 0x10
    mov dh, 4
    mov bl, 0xce
    mov si, bright
    call cell
    ; bottom right, straight into the screen's memory: 'Z' white on red
    push es
    mov ax, 0xb800
    mov es, ax
    mov word [es:(24 * 80 + 79) * 2], 0x4f5a
    pop es
    ; a block cursor at row 6, column 0, and a line through the teletype
    mov ah, 0x01
    mov cx, 0x0007
    int 0x10
    mov ah, 0x02
    xor bh, bh
    mov dx, 0x0500
    int 0x10
    mov si, done
    call print
    mov ah, 0x03
    xor bh, bh
    int 0x10
    mov dx, cx
    call print_hex          ; the shape as set: 0007
    cli
    hlt

; cell: the character at SI (SI advances) with attribute BL at row DH,
; column DL (DL advances).
cell:
    pusha
    mov ah, 0x02
    xor bh, bh
    int 0x10
    mov ah, 0x09
    mov al, [si]
    mov cx, 1
    int 0x10
    popa
    inc si
    inc dl
    ret

%include "print.inc"

title:  db "Yellow on blue"
title_len equ $ - title
digits: db "0123456789ABCDEF"
bright: db "!"
done:   db "colours done, cursor shape ", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
