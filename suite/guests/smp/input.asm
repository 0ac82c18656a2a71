; smp/input.asm (flat, pm32, run with --smp 2): two vCPUs of one guest read
; the same scripted input. The boot CPU starts the AP (INIT + SIPI through
; its local APIC), then both loop: HC_GETCHAR, and print each key they get
; with HC_PUTCHAR into their own output stream, until the input ends
; (0xFF). The AP then sets a flag in shared RAM; the boot CPU waits for it
; and exits. Every key of the script must appear exactly once in the two
; streams together: the keyboard and its input cursor belong to the guest.
; Built by suite/test_guest_shape.py: nasm -f bin.
bits 32
org 0
HC_PORT     equ 0x500
LAPIC       equ 0xfee00000
AP_DONE     equ 0x3000

bsp:
    or dword [LAPIC + 0xf0], 0x100          ; enable the local APIC (SVR)
    mov dword [LAPIC + 0x310], 0x01000000   ; ICR high: APIC ID 1
    mov dword [LAPIC + 0x300], 0x00004500   ; INIT
    mov dword [LAPIC + 0x300], 0x00004601   ; SIPI, vector 1: the AP starts at 0x1000
    mov dx, HC_PORT
.next:
    mov al, 2                               ; HC_GETCHAR
    out dx, al
    in al, dx
    cmp al, 0xff
    je .wait_ap
    mov bl, al
    mov al, 1                               ; HC_PUTCHAR
    out dx, al
    jmp .next
.wait_ap:
    cmp byte [AP_DONE], 1
    jne .wait_ap
    mov al, 0                               ; HC_EXIT
    out dx, al
    jmp $

    times 0x1000 - ($ - $$) db 0
bits 16
ap:                                         ; real mode, CS = 0x100
    xor ax, ax
    mov ds, ax
    mov dx, HC_PORT
.next:
    mov al, 2
    out dx, al
    in al, dx
    cmp al, 0xff
    je .done
    mov bl, al
    mov al, 1
    out dx, al
    jmp .next
.done:
    mov byte [AP_DONE], 1
.halt:
    cli
    hlt
    jmp .halt
