; bios.asm: mini-kvm's own small PC BIOS, 64 KiB at F000:0000 (physical
; 0xF0000-0xFFFFF), entered at the reset vector F000:FFF0.
;
; It is thin on purpose: every BIOS call is a stub that saves the caller's
; registers as a frame on the caller's stack, stores the frame's address
; at F000:0000 and writes the interrupt number to the BIOS service port;
; the VMM (vmm/bios.c) reads and rewrites the frame in guest memory, and
; the stub restores the (possibly changed) registers and returns with
; iret. Only IRQ0 (the tick count) and the waiting loop of int 0x16 run
; here alone. docs/BIOS.md lists the calls, docs/ABI.md the frame.
bits 16
cpu 386
org 0

BIOS_PORT       equ 0x508       ; BIOS_SERVICE_PORT in vmm/abi.h
SVC_POST        equ 0xff        ; service numbers other than vectors
PIC_CMD         equ 0x20
PIC_DATA        equ 0x21

; ---- data, at F000:0000 (the VMM reads and writes these) ----
frame_off:      dw 0            ; the caller's frame: SS:SP after the pushes
frame_seg:      dw 0
again:          db 0            ; set by the VMM: nothing yet, wait and ask again
                times 16 - ($ - $$) db 0

; ---- the service stub ----
; Frame at SS:SP, lowest address first (44 bytes):
;   DS, ES, EDI, ESI, EBP, ESP, EBX, EDX, ECX, EAX (pushad), IP, CS, FLAGS
%macro SERVICE 1
    pushad
    push es
    push ds
    mov [cs:frame_off], sp
    mov [cs:frame_seg], ss
    mov al, %1
    mov dx, BIOS_PORT
    out dx, al
    pop ds
    pop es
    popad
%endmacro

; A BIOS call that is all VMM: the stub, then back to the caller.
%macro CALL_STUB 1
int%1_handler:
    SERVICE 0x%1
    iret
%endmacro

CALL_STUB 10
CALL_STUB 11
CALL_STUB 12
CALL_STUB 13
CALL_STUB 1a

; int 0x16: the VMM answers, or sets `again` when the keyboard buffer is
; empty and a key may still come: then wait for an interrupt and ask again.
int16_handler:
    SERVICE 0x16
    cmp byte [cs:again], 0
    jne .wait
    iret
.wait:
    sti
    hlt
    cli
    jmp int16_handler

; int 0x15: `again` means a wait (AH=0x86) is not over (the VMM has
; slept part of it): ask again with interrupts on, so that the exit of
; the next call lets a pending IRQ0 in and the ticks keep counting.
int15_handler:
    SERVICE 0x15
    cmp byte [cs:again], 0
    jne .wait
    iret
.wait:
    sti
    jmp int15_handler

; IRQ1: one byte from the keyboard controller; the VMM turns the scan
; code into a key in the buffer at 0040:001E and the shift flags.
int09_handler:
    push ax
    in al, 0x60             ; the frame's AL: the scan code
    SERVICE 0x09
    mov al, 0x20
    out PIC_CMD, al
    pop ax
    iret

; IRQ0: the tick count at 0040:006C (midnight after 0x1800B0 ticks), then
; the user's hook int 0x1C.
int08_handler:
    push ds
    push eax
    xor ax, ax
    mov ds, ax
    inc dword [0x46c]
    cmp dword [0x46c], 0x1800b0
    jb .hook
    mov dword [0x46c], 0
    mov byte [0x470], 1
.hook:
    int 0x1c
    mov al, 0x20
    out PIC_CMD, al
    pop eax
    pop ds
    iret

; int 0x19: load the boot sector again and enter it.
int19_handler:
    SERVICE 0x19            ; loads sector 0 of the boot drive at 0x7C00
    jmp boot

; Every other vector, and the hardware IRQs 2-7: return.
irq_master:
    push ax
    mov al, 0x20
    out PIC_CMD, al
    pop ax
unused:
    iret

; ---- power-on ----
post:
    cli
    cld
    xor ax, ax
    mov ss, ax
    mov sp, 0x7c00
    mov es, ax
    ; the IVT: every vector returns, then the ones we serve
    xor di, di
    mov cx, 256
.fill:
    mov word [es:di], unused
    mov word [es:di + 2], cs
    add di, 4
    loop .fill
    mov si, vectors
.set:
    mov al, [cs:si]
    cmp al, 0xff
    je .pic
    movzx di, al
    shl di, 2
    mov ax, [cs:si + 1]
    mov [es:di], ax
    add si, 3
    jmp .set
.pic:
    ; IRQ0 (timer) and IRQ1 (keyboard) unmasked, vectors 8-15
    mov al, 0xfc
    out PIC_DATA, al
    sub sp, 6               ; where `int` would have put IP, CS, FLAGS: the frame is whole
    SERVICE SVC_POST        ; BDA, screen, boot sector at 0x7C00
boot:
    cli
    xor ax, ax
    mov ss, ax
    mov sp, 0x7c00
    mov ds, ax
    mov es, ax
    mov dl, [cs:boot_drive]
    xor bx, bx
    xor cx, cx
    xor si, si
    xor di, di
    xor bp, bp
    sti                     ; as a PC boots: interrupts on
    jmp 0x0000:0x7c00

boot_drive:     db 0x80         ; the VMM may change it

vectors:
    db 0x08
    dw int08_handler
    db 0x09
    dw int09_handler
    db 0x0a
    dw irq_master
    db 0x0b
    dw irq_master
    db 0x0c
    dw irq_master
    db 0x0d
    dw irq_master
    db 0x0e
    dw irq_master
    db 0x0f
    dw irq_master
    db 0x10
    dw int10_handler
    db 0x11
    dw int11_handler
    db 0x12
    dw int12_handler
    db 0x13
    dw int13_handler
    db 0x15
    dw int15_handler
    db 0x16
    dw int16_handler
    db 0x19
    dw int19_handler
    db 0x1a
    dw int1a_handler
    db 0xff

; ---- the reset vector ----
    times 0xfff0 - ($ - $$) db 0
reset:
    jmp 0xf000:post
    db "11/30/26"           ; the BIOS date at F000:FFF5
    times 0xfffe - ($ - $$) db 0
    db 0xfc                 ; model byte: AT
    db 0
