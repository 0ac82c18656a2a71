; clock.asm: the BIOS clock and int 0x19. The tick count (int 0x1A AH=0)
; advances with IRQ0 while the guest waits in hlt, and the user hook
; int 0x1C is called on each tick; AH=1 sets the count, read back. Then
; int 0x19 loads the boot sector again: the second time round (a mark in
; RAM, which int 0x19 leaves alone) it says so and stops.
bits 16
org 0x7c00

MARK equ 0x600

    xor ax, ax
    mov ds, ax
    cmp word [MARK], 0x1919
    je rebooted
    mov word [0x1c * 4], hook
    mov word [0x1c * 4 + 2], 0
    mov ah, 0x00
    int 0x1a
    mov bx, dx              ; the low word of the count now
.wait:
    hlt                     ; interrupts are on: the next tick wakes us
    mov ah, 0x00
    int 0x1a
    mov ax, dx
    sub ax, bx
    cmp ax, 3
    jb .wait
    mov si, advanced
    call print
    cmp word [hook_calls], 3
    jb .few
    mov si, hooked
    call print
.few:
    mov ah, 0x01
    mov cx, 0x0012
    mov dx, 0x3456
    int 0x1a
    mov ah, 0x00
    int 0x1a
    mov si, set_to
    call print
    push dx
    mov dx, cx
    call print_hex
    pop dx
    ; the count may have moved on by a tick or two since: show the high word only
    call print_nl
    mov word [MARK], 0x1919
    mov si, rebooting
    call print
    int 0x19

rebooted:
    mov si, again
    call print
    cli
    hlt

hook:
    inc word [cs:hook_calls]
    iret

hook_calls: dw 0

%include "print.inc"

advanced: db "ticks advanced by 3 while halted", 13, 10, 0
hooked: db "int 0x1C was called on each tick", 13, 10, 0
set_to: db "after AH=01 with CX=0x0012: CX = 0x", 0
rebooting: db "int 0x19", 13, 10, 0
again: db "booted again by int 0x19", 13, 10, 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
