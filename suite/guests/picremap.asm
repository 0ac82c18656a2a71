; picremap (real mode): initialise the PIC with IRQ0-7 at vectors
; 0x40-0x47 and keep the old timer vector 8 as a trap. Wait for N timer
; ticks (N from the input) at the new vector, then print "remapped: N
; ticks at 0x40, 0 at 8" (the second count is the ticks seen at vector 8).
%define IVT_PAD
%include "io.inc"
%include "irq.inc"
entry:
    set_vector 8, on_old
    set_vector 9, on_old
    set_vector 0x40, on_timer
    set_vector 0x41, on_key
    call read_u32
    mov [goal], ax
    pic_init 0x40
    pic_mask 0x00
.wait:
    sti
    hlt
    cli
    mov ax, [ticks]
    cmp ax, [goal]
    jb .wait
    print_str msg1
    movzx eax, word [goal]
    call print_u32
    print_str msg2
    movzx eax, word [old]
    call print_u32
    print_str msg3
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

on_old:
    push ax
    inc word [old]
    eoi
    pop ax
    iret

msg1: db "remapped: ", 0
msg2: db " ticks at 0x40, ", 0
msg3: db " at 8", 10, 0
ticks: dw 0
old:   dw 0
goal:  dw 0
