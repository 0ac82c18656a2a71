; picrw (real mode): initialise the PIC (vector base 8), then for every
; input byte B write B to the mask register (port 0x21), read it back and
; print it as two hex digits, one per line. Interrupts stay off.
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
entry:
    pic_init 0x08
.next:
    call getchar
    cmp al, 0xFF
    je .done
    out 0x21, al
    in al, 0x21
    call print_hex8
    call newline
    jmp .next
.done:
    guest_exit
