; sti-loop.asm: an endless loop with interrupts on and the timer running.
;
; Shows: a busy guest that keeps taking timer interrupts. Unlike HLT, a
; JMP $ never sleeps, so the vCPU is always running; each tick (100 Hz by
; default) stops it briefly to run our do-nothing handler. The run only
; ends when the VMM stops it (`--timeout`, status 106).
;
; The handler matters: without one, IRQ0 would jump through IVT entry 8,
; which would hold whatever bytes happen to be at 0x20 (here zeros, so
; 0000:0000, the start of our own code).
;
; Output: nothing. End: `timeout`.

bits 16
org 0

%include "abi.inc"

    jmp short main
    times 0x40 - ($ - $$) db 0  ; room for IVT entries 0-15

main:
    mov word [VEC_TIMER_REAL*4], timer_handler
    mov word [VEC_TIMER_REAL*4 + 2], 0
    mov al, 0xFE                ; PIC mask: keyboard off, timer on
    out PIC_DATA, al
    sti
    jmp $                       ; spin forever, interrupts on

timer_handler:
    push ax
    mov al, PIC_EOI
    out PIC_CMD, al
    pop ax
    iret
