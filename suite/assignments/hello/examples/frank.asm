; frank: prints the greeting over and over: an output flood
bits 16
again:
    mov si, msg
    mov dx, 0x500
.next:
    mov bl, [si]
    test bl, bl
    jz again
    mov al, 1
    out dx, al
    inc si
    jmp .next
msg: db "Hello, world!", 10, 0
