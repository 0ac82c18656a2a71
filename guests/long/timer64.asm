; timer64.asm: 5 timer interrupts in 64-bit long mode (`--mode long`).
;
; Shows: the long-mode IDT. Its gates are 16 bytes (the handler address is
; 64-bit); the handler ends with IRETQ, which pops RIP, CS, RFLAGS, RSP and
; SS. The VMM's PIC delivers the timer (IRQ0) at vector 0x20.
;
; Run: mini-kvm --mode long guests/long/timer64.bin
; Output: "tick 1\n" ... "tick 5\n". End: `exit 0`.

bits 64
org 0

%include "abi.inc"

TICKS equ 5

start:
    lidt [rel idt_pointer]
    mov al, 0xFE                ; PIC mask: keyboard off, timer on
    out PIC_DATA, al
.wait:
    sti
    hlt                         ; sleep until a tick; the handler prints
    cmp byte [rel ticks], TICKS
    jb .wait
    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

timer_handler:
    push rax
    push rbx
    push rdx
    push rsi
    cmp byte [rel ticks], TICKS
    jae .eoi
    inc byte [rel ticks]
    mov dx, HC_PORT
    lea rsi, [rel tick_text]
.next_char:
    lodsb
    test al, al
    jz .number
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.number:
    mov bl, [rel ticks]
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    mov bl, 10
    out dx, al
.eoi:
    mov al, PIC_EOI
    out PIC_CMD, al
    pop rsi
    pop rdx
    pop rbx
    pop rax
    iretq

ticks:      db 0
tick_text:  db "tick ", 0

; The IDT: vectors 0x00-0x1F left empty, 0x20 = interrupt gate to
; timer_handler. A 64-bit gate: offset 0-15, selector, IST (0) and type
; 0x8E (present, ring 0, 64-bit interrupt gate), offset 16-31, offset
; 32-63, reserved.
align 16
idt:
    times VEC_TIMER_PM dq 0, 0
    dw timer_handler, 0x08
    db 0, 0x8E
    dw 0                        ; offset 16-31 (our code is below 64 KiB)
    dd 0                        ; offset 32-63
    dd 0                        ; reserved
idt_end:

idt_pointer:
    dw idt_end - idt - 1
    dq idt
