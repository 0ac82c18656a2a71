; triple.asm: a deliberate triple fault.
;
; Shows: what happens when the CPU cannot deliver an exception at all.
;   1. Switch to 32-bit protected mode (as in pm32.asm).
;   2. LIDT with a limit of 0: an IDT that holds no usable entry.
;   3. UD2, an instruction that is defined to be invalid: #UD (vector 6).
; The CPU looks up vector 6, finds it beyond the IDT limit and raises #GP;
; #GP is beyond the limit too, so it raises a double fault (#DF); that is
; beyond the limit as well, and a fault while delivering #DF is a triple
; fault: the CPU shuts down. On a PC that resets the machine; KVM reports
; KVM_EXIT_SHUTDOWN, and mini-kvm ends the guest with status 104.
;
; Why not stay in real mode? A real CPU checks the IDTR limit in real mode
; too, but where KVM emulates real mode (as on the kvm-pvm hosts this
; project is tested on) the limit is not checked: tried there, LIDT with
; limit 0 and UD2 in real mode simply jumps through IVT entry 6 and runs
; whatever it points to. Protected mode behaves the same everywhere.
;
; Output: "about to triple fault\n".
; End: `fault triple-fault`, status 104.

bits 16
org 0

%include "abi.inc"

start:
    mov si, message             ; say what is about to happen (real mode)
    mov dx, HC_PORT
.next_char:
    lodsb
    test al, al
    jz .switch
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next_char

.switch:
    cli
    lgdt [gdt_descriptor]
    mov eax, cr0
    or eax, 1
    mov cr0, eax
    jmp dword 0x08:pm_entry

bits 32
pm_entry:
    mov ax, 0x10
    mov ds, ax
    mov ss, ax
    mov esp, 0x80000
    lidt [empty_idt]            ; an IDT with limit 0: no entry fits
    ud2                         ; #UD -> #GP -> #DF -> triple fault
    hlt                         ; never reached

message:
    db "about to triple fault", 10, 0

align 8
gdt:
    dq 0                        ; null
    dq 0x00CF9A000000FFFF       ; 0x08: flat 32-bit code
    dq 0x00CF92000000FFFF       ; 0x10: flat data
gdt_end:

gdt_descriptor:
    dw gdt_end - gdt - 1
    dd gdt

empty_idt:
    dw 0                        ; limit 0
    dd 0                        ; base (irrelevant)
