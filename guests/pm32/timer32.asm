; timer32.asm: 5 timer interrupts in 32-bit protected mode (`--mode pm32`).
;
; Shows: the protected-mode version of real/timer.asm. Instead of the IVT
; there is an Interrupt Descriptor Table (IDT) of 8-byte gates, loaded with
; LIDT. In pm32 the VMM's PIC delivers the timer (IRQ0) at vector 0x20.
; The handler ends with IRETD.
;
; Run: mini-kvm --mode pm32 guests/pm32/timer32.bin
; Output: "tick 1\n" ... "tick 5\n". End: `exit 0`.
;
; NOTE: on a kvm-pvm host (see HOST.md) 32-bit IRET cannot be emulated:
; the first IRETD ends the run with a host-refused error (status 108), so
; the suite runs this scenario only where `--host-check` reports pm32-iret.

bits 32
org 0

%include "abi.inc"

TICKS equ 5

start:
    lidt [idt_pointer]
    mov al, 0xFE                ; PIC mask: keyboard off, timer on
    out PIC_DATA, al
.wait:
    sti
    hlt                         ; sleep until a tick; the handler prints
    cmp byte [ticks], TICKS
    jb .wait
    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

timer_handler:
    pushad                      ; save all general registers
    cmp byte [ticks], TICKS
    jae .eoi
    inc byte [ticks]
    mov dx, HC_PORT
    mov esi, tick_text
.next_char:
    lodsb
    test al, al
    jz .number
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.number:
    mov bl, [ticks]
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    mov bl, 10
    out dx, al
.eoi:
    mov al, PIC_EOI
    out PIC_CMD, al
    popad
    iretd                       ; pops EIP, CS, EFLAGS

ticks:      db 0
tick_text:  db "tick ", 0

; The IDT: vectors 0x00-0x1F (exceptions) are left empty ("not present"),
; vector 0x20 is an interrupt gate to timer_handler. A 32-bit interrupt
; gate: offset bits 0-15, code selector, 0x8E00 (present, ring 0, type
; 0xE = 32-bit interrupt gate, which also clears IF), offset bits 16-31.
align 8
idt:
    times VEC_TIMER_PM dq 0
    dw timer_handler, 0x08, 0x8E00, 0   ; our code is below 64 KiB
idt_end:

idt_pointer:
    dw idt_end - idt - 1
    dd idt
