; Reference solution: print "Hello, world!" and exit 0 (real mode).
bits 16
    mov si, msg
    mov dx, 0x500
.next:
    mov bl, [si]
    test bl, bl
    jz .done
    mov al, 1               ; HC_PUTCHAR
    out dx, al
    inc si
    jmp .next
.done:
    mov al, 0               ; HC_EXIT
    out dx, al
msg: db "Hello, world!", 10, 0
