; pm32.asm: switch from real mode to 32-bit protected mode by hand.
;
; Shows the classic four steps, the way a boot loader does them:
;   1. CLI: no interrupts while we change modes (we have no IDT for PM).
;   2. LGDT: tell the CPU where our Global Descriptor Table is. It has a
;      null descriptor, a flat 4 GiB code segment (selector 0x08) and a
;      flat 4 GiB data segment (selector 0x10).
;   3. Set CR0.PE (bit 0): protected mode is on, but CS still holds a
;      real-mode segment...
;   4. ...until a far JMP loads CS with selector 0x08, a 32-bit code
;      segment. From here on the CPU decodes 32-bit instructions.
; Then the data segment registers and the stack are loaded, and the
; 32-bit code prints with the same OUT-based hypercalls.
;
; Output: "Hello from protected mode\n". End: `exit 0`.
; (The VMM's transcript still says "mode real": that is how it was entered.)

bits 16
org 0

%include "abi.inc"

CODE_SEL equ gdt.code - gdt     ; 0x08
DATA_SEL equ gdt.data - gdt     ; 0x10

start:
    cli                         ; 1.
    lgdt [gdt_descriptor]       ; 2.
    mov eax, cr0
    or eax, 1                   ; 3. CR0.PE = 1
    mov cr0, eax
    jmp dword CODE_SEL:pm_entry ; 4. far jump: CS = 0x08, EIP = pm_entry

bits 32
pm_entry:
    mov ax, DATA_SEL            ; flat data segments everywhere
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    mov ss, ax
    mov esp, 0x80000            ; a stack in free RAM (not used here)

    mov esi, message
    mov dx, HC_PORT
.next_char:
    lodsb                       ; now AL = [DS:ESI], ESI = ESI + 1
    test al, al
    jz .done
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char
.done:
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

message:
    db "Hello from protected mode", 10, 0

; The GDT: 8 bytes per descriptor. Both segments: base 0, limit 0xFFFFF
; in 4 KiB units (= 4 GiB), present, ring 0. 0x9A = code, readable;
; 0x92 = data, writable; flags 0xC = 4 KiB granularity, 32-bit.
align 8
gdt:
.null:  dq 0                    ; the CPU requires entry 0 to be null
.code:  dq 0x00CF9A000000FFFF
.data:  dq 0x00CF92000000FFFF
.end:

gdt_descriptor:                 ; what LGDT reads: limit, then base
    dw gdt.end - gdt - 1
    dd gdt
