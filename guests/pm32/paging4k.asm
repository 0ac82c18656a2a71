; paging4k.asm: 32-bit paging with 4 KiB pages (`--mode pm32`).
;
; Shows: the classic two-level x86 page tables. One page table (1024
; entries of 4 KiB) maps the first 4 MiB; the page directory points at it
; twice: entry 0 (identity: virtual = physical) and entry 512 (virtual
; 0x80000000, the "higher half" where kernels like to live). After
; CR3 = directory and CR0.PG = 1, a byte written through one address is
; read through the other. Then one page is unmapped (its entry cleared,
; its TLB entry flushed with INVLPG) and touched: the page-fault handler
; reports CR2 (the address) and the error code, and ends the run with
; exit code 14 (#PF). The handler never returns, so this guest needs no
; 32-bit IRET, only 32-bit paging.
;
; Run: mini-kvm --mode pm32 guests/pm32/paging4k.bin
; Output: "paging on", "alias ok", "#PF cr2=80123456 err=00000002".
; End: exit 14. On kvm-pvm the host refuses 32-bit paging (status 108).

bits 32
org 0

%include "abi.inc"

PAGE_DIR    equ 0x200000            ; 4 KiB aligned, inside the 4 MiB of RAM
PAGE_TABLE  equ 0x201000
PRESENT     equ 1
WRITABLE    equ 2
VICTIM      equ 0x123000            ; the page unmapped at the end

start:
    call load_idt
    ; The page table: entry i maps physical i * 4 KiB.
    mov edi, PAGE_TABLE
    mov eax, PRESENT | WRITABLE
    mov ecx, 1024
.fill:
    stosd
    add eax, 4096
    loop .fill
    ; The directory: all empty but entries 0 and 512.
    mov edi, PAGE_DIR
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword [PAGE_DIR + 0 * 4], PAGE_TABLE | PRESENT | WRITABLE
    mov dword [PAGE_DIR + 512 * 4], PAGE_TABLE | PRESENT | WRITABLE
    mov eax, PAGE_DIR
    mov cr3, eax
    mov eax, cr0
    or eax, 0x80000000              ; CR0.PG
    mov cr0, eax
    mov esi, text_on
    call print

    call check_alias

    mov dword [PAGE_TABLE + (VICTIM >> 12) * 4], 0
    invlpg [HIGH + VICTIM]
    mov dword [HIGH + VICTIM + 0x456], 1   ; faults: the page is gone
    mov bl, 1                       ; not reached: the access faults
    jmp exit_code

%include "paging32.inc"

text_on:    db "paging on", 10, 0
