; leo: prints each byte only when the next one arrives, so the last byte
; of the input is lost.
bits 16
    mov dx, 0x500
    mov cl, 0xFF            ; the byte waiting to be printed (none yet)
next:
    mov al, 2
    out dx, al
    in al, dx
    cmp al, 0xFF
    je done
    xchg al, cl
    cmp al, 0xFF
    je next
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
done:
    mov al, 0
    out dx, al
