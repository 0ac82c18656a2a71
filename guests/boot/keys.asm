; keys.asm: keyboard echo through the BIOS (int 0x16 AH=0x00): printable
; keys are echoed, Enter starts a new line, Backspace rubs out, a control
; key shows as ^X and a key without ASCII (arrows, F-keys, Alt+key) as
; its key word [AX]; Esc ends. It then shows the shift flags (AH=0x02).
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov si, prompt
    call print
.key:
    mov ah, 0x00
    int 0x16
    cmp al, 27
    je .done
    cmp al, 13
    je .enter
    cmp al, 8
    je .backspace
    test al, al
    jz .word
    cmp al, 0xe0
    je .word
    cmp al, 32
    jb .control
    mov ah, 0x0e
    int 0x10
    jmp .key
.enter:
    call print_nl
    jmp .key
.backspace:
    mov ax, 0x0e08
    int 0x10
    mov al, ' '
    int 0x10
    mov al, 8
    int 0x10
    jmp .key
.control:
    push ax
    mov ax, 0x0e5e          ; '^'
    int 0x10
    pop ax
    add al, '@'
    mov ah, 0x0e
    int 0x10
    jmp .key
.word:
    mov dx, ax
    mov ax, 0x0e5b          ; '['
    int 0x10
    call print_hex
    mov al, ']'
    int 0x10
    jmp .key
.done:
    call print_nl
    mov si, shift_msg
    call print
    mov ah, 0x02
    int 0x16
    movzx dx, al
    call print_hex
    call print_nl
    cli
    hlt

%include "print.inc"

prompt: db "Type (Esc ends): ", 0
shift_msg: db "shift flags: 0x", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
