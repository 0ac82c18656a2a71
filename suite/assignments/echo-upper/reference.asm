; Reference solution: echo the input with a-z in upper case (real mode).
bits 16
    mov dx, 0x500
next:
    mov al, 2               ; HC_GETCHAR
    out dx, al
    in al, dx
    cmp al, 0xFF            ; no more keys
    je done
    cmp al, 'a'
    jb put
    cmp al, 'z'
    ja put
    sub al, 'a' - 'A'
put:
    mov bl, al
    mov al, 1               ; HC_PUTCHAR
    out dx, al
    jmp next
done:
    mov al, 0               ; HC_EXIT
    out dx, al
