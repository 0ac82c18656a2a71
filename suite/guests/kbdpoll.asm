; kbdpoll: read keys from the keyboard ports: while port 0x64 has bit 0
; set, print the byte at port 0x60. Then HC_EXIT.
%include "io.inc"
entry:
    in al, 0x64
    test al, 1
    jz .done
    in al, 0x60
    mov bl, al
    call putchar
    jmp entry
.done:
    guest_exit
