; echo: copy every input byte to the output, then HC_EXIT.
%include "io.inc"
entry:
    call getchar
    cmp al, 0xFF
    je .done
    mov bl, al
    call putchar
    jmp entry
.done:
    guest_exit
