; pae.asm: 32-bit PAE paging (`--mode pm32`).
;
; Shows: Physical Address Extension: three levels of 64-bit entries. CR3
; points at a 4-entry page-directory-pointer table (PDPT), each entry a
; page directory for 1 GiB; with PS set, a directory entry maps 2 MiB.
; PDPT[0] identity-maps the first 4 MiB (two 2 MiB pages), PDPT[2]
; (virtual 0x80000000) maps the same 4 MiB through a second directory.
; Then a write to a read-only page: the
; second directory's entry is made read-only and CR0.WP set, so a ring-0
; write through it takes a page fault with error code 3 (present, write).
; The handler never returns (no 32-bit IRET needed).
;
; Run: mini-kvm --mode pm32 guests/pm32/pae.bin
; Output: "pae on", "alias ok", "#PF cr2=80000100 err=00000003". End: exit 14.

bits 32
org 0

%include "abi.inc"

PDPT        equ 0x200000            ; 32-byte aligned
DIR_LOW     equ 0x201000
DIR_HIGH    equ 0x202000
PRESENT     equ 1
WRITABLE    equ 2
LARGE       equ 0x80                ; PS: a 2 MiB page

start:
    call load_idt
    mov edi, PDPT
    xor eax, eax
    mov ecx, 3 * 1024               ; the PDPT's page and both directories
    rep stosd
    ; PDPT entries have no writable bit: only present.
    mov dword [PDPT + 0 * 8], DIR_LOW | PRESENT
    mov dword [PDPT + 2 * 8], DIR_HIGH | PRESENT
    mov dword [DIR_LOW + 0 * 8], 0x000000 | LARGE | PRESENT | WRITABLE
    mov dword [DIR_LOW + 1 * 8], 0x200000 | LARGE | PRESENT | WRITABLE
    mov dword [DIR_HIGH + 0 * 8], 0x000000 | LARGE | PRESENT | WRITABLE
    mov dword [DIR_HIGH + 1 * 8], 0x200000 | LARGE | PRESENT | WRITABLE
    mov eax, cr4
    or eax, 0x20                    ; CR4.PAE
    mov cr4, eax
    mov eax, PDPT
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80010000              ; CR0.PG, and CR0.WP: ring 0 obeys read-only
    mov cr0, eax
    mov esi, text_on
    call print

    call check_alias

    and dword [DIR_HIGH + 0 * 8], ~WRITABLE
    invlpg [HIGH + 0x100]
    mov byte [HIGH + 0x100], 1      ; faults: read-only now
    mov bl, 1                       ; not reached: the access faults
    jmp exit_code

%include "paging32.inc"

text_on:    db "pae on", 10, 0
