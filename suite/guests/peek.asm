; peek: read a command from the input, 'r' or 'w' followed by a decimal
; physical address; read (r) or write (w) one byte there, then print "ok"
; and exit 0. An address at or above the end of RAM is an MMIO exit, which
; the VMM reports as a guest fault naming the address.
%include "io.inc"
entry:
    call getchar
    mov [command], al
    call read_u32
%if BITS == 16
    mov ebx, eax                ; real mode: segment = address / 16
    shr ebx, 4
    mov es, bx
    and ax, 0x0F
    mov si, ax
    cmp byte [command], 'w'
    je .write
    mov al, [es:si]
    jmp .done
.write:
    mov byte [es:si], 0x5A
%else
    cmp byte [command], 'w'
    je .write
    mov al, [eax]
    jmp .done
.write:
    mov byte [eax], 0x5A
%endif
.done:
    mov bl, 'o'
    call putchar
    mov bl, 'k'
    call putchar
    call newline
    guest_exit

command: db 0
