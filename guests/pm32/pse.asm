; pse.asm: 32-bit paging with 4 MiB pages (PSE) (`--mode pm32`).
;
; Shows: with CR4.PSE set, a page-directory entry with bit 7 (PS) maps a
; whole 4 MiB page and needs no page table: the layout xv6 and the seed's
; 1K OS use for the kernel. Entry 0 maps virtual 0 (identity) and entry
; 512 maps virtual 0x80000000, both to physical 0. A byte written through
; one is read through the other; then entry 512 is cleared, the TLB
; flushed (reloading CR3), and a read through it takes a page fault
; (error code 0: not present, read, ring 0). The handler never returns
; (no 32-bit IRET needed).
;
; Run: mini-kvm --mode pm32 guests/pm32/pse.bin
; Output: "pse on", "alias ok", "#PF cr2=80001234 err=00000000". End: exit 14.

bits 32
org 0

%include "abi.inc"

PAGE_DIR    equ 0x200000
PRESENT     equ 1
WRITABLE    equ 2
LARGE       equ 0x80                ; PS: this entry maps a 4 MiB page

start:
    call load_idt
    mov edi, PAGE_DIR
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword [PAGE_DIR + 0 * 4], 0 | LARGE | PRESENT | WRITABLE
    mov dword [PAGE_DIR + 512 * 4], 0 | LARGE | PRESENT | WRITABLE
    mov eax, cr4
    or eax, 0x10                    ; CR4.PSE
    mov cr4, eax
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000              ; CR0.PG
    mov cr0, eax
    mov esi, text_on
    call print

    call check_alias

    mov dword [PAGE_DIR + 512 * 4], 0
    mov eax, cr3                    ; reloading CR3 flushes the TLB
    mov cr3, eax
    mov eax, [HIGH + 0x1234]        ; faults: nothing maps it now
    mov bl, 1                       ; not reached: the access faults
    jmp exit_code

%include "paging32.inc"

text_on:    db "pse on", 10, 0
