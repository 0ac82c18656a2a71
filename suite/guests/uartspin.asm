; uartspin (real mode): a console that never waits visibly, like xv6's
; idle loop: it prints a prompt and spins with interrupts on (no hlt).
; Each byte the UART receives (IRQ4, vector 0x0C) is echoed; a line
; ('\n' or '\r') is answered with "you typed: LINE" and a new prompt.
; It never ends by itself: an --expect script ends the run. The PIC is
; programmed (base 8), so the same image runs on the VMM's 8259 and on
; KVM's in-kernel one (--smp 1).
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
%include "uart.inc"
%define LINE_MAX 60
entry:
    set_vector 8, on_timer
    set_vector 12, on_uart
    pic_init 8
    pic_mask 0xee                   ; IRQ0 and IRQ4 only
    uart_setup 0x07
    mov dx, UART_IER
    mov al, 0x01
    out dx, al
    mov word [line_len], 0
    mov si, banner
    call uart_puts
    mov si, prompt
    call uart_puts
    sti
.spin:
    jmp .spin

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
    push di
.drain:
    mov dx, UART_LSR
    in al, dx
    test al, 0x01
    jz .done
    mov dx, UART_DATA
    in al, dx
    cmp al, 13
    je .line
    cmp al, 10
    je .line
    mov di, [line_len]
    cmp di, LINE_MAX
    jae .drain                      ; a line too long: the rest is dropped
    mov [line + di], al
    inc word [line_len]
    mov bl, al
    call uart_putc                  ; echo
    jmp .drain
.line:
    mov di, [line_len]
    mov byte [line + di], 0
    mov word [line_len], 0
    mov si, answer
    call uart_puts
    mov si, line
    call uart_puts
    mov bl, 10
    call uart_putc
    mov si, prompt
    call uart_puts
    jmp .drain
.done:
    eoi
    pop di
    pop si
    pop dx
    pop bx
    pop ax
    iret

banner:   db "uartspin ready", 10, 0
prompt:   db "$ ", 0
answer:   db 10, "you typed: ", 0
line_len: dw 0
line:     times LINE_MAX + 1 db 0
