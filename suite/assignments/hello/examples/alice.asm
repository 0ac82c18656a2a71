; alice: correct, with a loop over the string (real mode)
bits 16
    mov si, greeting
print:
    lodsb
    or al, al
    jz finish
    mov bl, al
    mov al, 1
    mov dx, 0x500
    out dx, al
    jmp print
finish:
    mov al, 0
    mov dx, 0x500
    out dx, al
    hlt
greeting: db "Hello, world!", 10, 0
