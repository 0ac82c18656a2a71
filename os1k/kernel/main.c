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

u64 ram_bytes;
u64 kernel_pml4;

void kmain(u64 boot_rsp)
{
    /* The VMM starts us with RSP at RAM size - 64 KiB (docs/ABI.md). */
    ram_bytes = ((boot_rsp + 0xFFFF) & ~0xFFFFUL) + 0x10000;

    gdt_init();
    idt_init();
    extern u64 boot_pml4[];
    kernel_pml4 = V2P(boot_pml4);
    boot_pml4[0] = 0;                       /* drop the boot identity map */
    write_cr3(kernel_pml4);

    pic_init();
    pmm_init(V2P(_kernel_end), ram_bytes);
    syscall_init();
    sched_init();

    kprintf("1K OS (x86-64) on Mini-KVM: %D KiB RAM. Type 'help'.\n", (i64)(ram_bytes >> 10));
    if (proc_spawn(NULL, "sh", "sh", 0) != 1)
        panic("cannot start the shell");
    sched_start();
}
