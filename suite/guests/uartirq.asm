; uartirq (real mode): the UART's receive interrupt. IRQ4 is vector 0x0C
; (the PIC's real-mode base 8); the main loop sits in hlt. Each interrupt
; prints IIR as <xx>, then reads every byte waiting (LSR bit 0) and
; echoes it. When the input has ended and no interrupt can come, hlt
; ends the vCPU ("halt"); run it with --timer-hz 0.
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
%include "uart.inc"
entry:
    set_vector 8, on_timer
    set_vector 12, on_uart
    uart_setup 0x47                 ; FIFOs on, trigger 4 bytes
    mov dx, UART_IER
    mov al, 0x01                    ; received data available
    out dx, al
    mov si, banner
    call uart_puts
    sti
.idle:
    hlt
    jmp .idle

on_timer:
    push ax
    eoi
    pop ax
    iret

on_uart:
    push ax
    push bx
    push dx
    push si
    mov bl, '<'
    call uart_putc
    mov dx, UART_IIR
    in al, dx
    call uart_hex
    mov bl, '>'
    call uart_putc
.drain:
    mov dx, UART_LSR
    in al, dx
    test al, 0x01
    jz .done
    mov dx, UART_DATA
    in al, dx
    mov bl, al
    call uart_putc
    jmp .drain
.done:
    eoi
    pop si
    pop dx
    pop bx
    pop ax
    iret

banner: db "uartirq ready", 10, 0
