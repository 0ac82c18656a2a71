; late: spin a while (so that quicker guests beside it end first), then
; print "late" on a line and exit 0.
%include "io.inc"
entry:
    mov ecx, 200000
.wait:
    dec ecx
    jnz .wait
    mov bl, 'l'
    call putchar
    mov bl, 'a'
    call putchar
    mov bl, 't'
    call putchar
    mov bl, 'e'
    call putchar
    call newline
    guest_exit
