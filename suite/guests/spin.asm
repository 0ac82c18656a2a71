; spin: print "spinning" and loop forever with interrupts off.
%include "io.inc"
entry:
    mov bl, 's'
    call putchar
    mov bl, 'p'
    call putchar
    mov bl, 'i'
    call putchar
    mov bl, 'n'
    call putchar
    call newline
    cli
    jmp $
