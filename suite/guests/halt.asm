; halt: print the input, then hlt with interrupts off (exit code 0, end "halt").
%include "io.inc"
entry:
    call getchar
    cmp al, 0xFF
    je .done
    mov bl, al
    call putchar
    jmp entry
.done:
    cli
    hlt
    jmp $
