/*
 * boot.S (i386) - the first instructions of the kernel and its boot page
 * directory.
 *
 * The VMM enters _start (an ELF32 image) in 32-bit protected mode, ring 0,
 * paging off, at a *physical* address, with ESP at the top of its boot
 * area (RAM size - 64 KiB).  We turn paging on with our own page
 * directory, which uses 4 MiB pages (PSE) and maps
 *   - 0 .. 4 MiB at 0 (identity), only so this code keeps running while
 *     paging comes on; kmain removes it once we run in the high half;
 *   - 0 .. 1 GiB at KERNEL_BASE = 0xC0000000, where the kernel is linked.
 * The directory is built by the assembler (.rept), so boot costs nothing.
 */
        .set KERNEL_BASE, 0xC0000000
        .set CR0_PG, 0x80000000
        .set CR0_WP, 0x00010000                 /* ring 0 honours read-only pages too */
        .set CR4_PSE, 0x10
        .set PDE_4M, 0x83                       /* present, writable, 4 MiB page */

        .section .boot, "ax"
        .code32
        .global _start
_start:
        mov     %esp, %ebx                      /* the VMM's ESP tells us the RAM size */
        mov     %cr4, %eax
        or      $CR4_PSE, %eax
        mov     %eax, %cr4
        mov     $(boot_pgdir - KERNEL_BASE), %eax
        mov     %eax, %cr3
        mov     %cr0, %eax
        or      $(CR0_PG | CR0_WP), %eax
        mov     %eax, %cr0
        mov     $high_start, %eax
        jmp     *%eax

        .text
high_start:
        mov     $boot_stack_top, %esp
        push    %ebx
        call    kmain
1:      cli
        hlt
        jmp     1b

        .data
        .balign 4096
        .global boot_pgdir
boot_pgdir:
        .long   PDE_4M                          /* [0]: identity 0 .. 4 MiB (boot only) */
        .fill   767, 4, 0
        .set    i, 0                            /* [768..1023]: KERNEL_BASE + 0 .. 1 GiB */
        .rept   256
        .long   (i << 22) | PDE_4M
        .set    i, i + 1
        .endr

        .bss
        .balign 16
boot_stack:
        .skip   8192
boot_stack_top:
