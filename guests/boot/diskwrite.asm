; diskwrite.asm: writes a sector and reads it back: sector 2 (CHS 0/0/3)
; gets a message with int 0x13 AH=0x03, then an LBA read (AH=0x42) brings
; it back to another buffer, which is printed. Whether the write reaches
; the disk's file is the VMM's choice (--disk-write). It also tries a
; read past the end of the disk and prints the error code (AH, with CF).
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov es, ax
    mov [drive], dl
    mov si, message
    mov di, buffer
    mov cx, message_end - message
    rep movsb
    mov ax, 0x0301          ; write 1 sector
    mov cx, 0x0003          ; cylinder 0, sector 3
    xor dh, dh
    mov dl, [drive]
    mov bx, buffer
    int 0x13
    jc .error
    mov si, dap
    mov ah, 0x42
    mov dl, [drive]
    int 0x13
    jc .error
    mov si, readback
    call print
    mov si, buffer2
    call print
    call print_nl
    ; past the end: 0x12345 is far beyond this small disk
    mov dword [dap.lba], 0x12345
    mov si, dap
    mov ah, 0x42
    mov dl, [drive]
    int 0x13
    jnc .error
    mov si, past_end
    call print
    mov dl, ah
    xor dh, dh
    call print_hex
    call print_nl
    ; a drive that is not there
    mov ah, 0x02
    mov al, 1
    mov cx, 1
    xor dh, dh
    mov dl, 0x85
    mov bx, buffer2
    int 0x13
    jnc .error
    mov si, no_drive
    call print
    mov dl, ah
    xor dh, dh
    call print_hex
    call print_nl
    cli
    hlt
.error:
    mov si, failed
    call print
    cli
    hlt

%include "print.inc"

align 4
dap:
    db 0x10, 0
    dw 1
    dw buffer2, 0
.lba:
    dq 2

drive: db 0
message: db "written by the guest", 0
message_end:
readback: db "read back: ", 0
past_end: db "read past the end: AH=0x", 0
no_drive: db "read from drive 0x85: AH=0x", 0
failed: db "unexpected result", 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
    times 2048 - ($ - $$) db 0   ; sectors 1-3: sector 2 is the one written

buffer equ 0x8000
buffer2 equ 0x8400
