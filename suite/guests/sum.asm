; sum: read unsigned decimal numbers separated by anything that is not a
; digit; print "count=C sum=S" (sum mod 2^32), then HC_EXIT.
%include "io.inc"
entry:
    xor esi, esi                ; count
    xor ebp, ebp                ; sum
    xor ecx, ecx                ; the number being read
    xor ebx, ebx                ; 1 while inside a number
.read:
    call getchar
    cmp al, '0'
    jb .sep
    cmp al, '9'
    ja .sep
    imul ecx, ecx, 10
    sub al, '0'
    movzx eax, al
    add ecx, eax
    mov ebx, 1
    jmp .read
.sep:
    test ebx, ebx
    jz .next
    add ebp, ecx
    inc esi
    xor ecx, ecx
    xor ebx, ebx
.next:
    cmp al, 0xFF
    jne .read
    mov bl, 'c'
    call putchar
    mov bl, 'o'
    call putchar
    mov bl, 'u'
    call putchar
    mov bl, 'n'
    call putchar
    mov bl, 't'
    call putchar
    mov bl, '='
    call putchar
    mov eax, esi
    call print_u32
    mov bl, ' '
    call putchar
    mov bl, 's'
    call putchar
    mov bl, 'u'
    call putchar
    mov bl, 'm'
    call putchar
    mov bl, '='
    call putchar
    mov eax, ebp
    call print_u32
    call newline
    guest_exit
