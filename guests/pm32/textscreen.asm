; textscreen.asm: a pm32 guest (no BIOS) that writes two lines straight
; into the text screen at 0xB8000, white on blue, and halts. With
; --screen-record the transcript shows them.
bits 32
org 0

    mov esi, line1
    mov edi, 0xb8000
    call put
    mov esi, line2
    mov edi, 0xb8000 + 2 * 160 + 2 * 10    ; row 2, column 10
    call put
    hlt

put:
    lodsb
    test al, al
    jz .done
    mov ah, 0x1f
    stosw
    jmp put
.done:
    ret

line1: db "written to 0xB8000 in 32-bit protected mode", 0
line2: db "row 2, column 10", 0
