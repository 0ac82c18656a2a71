/*
 * idt.c (x86-64) - the interrupt descriptor table: 16-byte gates for the
 * 32 exceptions and the 16 PIC IRQs, each leading to its stub in entry.S.
 * What happens after that is trap() (trap.c).
 */
#include "kernel.h"

#define NVEC 48                             /* 32 exceptions + 16 PIC IRQs */

struct gate {
    u16 off_lo, sel;
    u8 ist, type;
    u16 off_mid;
    u32 off_hi, zero;
} __attribute__((packed));

static struct gate idt[NVEC];
extern const u64 trap_stubs[NVEC];          /* entry.S */

static void set_gate(int v, u64 handler, u8 type)
{
    idt[v].off_lo = handler & 0xFFFF;
    idt[v].sel = KERNEL_CS;
    idt[v].type = type;
    idt[v].off_mid = (handler >> 16) & 0xFFFF;
    idt[v].off_hi = handler >> 32;
}

void idt_init(void)
{
    for (int v = 0; v < NVEC; v++)
        set_gate(v, trap_stubs[v], 0x8E);  /* present, DPL 0, interrupt gate (IF off) */
    struct { u16 limit; u64 base; } __attribute__((packed)) idtr = { sizeof(idt) - 1, (u64)idt };
    __asm__ volatile("lidt %0" :: "m"(idtr));
}
