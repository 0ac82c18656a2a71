; badcall: read a decimal number N and make hypercall N (AL = N mod 256).
; If the VMM lets the guest go on, it prints "survived" and exits 0.
%include "io.inc"
entry:
    call read_u32
    mov dx, HC_PORT
    out dx, al
    mov bl, 's'
    call putchar
    mov bl, 'u'
    call putchar
    mov bl, 'r'
    call putchar
    mov bl, 'v'
    call putchar
    mov bl, 'i'
    call putchar
    mov bl, 'v'
    call putchar
    mov bl, 'e'
    call putchar
    mov bl, 'd'
    call putchar
    call newline
    guest_exit
