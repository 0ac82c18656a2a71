/*
 * boot.S - the first instructions of the kernel and its boot page tables.
 *
 * The VMM enters _start in 64-bit ring 0 at a *physical* address, with its
 * own identity map of the first 1 GiB and RSP at the top of its boot area
 * (RAM size - 64 KiB).  We switch to our own page tables, which map the
 * same 1 GiB twice:
 *   - at 0 (identity), only so this code keeps running across the CR3 load;
 *     kmain removes it once we run in the high half;
 *   - at KERNEL_BASE = 0xFFFFFFFF80000000, where the kernel is linked.
 * The tables are built by the assembler (.rept), so boot costs nothing
 * here: every ring-0 instruction is emulated on a kvm-pvm host.
 */
        .set KERNEL_BASE, 0xFFFFFFFF80000000

        .section .boot, "ax"
        .code64
        .global _start
_start:
        mov     %rsp, %rbx                      /* the VMM's RSP tells us the RAM size */
        mov     %cr4, %rax                      /* clear SMAP (bit 21): the kernel reads */
        and     $~(1 << 21), %rax               /* user buffers in system calls          */
        mov     %rax, %cr4
        mov     $(boot_pml4 - KERNEL_BASE), %eax
        mov     %rax, %cr3
        movabs  $high_start, %rax
        jmp     *%rax

        .text
high_start:
        lea     boot_stack_top(%rip), %rsp
        mov     %rbx, %rdi
        call    kmain
1:      cli
        hlt
        jmp     1b

        .data
        .balign 4096
        .global boot_pml4
boot_pml4:                                      /* PML4: [0] identity, [511] kernel */
        .quad   boot_pdpt_low - KERNEL_BASE + 0x3
        .fill   510, 8, 0
        .quad   boot_pdpt_high - KERNEL_BASE + 0x3
boot_pdpt_low:                                  /* 0 .. 1 GiB */
        .quad   boot_pd - KERNEL_BASE + 0x3
        .fill   511, 8, 0
boot_pdpt_high:                                 /* entry 510 = 0xFFFFFFFF80000000 */
        .fill   510, 8, 0
        .quad   boot_pd - KERNEL_BASE + 0x3
        .quad   0
boot_pd:                                        /* 512 x 2 MiB pages: P, W, PS */
        .set    i, 0
        .rept   512
        .quad   (i << 21) | 0x83
        .set    i, i + 1
        .endr

        .bss
        .balign 16
boot_stack:
        .skip   8192
boot_stack_top:
