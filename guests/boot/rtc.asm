; rtc.asm: the BIOS's real-time clock and wait. int 0x1A AH=0x02 and
; AH=0x04 read the CMOS clock (2000-01-01 00:00:00 in its first second,
; BCD); AH=0x03 and AH=0x05 set it and are read back at once; a time
; that is not BCD and the alarm (AH=0x06) are refused with CF = 1. int
; 0x15 AH=0x86 waits CX:DX
; microseconds: 300 ms is at least 3 ticks of IRQ0 (18 a second), and a
; wait of 0 returns at once with CF = 0.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov ah, 0x02
    call show_clock
    mov ah, 0x04
    call show_clock
    ; set 12:34:56 and 2026-11-30, read both back
    mov ah, 0x03
    mov cx, 0x1234
    mov dx, 0x5600
    int 0x1a
    mov ah, 0x05
    mov cx, 0x2026
    mov dx, 0x1130
    int 0x1a
    mov ah, 0x02
    call show_clock
    mov ah, 0x04
    call show_clock
    ; 25 o'clock, and the alarm: CF = 1
    mov ah, 0x03
    mov cx, 0x2500
    xor dx, dx
    int 0x1a
    call show_carry
    mov ah, 0x06
    mov cx, 0x0100
    xor dx, dx
    int 0x1a
    call show_carry
    ; int 0x15 AH=0x86: 0 us, then 300000 us (0x493E0) against the ticks
    mov ah, 0x86
    xor cx, cx
    xor dx, dx
    int 0x15
    call show_carry
    xor ah, ah
    int 0x1a
    mov bx, dx
    mov ah, 0x86
    mov cx, 0x0004
    mov dx, 0x93e0
    int 0x15
    call show_carry
    xor ah, ah
    int 0x1a
    sub dx, bx
    mov si, few
    cmp dx, 3
    jb .say
    mov si, enough
.say:
    call print
    call print_nl
    cli
    hlt

; show_clock: int 0x1A with AH as given; prints "CX DX" (or the carry).
show_clock:
    int 0x1a
    jc show_carry
    push dx
    mov dx, cx
    call print_hex
    mov ax, 0x0e20
    int 0x10
    pop dx
    call print_hex
    call print_nl
    ret

; show_carry: "CF=0" or "CF=1".
show_carry:
    mov si, cf0
    jnc .out
    mov si, cf1
.out:
    call print
    call print_nl
    ret

%include "print.inc"

cf0:    db "CF=0", 0
cf1:    db "CF=1", 0
enough: db "waited 3 ticks or more", 0
few:    db "waited less than 3 ticks", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
