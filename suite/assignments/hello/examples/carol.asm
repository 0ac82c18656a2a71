; carol: wrong output (no comma), otherwise fine
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
    mov al, 0
    out dx, al
msg: db "Hello world!", 10, 0
