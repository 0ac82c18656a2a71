; scancodes.asm: raw keyboard input through IRQ1: the boot sector installs
; its own int 0x09 handler, which reads each byte from the PS/2 controller
; (port 0x60) and prints it in hex: set-1 make and break codes, E0 before
; the grey keys. The timer (IRQ0) is masked, so once no key can come the
; hlt loop ends the run.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    cli
    mov word [9 * 4], irq1
    mov word [9 * 4 + 2], 0
    mov al, 0xfd            ; mask IRQ0, keep IRQ1
    out 0x21, al
    mov si, title
    call print
    sti
.idle:
    hlt
    jmp .idle

irq1:
    pusha
    in al, 0x60
    mov dl, al
    mov cx, 2
.digit:
    rol dl, 4
    mov al, dl
    and al, 0x0f
    add al, '0'
    cmp al, '9'
    jbe .out
    add al, 'A' - '9' - 1
.out:
    mov ah, 0x0e
    int 0x10
    loop .digit
    mov ax, 0x0e20
    int 0x10
    mov al, 0x20            ; end of interrupt
    out 0x20, al
    popa
    iret

%include "print.inc"

title: db "scan codes: ", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
