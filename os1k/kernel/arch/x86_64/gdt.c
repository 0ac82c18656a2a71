/*
 * gdt.c (x86-64) - segments and the task state segment.
 *
 * In long mode segments are mostly vestigial, but the CPU still needs a
 * code segment per privilege level (the L bit and DPL), data selectors for
 * SS, and a TSS whose RSP0 is the stack an interrupt from ring 3 lands on.
 * The order of the user selectors (data at 0x18, code at 0x20) is the one
 * the STAR MSR expects (syscall.c).
 */
#include "kernel.h"

struct tss {
    u32 reserved0;
    u64 rsp0, rsp1, rsp2;
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
} __attribute__((packed));

static struct tss tss;

static u64 gdt[7] = {
    0,                          /* 0x00 null                               */
    0x00AF9A000000FFFFUL,       /* 0x08 kernel code: 64-bit, DPL 0         */
    0x00CF92000000FFFFUL,       /* 0x10 kernel data                        */
    0x00CFF2000000FFFFUL,       /* 0x18 user data: DPL 3                   */
    0x00AFFA000000FFFFUL,       /* 0x20 user code: 64-bit, DPL 3           */
    0, 0,                       /* 0x28 TSS (a 16-byte descriptor), below  */
};

void gdt_init(void)
{
    u64 base = (u64)&tss, limit = sizeof(tss) - 1;
    tss.iomap_base = sizeof(tss);           /* no I/O bitmap: ring 3 has no ports */
    gdt[5] = (limit & 0xFFFF) | ((base & 0xFFFFFF) << 16) | (0x89UL << 40) |
             (((base >> 24) & 0xFF) << 56);
    gdt[6] = base >> 32;

    struct { u16 limit; u64 base; } __attribute__((packed)) gdtr = { sizeof(gdt) - 1, (u64)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "pushq $0x08\n"                      /* reload CS with a far return */
        "lea 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1: mov $0x10, %%ax\n"
        "mov %%ax, %%ds\n mov %%ax, %%es\n mov %%ax, %%ss\n"
        "xor %%eax, %%eax\n mov %%ax, %%fs\n mov %%ax, %%gs\n"
        "mov $0x28, %%ax\n ltr %%ax\n"
        :: "m"(gdtr) : "rax", "memory");
}

void tss_set_kernel_stack(uptr top)
{
    tss.rsp0 = top;
}
