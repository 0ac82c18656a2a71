/*
 * gdt.c (i386) - segments and the task state segment.
 *
 * Flat 4 GiB segments: code and data for ring 0 and for ring 3, and a TSS
 * whose ESP0/SS0 is the stack an interrupt from ring 3 lands on.  The
 * selectors are the x86-64 kernel's (kernel.h).  DS and ES hold the user
 * data selector all the time: ring 0 may use a DPL-3 data segment, and a
 * return to ring 3 would null a DPL-0 one, so nobody ever reloads them.
 */
#include "kernel.h"

struct tss {
    u32 link;
    u32 esp0, ss0;              /* the ring-0 stack */
    u32 unused[22];             /* esp1 .. ldt: hardware task switching, not used */
    u16 trap, iomap_base;
} __attribute__((packed));

static struct tss tss;

static u64 gdt[6] = {
    0,                          /* 0x00 null                               */
    0x00CF9A000000FFFFULL,      /* 0x08 kernel code: 32-bit, DPL 0         */
    0x00CF92000000FFFFULL,      /* 0x10 kernel data (the kernel's SS)      */
    0x00CFF2000000FFFFULL,      /* 0x18 user data: DPL 3 (DS, ES always)   */
    0x00CFFA000000FFFFULL,      /* 0x20 user code: 32-bit, DPL 3           */
    0,                          /* 0x28 TSS, below                         */
};

void gdt_init(void)
{
    u64 base = (uptr)&tss, limit = sizeof(tss) - 1;
    tss.ss0 = KERNEL_DS;
    tss.iomap_base = sizeof(tss);           /* no I/O bitmap: ring 3 has no ports */
    gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89ULL << 40) |
             (((base >> 24) & 0xFF) << 56);

    struct { u16 limit; u32 base; } __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (uptr)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "ljmp $0x08, $1f\n"                  /* reload CS */
        "1: mov $0x10, %%ax\n mov %%ax, %%ss\n"
        "mov $0x1B, %%ax\n mov %%ax, %%ds\n mov %%ax, %%es\n"
        "xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        "mov $0x28, %%ax\n ltr %%ax\n"
        :: "m"(gdtr) : "eax", "memory");
}

void tss_set_kernel_stack(uptr top)
{
    tss.esp0 = top;
}
