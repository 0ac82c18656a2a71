; uartpoll (real mode): the UART's receive side by polling. Sets the UART
; up with FIFOs on, shows IIR (FIFO bits, nothing pending) and what an
; empty receiver reads, then echoes every byte received (LSR bit 0, then
; RBR) inside [brackets] until a '.', which ends the guest with exit 0.
; The input must hold a '.': without one the guest polls until the timeout.
%include "io.inc"
%include "uart.inc"
entry:
    uart_setup 0x07                 ; FIFOs on and cleared, trigger 1 byte
    mov si, banner
    call uart_puts
    mov dx, UART_IIR
    in al, dx
    call uart_hex                   ; 0xc1: FIFOs on, no interrupt
    mov si, lsr_text
    call uart_puts
    mov dx, UART_LSR
    in al, dx
    call uart_hex                   ; 0x61: a key came in (scripted: asked for)
    mov bl, 10
    call uart_putc
.poll:
    mov dx, UART_LSR
    in al, dx
    test al, 0x01
    jz .poll
    mov dx, UART_DATA
    in al, dx
    cmp al, '.'
    je .done
    push ax
    mov bl, '['
    call uart_putc
    pop ax
    mov bl, al
    call uart_putc
    mov bl, ']'
    call uart_putc
    jmp .poll
.done:
    mov si, bye
    call uart_puts
    guest_exit

banner:   db "uartpoll: iir=", 0
lsr_text: db " lsr=", 0
bye:      db 10, "bye", 10, 0
