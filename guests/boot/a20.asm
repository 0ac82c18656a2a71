; a20.asm: the A20 gate, every way a boot loader switches it: the BIOS
; (int 0x15 AX=0x2400/0x2401/0x2402/0x2403), the keyboard controller's
; output port (0xD0 read, 0xD1 write) and the fast gate (port 0x92), each
; read back. Then it resets the machine through the controller (0xFE).
; Interrupts stay off, as in every A20 routine: with them on, the BIOS's
; IRQ1 handler would take the controller's replies as keys.
bits 16
org 0x7c00

    cli
    xor ax, ax
    mov ds, ax
    mov si, gates
    call print
    mov ax, 0x2403
    int 0x15
    mov dx, bx
    call print_hex
    call print_nl
    call show_bios
    mov ax, 0x2400          ; off through the BIOS
    int 0x15
    call show_bios
    call show_kbc
    call show_92
    ; on through the controller's output port
    call kbc_wait
    mov al, 0xd1
    out 0x64, al
    call kbc_wait
    mov al, 0xdf            ; A20 on, reset line high
    out 0x60, al
    call show_bios
    call show_kbc
    ; off through port 0x92 (keep bit 0 clear: it would reset)
    in al, 0x92
    and al, 0xfc
    out 0x92, al
    call show_92
    call show_bios
    ; on again through the BIOS
    mov ax, 0x2401
    int 0x15
    call show_92
    mov si, resetting
    call print
    call print_nl
    call kbc_wait
    mov al, 0xfe            ; pulse the reset line
    out 0x64, al
    mov si, still_here
    call print
    cli
    hlt

kbc_wait:                   ; until the controller's input buffer is empty
    in al, 0x64
    test al, 2
    jnz kbc_wait
    ret

show_bios:
    mov si, bios_msg
    call print
    mov ax, 0x2402
    int 0x15
    movzx dx, al
    call print_hex
    call print_nl
    ret

show_kbc:
    mov si, kbc_msg
    call print
    call kbc_wait
    mov al, 0xd0
    out 0x64, al
.full:
    in al, 0x64
    test al, 1
    jz .full
    in al, 0x60
    movzx dx, al
    call print_hex
    call print_nl
    ret

show_92:
    mov si, port92_msg
    call print
    in al, 0x92
    movzx dx, al
    call print_hex
    call print_nl
    ret

%include "print.inc"

gates: db "A20 gates (int 15 2403): ", 0
bios_msg: db "int 15 2402: ", 0
kbc_msg: db "i8042 output port (D0): ", 0
port92_msg: db "port 0x92: ", 0
resetting: db "reset through the i8042 (FE)", 0
still_here: db "still running after the reset!", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
