; chs.asm: a boot sector that loads its second stage (sectors 2-3) with
; int 0x13 AH=0x02 (cylinder 0, head 0, sector 2) to 0x7E00 and jumps
; there; the second stage (stage2.inc) enters protected mode.
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    mov [boot_drive], dl
    mov si, loading
    call print_boot
    mov ah, 0x02            ; read sectors
    mov al, 2               ; two of them
    mov ch, 0               ; cylinder 0
    mov cl, 2               ; from sector 2 (sectors count from 1)
    mov dh, 0               ; head 0
    mov dl, [boot_drive]
    mov bx, 0x7e00          ; to ES:BX
    int 0x13
    jc .error
    cmp al, 2
    jne .error
    jmp stage2
.error:
    mov si, failed
    call print_boot
    cli
    hlt

print_boot:
    mov ah, 0x0e
.next:
    lodsb
    test al, al
    jz .done
    int 0x10
    jmp .next
.done:
    ret

boot_drive: db 0
loading: db "boot sector: loading stage 2 with int 0x13 AH=02 (CHS)", 13, 10, 0
failed: db "disk read failed", 13, 10, 0

    times 510 - ($ - $$) db 0
    dw 0xaa55

%include "stage2.inc"
    times 1536 - ($ - $$) db 0
