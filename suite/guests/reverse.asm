; reverse: print each input line reversed (a last line without '\n' too).
%include "io.inc"
entry:
    xor esi, esi                ; bytes of the current line on the stack
.read:
    call getchar
    cmp al, 0xFF
    je .flush
    cmp al, 10
    je .flush
    push ax
    inc esi
    jmp .read
.flush:
    mov ah, al                  ; remember what ended the line
.pop:
    test esi, esi
    jz .ended
    pop bx
    push ax
    call putchar
    pop ax
    dec esi
    jmp .pop
.ended:
    cmp ah, 0xFF
    je .done
    call newline
    jmp entry
.done:
    guest_exit
