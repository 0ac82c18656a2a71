; divide.asm: divide by zero in real mode, without installing a handler.
;
; Shows: the interrupt vector table is just memory at address 0, and our
; image is loaded at address 0 too, so whatever our first bytes are, the
; CPU will use them as vectors. DIV by zero raises #DE, vector 0, whose
; IVT entry is bytes 0-3: a 16-bit offset, then a 16-bit segment.
;
; If this guest began with, say, `xor ax, ax; div al` (bytes 31 C0 F6 F0),
; #DE would jump to F0F6:C031 (offset 0xC031, segment 0xF0F6), linear
; address 0xFCF91: zeroed RAM. Bytes 00 00 decode as `add [bx+si], al`, so
; the CPU would run through zeros for ever and the run would time out.
;
; Here the first four bytes are chosen to be both good code and a good
; vector:
;   EB 02    jmp short +2      (skips the next two bytes)
;   00 00    (skipped)
; Read as a vector they are offset 0x02EB, segment 0x0000, so #DE lands at
; 0000:02EB, where we put a handler. No IVT entry was ever written.
;
; In real mode #DE pushes FLAGS, CS and the IP of the DIV itself (a fault,
; not a trap): returning with IRET would divide again, for ever. So the
; handler prints where the fault happened and exits instead.
;
; Output: "divide error at 0000:0008\n". End: `exit 0`.

bits 16
org 0

%include "abi.inc"

    jmp short start             ; EB 02: offset byte 0xEB, 0x02 of vector 0
    dw 0                        ; segment of vector 0
start:
    xor ax, ax                  ; dividend 0 ...
    mov cl, 0                   ; ... divisor 0
    div cl                      ; #DE: vector 0 -> 0000:02EB
    hlt                         ; never reached

    times 0x02EB - ($ - $$) db 0
de_handler:                     ; must be at 0x02EB
    mov dx, HC_PORT
    mov si, message
.next_char:
    lodsb
    test al, al
    jz .where
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.where:
    mov bp, sp                  ; the stack now holds IP, CS, FLAGS
    mov ax, [bp + 2]            ; CS of the faulting instruction
    call print_hex16
    mov bl, ':'
    mov al, HC_PUTCHAR
    out dx, al
    mov ax, [bp]                ; IP of the faulting DIV
    call print_hex16
    mov bl, 10
    mov al, HC_PUTCHAR
    out dx, al
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

; print_hex16: print AX as 4 hex digits. Expects DX = HC_PORT;
; clobbers AX, BX, CX.
print_hex16:
    mov cx, 4
.digit:
    rol ax, 4                   ; the top nibble comes to the bottom
    mov bl, al
    and bl, 0x0F
    add bl, '0'
    cmp bl, '9'
    jbe .print
    add bl, 'A' - '0' - 10
.print:
    push ax
    mov al, HC_PUTCHAR
    out dx, al
    pop ax
    loop .digit
    ret

message:
    db "divide error at ", 0
