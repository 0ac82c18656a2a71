; timer.asm: take 5 timer interrupts with a handler of our own.
;
; Shows: how a real-mode guest handles a hardware interrupt.
;   - The interrupt vector table (IVT) is at address 0: entry N is 4 bytes,
;     offset then segment, at N*4. The timer is IRQ0 = vector 8, so its
;     entry is at 0x20-0x23.
;   - Our image is loaded at address 0 too, so the first bytes of the code
;     ARE the IVT. We jump over a padded area and keep 0x00-0x3F for
;     vectors 0-15, then write the timer's entry at run time.
;   - STI; HLT: sleep until the next interrupt. STI takes effect only after
;     the following instruction, so no tick can slip in between the two and
;     leave us asleep.
;   - The handler runs with IF = 0, saves what it touches, sends an EOI to
;     the PIC, and returns with IRET.
; The handler prints the tick number itself, so the output does not depend
; on when ticks arrive: it is always the same five lines.
;
; Output: "tick 1\n" ... "tick 5\n". End: `exit 0`.
; With --timer-hz 0 no tick ever comes: the first STI; HLT can never wake,
; so the VMM ends the vCPU (`halt`, status 0) with no output.

bits 16
org 0

%include "abi.inc"

TICKS equ 5                 ; how many ticks to count

    jmp short main
    times 0x40 - ($ - $$) db 0  ; room for IVT entries 0-15

main:
    ; IVT[8] = 0000:timer_handler (CS = DS = 0 here).
    mov word [VEC_TIMER_REAL*4], timer_handler      ; offset
    mov word [VEC_TIMER_REAL*4 + 2], 0              ; segment

    ; Mask the keyboard (IRQ1) at the PIC: we have no handler for it.
    ; Mask bit set = IRQ blocked; bit 0 (timer) stays clear.
    mov al, 0xFE
    out PIC_DATA, al

.wait:
    sti                     ; interrupts on...
    hlt                     ; ...and sleep; the handler runs, then we go on
    cmp byte [ticks], TICKS
    jb .wait

    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached

; The IRQ0 handler: count the tick and print "tick N".
timer_handler:
    push ax
    push bx
    push dx
    push si
    cmp byte [ticks], TICKS ; a tick after the last: count nothing more
    jae .eoi
    inc byte [ticks]

    mov dx, HC_PORT
    mov si, tick_text
.next_char:
    lodsb
    test al, al
    jz .number
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.number:
    mov bl, [ticks]         ; 1..5: one digit
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    mov bl, 10
    out dx, al              ; AL is still HC_PUTCHAR

.eoi:
    mov al, PIC_EOI         ; tell the PIC we are done with this IRQ
    out PIC_CMD, al
    pop si
    pop dx
    pop bx
    pop ax
    iret                    ; pops IP, CS and FLAGS (so IF = 1 again)

ticks:      db 0
tick_text:  db "tick ", 0
