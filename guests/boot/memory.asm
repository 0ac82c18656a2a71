; memory.asm: what the BIOS says about memory: the E820 map (int 0x15
; EAX=0xE820, one entry a call until EBX comes back 0), conventional
; memory (int 0x12), extended memory (int 0x15 AH=0x88, AX=0xE801).
bits 16
org 0x7c00

    xor ax, ax
    mov ds, ax
    mov es, ax
    mov si, e820_title
    call print
    call print_nl
    xor ebx, ebx
.entry:
    mov eax, 0xe820
    mov edx, 0x534d4150     ; 'SMAP'
    mov ecx, 20
    mov di, entry
    int 0x15
    jc .done
    cmp eax, 0x534d4150
    jne .done
    push ebx
    mov si, entry + 4       ; base: high word first
    call print_qword
    mov ax, 0x0e20
    int 0x10
    mov si, entry + 12      ; length
    call print_qword
    mov si, type_msg
    call print
    mov dx, [entry + 16]
    call print_hex
    call print_nl
    pop ebx
    test ebx, ebx
    jnz .entry
.done:
    mov si, int12_msg
    call print
    int 0x12
    mov dx, ax
    call print_hex
    call print_nl
    mov si, int88_msg
    call print
    mov ah, 0x88
    int 0x15
    mov dx, ax
    call print_hex
    call print_nl
    mov si, e801_msg
    call print
    mov ax, 0xe801
    int 0x15
    mov dx, ax
    call print_hex
    mov ax, 0x0e20
    int 0x10
    mov dx, bx
    call print_hex
    call print_nl
    cli
    hlt

; print_qword: the 8-byte value ending at SI+4 (SI points at its high
; dword's low word, so the words go SI+2, SI, SI-2, SI-4).
print_qword:
    mov dx, [si + 2]
    call print_hex
    mov dx, [si]
    call print_hex
    mov dx, [si - 2]
    call print_hex
    mov dx, [si - 4]
    call print_hex
    ret

%include "print.inc"

e820_title: db "E820 map (base, length, type):", 0
type_msg: db " type ", 0
int12_msg: db "int 0x12: KiB below 640K = 0x", 0
int88_msg: db "int 0x15 AH=88: KiB above 1M = 0x", 0
e801_msg: db "int 0x15 AX=E801: 0x", 0
align 4
entry: times 20 db 0

    times 510 - ($ - $$) db 0
    dw 0xaa55
