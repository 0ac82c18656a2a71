; picmask (real mode): does masking IRQ0 at the PIC stop timer interrupts?
;  1. wait for a tick, then count spin iterations until the next one
;     (how long one timer period lasts on this host);
;  2. mask IRQ0 (port 0x21 = 0x01), spin for 4 periods, print
;     "masked: none" if no tick arrived, else "masked: N";
;  3. unmask, wait in hlt for a tick, print "unmasked: tick"; exit 0.
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
entry:
    set_vector 8, on_timer
    set_vector 9, on_key
    pic_init 0x08
    pic_mask 0x00
    sti
    hlt                         ; a tick (or more) has arrived
    mov ax, [ticks]
.sync:                          ; start counting right after a tick
    cmp ax, [ticks]
    je .sync
    mov ax, [ticks]
    xor ecx, ecx
.measure:
    inc ecx
    cmp ax, [ticks]
    je .measure
    shl ecx, 2                  ; four periods
    pic_mask 0x01
    mov word [ticks], 0
.spin:
    cmp word [ticks], 0         ; same loop body as .measure
    dec ecx
    jnz .spin
    print_str masked_msg
    mov ax, [ticks]
    test ax, ax
    jnz .some
    print_str none_msg
    jmp .unmask
.some:
    movzx eax, ax
    call print_u32
    call newline
.unmask:
    pic_mask 0x00
.wait:
    hlt
    cmp word [ticks], 0
    je .wait
    print_str unmasked_msg
    guest_exit

on_timer:
    push ax
    inc word [ticks]
    eoi
    pop ax
    iret

on_key:
    push ax
    in al, 0x60
    eoi
    pop ax
    iret

masked_msg:   db "masked: ", 0
none_msg:     db "none", 10, 0
unmasked_msg: db "unmasked: tick", 10, 0
ticks: dw 0
