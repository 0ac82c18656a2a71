; ivan: correct, with a table-free range check and a subroutine
bits 16
main:
    call getc
    cmp al, 0xFF
    je quit
    mov ah, al
    sub ah, 'a'
    cmp ah, 25
    ja .print
    and al, 0xDF
.print:
    call putc
    jmp main
quit:
    mov dx, 0x500
    xor al, al
    out dx, al
getc:
    mov dx, 0x500
    mov al, 2
    out dx, al
    in al, dx
    ret
putc:
    mov bl, al
    mov dx, 0x500
    mov al, 1
    out dx, al
    ret
