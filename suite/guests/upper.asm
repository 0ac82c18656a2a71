; upper: copy the input to the output with a-z made upper case.
%include "io.inc"
entry:
    call getchar
    cmp al, 0xFF
    je .done
    cmp al, 'a'
    jb .put
    cmp al, 'z'
    ja .put
    sub al, 'a' - 'A'
.put:
    mov bl, al
    call putchar
    jmp entry
.done:
    guest_exit
