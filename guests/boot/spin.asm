; spin.asm: a kernel that never asks for keys: its own IRQ1 handler reads
; port 0x60 and echoes the letters of make codes (row q-p, a-l, z-m of a
; US keyboard), and the main line spins in `jmp $` with interrupts on, as
; tutorial kernels do once set up. Under a script the keys arrive on the
; timer ticks that find it spinning; Esc ends the run.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    cli
    mov word [9 * 4], irq1
    mov word [9 * 4 + 2], 0
    sti
    mov si, ready
.print:
    lodsb
    test al, al
    jz .spin
    mov ah, 0x0e
    int 0x10
    jmp .print
.spin:
    jmp .spin

irq1:
    pusha
    in al, 0x60
    cmp al, 0x01                ; Esc: the end
    je .done
    test al, 0x80               ; a break code: nothing to show
    jnz .eoi
    mov bx, letters
    cmp al, 0x10
    jb .eoi
    cmp al, 0x32
    ja .eoi
    sub al, 0x10
    xlatb
    test al, al
    jz .eoi
    mov ah, 0x0e
    int 0x10
.eoi:
    mov al, 0x20
    out 0x20, al
    popa
    iret
.done:
    cli
    hlt

ready:   db "ready: ", 0
; set-1 make codes 0x10-0x32 to letters (0 where none)
letters: db "qwertyuiop", 0, 0, 0, 0, "asdfghjkl", 0, 0, 0, 0, 0, "zxcvbnm"

    times 510 - ($ - $$) db 0
    dw 0xaa55
