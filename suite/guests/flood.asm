; flood: read a decimal number N and print N bytes: byte i is '\n' when
; i mod 32 = 31, else 'a' + i mod 26. Then HC_EXIT.
%include "io.inc"
entry:
    call read_u32
    mov esi, eax                ; bytes left
    xor edi, edi                ; i
.next:
    test esi, esi
    jz .done
    mov eax, edi
    and eax, 31
    cmp eax, 31
    mov bl, 10
    je .put
    mov eax, edi
    xor edx, edx
    mov ecx, 26
    div ecx
    mov bl, dl
    add bl, 'a'
.put:
    call putchar
    inc edi
    dec esi
    jmp .next
.done:
    guest_exit
