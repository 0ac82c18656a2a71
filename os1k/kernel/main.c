/*
 * main.c - kmain: bring the kernel up in order and start the shell.
 *
 * Memory map (physical; the kernel sees it at KERNEL_BASE + physical):
 *   0x0000 .. 0x0FFF       unused (a NULL frame is never handed out)
 *   0x1000 .. _kernel_end  the kernel image: code, data, embedded programs
 *   _kernel_end .. RAM     page frames (pmm.c), handed out from the top
 * The VMM's boot area (the last 64 KiB) is reused once we run on our own
 * page tables and GDT.
 */
#include "kernel.h"

uptr ram_bytes;
uptr kernel_root;

void kmain(uptr boot_sp)
{
    /* The VMM starts us with the stack pointer at RAM size - 64 KiB (docs/ABI.md). */
    ram_bytes = ((boot_sp + 0xFFFF) & ~0xFFFFUL) + 0x10000;

    gdt_init();
    idt_init();
    arch_paging_init();                     /* our own tables, without the boot identity map */

    pic_init();
    pmm_init(V2P(_kernel_end), ram_bytes);
    syscall_init();
    sched_init();

    kprintf("1K OS (" ARCH_NAME ") on Mini-KVM: %D KiB RAM. Type 'help'.\n", (long)(ram_bytes >> 10));
    if (proc_spawn(NULL, "sh", "sh", 0) != 1)
        panic("cannot start the shell");
    sched_start();
}
