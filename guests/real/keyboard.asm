; keyboard.asm: echo keys from the keyboard interrupt until a '.'.
;
; Shows: interrupt-driven input. The keyboard is IRQ1 = real-mode vector 9
; (IVT entry at 0x24). When a key is waiting the VMM raises IRQ1; the
; handler reads the key from port 0x60 (plain ASCII) and prints it.
; The image starts with a jump over a padded area so the IVT entries we
; write do not overwrite our own code (see timer.asm).
;
; How it ends:
;   - on a '.': the handler sets a flag, the main loop sees it and exits;
;   - when the input has ended: the main loop sleeps in STI; HLT, the timer
;     is masked and no key can come any more, so no interrupt is possible.
;     docs/ABI.md says the VMM then ends the vCPU (`halt`, status 0). The
;     guest does not need to detect the end itself.
;
; Output: the input up to and including the first '.', or all of it.
; End: `exit 0` after a '.', `halt` when the input ends first.

bits 16
org 0

%include "abi.inc"

    jmp short main
    times 0x40 - ($ - $$) db 0  ; room for IVT entries 0-15

main:
    ; IVT[9] = 0000:kbd_handler
    mov word [VEC_KBD_REAL*4], kbd_handler
    mov word [VEC_KBD_REAL*4 + 2], 0

    ; Mask the timer (IRQ0, bit 0) at the PIC, leave the keyboard (bit 1)
    ; on. Without this the timer would keep waking us (and would need a
    ; handler of its own).
    mov al, 0x01
    out PIC_DATA, al

.wait:
    sti
    hlt                     ; sleep until a key arrives
    cmp byte [done], 0
    je .wait

    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt                     ; never reached

; The IRQ1 handler: read the key and echo it; remember a '.'.
kbd_handler:
    push ax
    push bx
    push dx
    in al, KBD_DATA         ; the key; this also empties the data port
    cmp byte [done], 0      ; after the '.', ignore further keys
    jne .eoi
    mov bl, al
    mov dx, HC_PORT
    mov al, HC_PUTCHAR
    out dx, al
    cmp bl, '.'
    jne .eoi
    mov byte [done], 1
.eoi:
    mov al, PIC_EOI
    out PIC_CMD, al
    pop dx
    pop bx
    pop ax
    iret

done: db 0                  ; set to 1 by the handler on '.'
