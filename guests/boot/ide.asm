; ide.asm: a boot sector that drives the primary IDE channel itself, by
; polling with interrupts off (nIEN), as a protected-mode boot loader
; would: the boot sector loads the rest of the program (sectors 1-2) with
; a two-sector READ SECTORS, which then does IDENTIFY on the master
; (model, LBA28 capacity), READ SECTORS by LBA28 and by CHS (sector 3
; holds a marker line), reads the absent slave's status, WRITE SECTORS
; then a read back (sector 4), a read past the end (ERR, IDNF), and a
; soft reset (SRST); then ends through the debug-exit port.
bits 16
org 0x7c00

IDE_DATA    equ 0x1f0
IDE_ERROR   equ 0x1f1
IDE_COUNT   equ 0x1f2
IDE_LBA0    equ 0x1f3
IDE_LBA1    equ 0x1f4
IDE_LBA2    equ 0x1f5
IDE_SELECT  equ 0x1f6
IDE_STATUS  equ 0x1f7
IDE_CONTROL equ 0x3f6
BUF         equ 0x9000      ; past the program (0x7C00-0x81FF)

    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    cld
    mov dx, IDE_CONTROL
    mov al, 0x02            ; nIEN: we poll
    out dx, al
    mov dx, IDE_COUNT       ; sectors 1-2 to 0x7E00
    mov al, 2
    out dx, al
    inc dx
    mov al, 1
    out dx, al
    inc dx
    xor al, al
    out dx, al
    inc dx
    out dx, al
    inc dx
    mov al, 0xe0
    out dx, al
    inc dx
    mov al, 0x20
    out dx, al
    mov di, 0x7e00
    mov bx, 2
.sector:
    in al, dx
    test al, 0x80
    jnz .sector
    test al, 0x08
    jz .load_failed
    mov dx, IDE_DATA
    mov cx, 256
    rep insw
    mov dx, IDE_STATUS
    dec bx
    jnz .sector
    jmp main
.load_failed:
    mov ax, 0x0e21          ; "!"
    int 0x10
    cli
    hlt

    times 510 - ($ - $$) db 0
    dw 0xaa55

main:
    ; IDENTIFY the master
    mov al, 0xe0
    mov cl, 0xec
    call command
    call read_block
    mov si, model
    call print
    mov si, BUF + 27 * 2    ; the model, two characters a word, high byte first
    mov cx, 8
.model:
    lodsw
    xchg al, ah
    push ax
    mov ah, 0x0e
    int 0x10
    pop ax
    mov al, ah
    mov ah, 0x0e
    int 0x10
    loop .model
    mov si, sectors
    call print
    mov dx, [BUF + 61 * 2]
    call print_hex
    mov dx, [BUF + 60 * 2]
    call print_hex
    call print_nl

    ; READ SECTORS, LBA 3
    mov bl, 3
    call setup_lba
    mov al, 0xe0
    mov cl, 0x20
    call command
    call read_block
    mov si, by_lba
    call print
    mov si, BUF
    call print

    ; READ SECTORS, CHS 0/0/4 (the same sector)
    mov di, BUF
    mov cx, 256
    xor ax, ax
    rep stosw
    mov dx, IDE_COUNT
    mov al, 1
    out dx, al
    inc dx
    mov al, 4               ; sector 4 (CHS sectors count from 1)
    out dx, al
    inc dx
    xor al, al              ; cylinder 0
    out dx, al
    inc dx
    out dx, al
    mov al, 0xa0            ; master, CHS, head 0
    mov cl, 0x20
    call command
    call read_block
    mov si, by_chs
    call print
    mov si, BUF
    call print

    ; the slave is absent: its status reads 0
    mov dx, IDE_SELECT
    mov al, 0xf0
    out dx, al
    mov dx, IDE_STATUS
    in al, dx
    movzx dx, al
    mov si, slave
    call print
    call print_hex
    call print_nl

    ; WRITE SECTORS at LBA 4, then read it back
    mov di, BUF
    mov cx, 256
    mov ax, 0xa55a
    rep stosw
    mov bl, 4
    call setup_lba
    mov al, 0xe0
    mov cl, 0x30
    call command
    mov si, BUF
    mov dx, IDE_DATA
    mov cx, 256
    rep outsw
    call wait_ready
    mov di, BUF
    mov cx, 256
    xor ax, ax
    rep stosw
    mov bl, 4
    call setup_lba
    mov al, 0xe0
    mov cl, 0x20
    call command
    call read_block
    mov si, BUF
    mov cx, 256
.check:
    lodsw
    cmp ax, 0xa55a
    jne .bad_write
    loop .check
    mov si, wrote
    call print
    jmp .past_end
.bad_write:
    mov si, write_bad
    call print

    ; a read past the end: ERR, and IDNF in the error register
.past_end:
    mov dx, IDE_LBA2
    mov al, 0xff
    out dx, al
    mov bl, 0xff
    call setup_lba_low
    mov al, 0xef
    mov cl, 0x20
    call command
    call wait_ready
    mov si, past_end
    call print
    mov dx, IDE_STATUS
    in al, dx
    mov ah, al
    mov dx, IDE_ERROR
    in al, dx
    mov dx, ax
    call print_hex
    call print_nl

    ; soft reset: busy while SRST is set, then ready with a disk's signature
    mov dx, IDE_CONTROL
    mov al, 0x06
    out dx, al
    in al, dx
    mov ah, al
    mov al, 0x02
    out dx, al
    in al, dx
    mov dx, ax
    mov si, reset
    call print
    call print_hex
    call print_nl
    xor al, al              ; the end, on either machine (a PC of N vCPUs
    out 0xf4, al            ; halts in KVM): debug-exit code 0, status 1

; setup_lba: count 1, LBA BL (LBA 8-23 zero); setup_lba_low leaves LBA 16-23.
setup_lba:
    mov dx, IDE_LBA2
    xor al, al
    out dx, al
    mov dx, IDE_LBA1
    out dx, al
setup_lba_low:
    mov dx, IDE_COUNT
    mov al, 1
    out dx, al
    mov dx, IDE_LBA0
    mov al, bl
    out dx, al
    ret

; command: select AL, then command CL.
command:
    mov dx, IDE_SELECT
    out dx, al
    mov dx, IDE_STATUS
    mov al, cl
    out dx, al
    ret

; wait_ready: until BSY is clear.
wait_ready:
    mov dx, IDE_STATUS
.poll:
    in al, dx
    test al, 0x80
    jnz .poll
    ret

; read_block: wait for DRQ, take 256 words to BUF.
read_block:
    call wait_ready
    test al, 0x08
    jz .none
    mov di, BUF
    mov dx, IDE_DATA
    mov cx, 256
    rep insw
.none:
    ret

%include "print.inc"

model:     db "IDE model: ", 0
sectors:   db ", sectors 0x", 0
by_lba:    db "LBA 3: ", 0
by_chs:    db "CHS 0/0/4: ", 0
slave:     db "slave status: 0x", 0
wrote:     db "write and read back: ok", 13, 10, 0
write_bad: db "write and read back: DIFFERENT", 13, 10, 0
past_end:  db "past the end: status/error 0x", 0
reset:     db "SRST: status during/after 0x", 0

    times 1536 - ($ - $$) db 0
; sector 3: the marker line
    db "sector 3's marker line", 13, 10, 0
    times 2048 - ($ - $$) db 0
; sector 4: overwritten by the test (in the private copy only)
    times 512 db 0x11
