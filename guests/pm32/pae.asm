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
HIGH        equ 0x80000000

start:
    lidt [idt_pointer]
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

    mov byte [marker], 'A'
    cmp byte [HIGH + marker], 'A'
    jne .wrong
    mov byte [HIGH + marker], 'B'
    cmp byte [marker], 'B'
    jne .wrong
    mov esi, text_alias
    call print

    and dword [DIR_HIGH + 0 * 8], ~WRITABLE
    invlpg [HIGH + 0x100]
    mov byte [HIGH + 0x100], 1      ; faults: read-only now
.wrong:
    mov esi, text_wrong
    call print
    mov bl, 1
    jmp exit_code

page_fault:
    mov esi, text_pf
    call print
    mov eax, cr2
    call print_hex
    mov esi, text_err
    call print
    pop eax
    call print_hex
    call newline
    mov bl, 14
    jmp exit_code

%include "print32.inc"

text_on:    db "pae on", 10, 0
text_alias: db "alias ok", 10, 0
text_wrong: db "WRONG: the two mappings disagree", 10, 0
text_pf:    db "#PF cr2=", 0
text_err:   db " err=", 0
marker:     db 0

align 8
idt:
    times 14 dq 0
    dw page_fault, 0x08, 0x8E00, 0
idt_end:
idt_pointer:
    dw idt_end - idt - 1
    dd idt
