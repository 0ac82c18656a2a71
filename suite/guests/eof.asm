; eof: count the input bytes until HC_GETCHAR returns 0xFF, then ask 3
; more times and print "N ok" if every answer is 0xFF again, else "N !".
%include "io.inc"
entry:
    xor esi, esi
.read:
    call getchar
    cmp al, 0xFF
    je .eof
    inc esi
    jmp .read
.eof:
    mov eax, esi
    call print_u32
    mov ecx, 3
    xor ebp, ebp
.again:
    push cx
    call getchar
    pop cx
    cmp al, 0xFF
    je .same
    inc ebp
.same:
    dec ecx
    jnz .again
    mov bl, ' '
    call putchar
    test ebp, ebp
    jnz .lost
    mov bl, 'o'
    call putchar
    mov bl, 'k'
    call putchar
    jmp .end
.lost:
    mov bl, '!'
    call putchar
.end:
    call newline
    guest_exit
