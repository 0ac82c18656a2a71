; oscar: prints the 0xFF it gets at the end of the input too, and goes on
; reading and printing it: an output flood.
bits 16
    mov dx, 0x500
next:
    mov al, 2
    out dx, al
    in al, dx
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
