; mallory: never checks for 0xFF, so it waits for keys forever.
bits 16
    mov dx, 0x500
next:
    mov al, 2
    out dx, al
    in al, dx
    cmp al, 0xFF
    je next                 ; "no key yet": try again, forever
    cmp al, 'a'
    jb put
    cmp al, 'z'
    ja put
    sub al, 32
put:
    mov bl, al
    mov al, 1
    out dx, al
    jmp next
