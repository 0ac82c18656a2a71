; lba.asm: a boot sector that checks for the int 0x13 extensions (AH=0x41)
; and loads its second stage with an LBA read (AH=0x42, a disk address
; packet) to 0x07E0:0000; the second stage (stage2.inc) enters protected
; mode. It also asks for the drive's CHS geometry (AH=0x08).
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov ss, ax
    mov sp, 0x7c00
    mov [boot_drive], dl
    mov ah, 0x41
    mov bx, 0x55aa
    int 0x13
    jc .no_ext
    cmp bx, 0xaa55
    jne .no_ext
    mov si, extensions
    call print_boot
    mov ah, 0x08            ; geometry: CH/CL cylinders and sectors, DH heads
    mov dl, [boot_drive]
    int 0x13
    jc .error
    mov [heads], dh
    mov si, dap
    mov ah, 0x42
    mov dl, [boot_drive]
    int 0x13
    jc .error
    cmp word [dap.count], 2
    jne .error
    jmp stage2
.no_ext:
    mov si, no_ext_msg
    call print_boot
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

align 4
dap:
    db 0x10, 0              ; size, reserved
.count:
    dw 2                    ; sectors
    dw 0x0000, 0x07e0       ; offset, segment
    dq 1                    ; first sector (LBA)

boot_drive: db 0
heads: db 0
extensions: db "boot sector: int 0x13 extensions present; loading stage 2 with AH=42 (LBA)", 13, 10, 0
no_ext_msg: db "no int 0x13 extensions", 13, 10, 0
failed: db "disk read failed", 13, 10, 0

    times 510 - ($ - $$) db 0
    dw 0xaa55

%include "stage2.inc"
    times 1536 - ($ - $$) db 0
