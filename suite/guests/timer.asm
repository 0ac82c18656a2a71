; timer (real mode): read N from the input, take timer interrupts (IRQ0,
; vector 8) with hlt, print "tick K" for K = 1..N as they arrive, exit 0.
; With the timer off it never gets one: hlt with IF=1 and nothing to wait
; for ends the vCPU ("halt"), having printed nothing.
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
entry:
    set_vector 8, on_timer
    set_vector 9, on_key
    call read_u32
    mov [goal], ax
    sti
.wait:
    hlt
.catch_up:
    mov ax, [printed]
    cmp ax, [ticks]
    jae .wait
    inc ax
    mov [printed], ax
    print_str tick_msg
    movzx eax, word [printed]
    call print_u32
    call newline
    mov ax, [printed]
    cmp ax, [goal]
    jb .catch_up
    guest_exit

on_timer:
    push ax
    inc word [ticks]
    eoi
    pop ax
    iret

on_key:                         ; not expected here: keys are not echoed
    push ax
    in al, 0x60
    eoi
    pop ax
    iret

tick_msg: db "tick ", 0
ticks:   dw 0
printed: dw 0
goal:    dw 0
