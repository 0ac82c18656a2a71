; dave: prints the greeting, then forgets to exit: an infinite loop
bits 16
    mov si, msg
    mov dx, 0x500
.next:
    mov bl, [si]
    test bl, bl
    jz .done
    mov al, 1
    out dx, al
    inc si
    jmp .next
.done:
    jmp .done
msg: db "Hello, world!", 10, 0
