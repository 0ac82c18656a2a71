; qemu_sieve.asm: the compute benchmark as a QEMU boot sector. From real
; mode it builds identity page tables (first 1 GiB, 2 MiB pages, user-
; accessible, as mini-kvm's), enters long mode, loads a GDT laid out like
; mini-kvm's, drops to ring 3 with IOPL 3 and runs sieve_user.inc; the
; result leaves through the isa-debug-exit port at 0xf4, so QEMU's exit
; status is 41 * 2 + 1 = 83.
bits 16
org 0x7c00

PML4 equ 0x1000
PDPT equ 0x2000
PD   equ 0x3000
DEBUG_EXIT equ 0xf4
USER_DS    equ 0x18 | 3
USER_CS    equ 0x20 | 3
USER_STACK equ 0x80000

%macro GUEST_EXIT 0
    mov al, bl
    out DEBUG_EXIT, al
    jmp $
%endmacro

    cli
    xor ax, ax
    mov ds, ax
    mov es, ax
    mov ss, ax
    mov sp, 0x7c00
    in al, 0x92                 ; A20 on (the sieve lives above 1 MiB)
    or al, 2
    out 0x92, al
    mov di, PML4                ; zero the three tables
    mov cx, 3 * 4096 / 4
    xor eax, eax
    rep stosd
    mov dword [PML4], PDPT | 7
    mov dword [PDPT], PD | 7
    mov di, PD
    mov eax, 0x87               ; present, writable, user, 2 MiB
    mov cx, 512
.pde:
    mov [di], eax
    add eax, 0x200000
    add di, 8
    loop .pde
    mov eax, PML4
    mov cr3, eax
    mov eax, cr4
    or eax, 0x20 | 0x200 | 0x400   ; PAE, OSFXSR, OSXMMEXCPT
    mov cr4, eax
    mov ecx, 0xc0000080         ; EFER.LME
    rdmsr
    or eax, 0x100
    wrmsr
    mov eax, cr0
    or eax, 0x80000001          ; PG, PE
    mov cr0, eax
    lgdt [gdt_pointer]
    jmp 0x08:long_mode

bits 64
long_mode:
    mov ax, 0x10
    mov ds, ax
    mov es, ax
    mov ss, ax
    push USER_DS
    push USER_STACK
    push 0x3002                 ; IOPL 3
    push USER_CS
    lea rax, [rel sieve_user]
    push rax
    iretq

align 8
gdt:
    dq 0
    dq 0x00af9a000000ffff       ; 0x08 kernel code, 64-bit
    dq 0x00cf92000000ffff       ; 0x10 kernel data
    dq 0x00cff2000000ffff       ; 0x18 user data
    dq 0x00affa000000ffff       ; 0x20 user code, 64-bit
gdt_pointer:
    dw gdt_pointer - gdt - 1
    dd gdt

%include "count.inc"
    BENCH_COUNT rounds, 10
%include "sieve_user.inc"

    times 510 - ($ - $$) db 0
    dw 0xaa55
