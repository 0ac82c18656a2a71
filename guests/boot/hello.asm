; hello.asm: the first boot sector of every OS tutorial: print a greeting
; through the BIOS teletype and stop.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov si, greeting
    call print
    call print_nl
    mov si, drive_is
    call print
    movzx dx, dl            ; the BIOS hands over the boot drive in DL
    call print_hex
    call print_nl
    cli
    hlt

%include "print.inc"

greeting: db "Hello, World! (from a boot sector)", 0
drive_is: db "boot drive: 0x", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
