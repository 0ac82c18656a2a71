; wc: print "LINES WORDS BYTES" for the input, like wc(1): lines are '\n'
; bytes, words are runs of bytes other than space, \t, \n, \v, \f, \r.
%include "io.inc"
entry:
    xor esi, esi                ; lines
    xor edi, edi                ; words
    xor ebp, ebp                ; bytes
    xor ecx, ecx                ; 1 while inside a word
.read:
    call getchar
    cmp al, 0xFF
    je .report
    inc ebp
    cmp al, 10
    jne .notnl
    inc esi
.notnl:
    cmp al, ' '
    je .space
    cmp al, 9
    jb .nonspace
    cmp al, 13
    jbe .space
.nonspace:
    test ecx, ecx
    jnz .read
    mov ecx, 1
    inc edi
    jmp .read
.space:
    xor ecx, ecx
    jmp .read
.report:
    push di                     ; print_u32 clobbers EDI: keep words
    mov eax, esi
    call print_u32
    mov bl, ' '
    call putchar
    pop ax
    movzx eax, ax
    call print_u32
    mov bl, ' '
    call putchar
    mov eax, ebp
    call print_u32
    call newline
    guest_exit
