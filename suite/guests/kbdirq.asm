; kbdirq (real mode): echo every key delivered by the keyboard interrupt
; (IRQ1, vector 9; the byte from port 0x60) while the main loop sits in
; hlt. Timer ticks are counted and ignored. When the input has ended and
; no interrupt can come, hlt ends the vCPU ("halt").
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
entry:
    set_vector 8, on_timer
    set_vector 9, on_key
    sti
.idle:
    hlt
    jmp .idle

on_timer:
    push ax
    eoi
    pop ax
    iret

on_key:
    push ax
    push bx
    push dx
    in al, 0x60
    mov bl, al
    call putchar
    eoi
    pop dx
    pop bx
    pop ax
    iret
