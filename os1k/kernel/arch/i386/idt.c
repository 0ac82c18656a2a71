/*
 * idt.c (i386) - the interrupt descriptor table: 8-byte gates for the 32
 * exceptions, the 16 PIC IRQs and `int 0x80`, each leading to its stub in
 * entry.S.  Only the system-call gate may be used from ring 3 (DPL 3);
 * `int N` for any other N there raises #GP.  What happens after the stub
 * is trap() (trap.c).
 */
#include "kernel.h"

#define NVEC 48                             /* 32 exceptions + 16 PIC IRQs */

struct gate {
    u16 off_lo, sel;
    u8 zero, type;
    u16 off_hi;
} __attribute__((packed));

static struct gate idt[VEC_SYSCALL + 1];
extern const u32 trap_stubs[NVEC];          /* entry.S */
extern char trap_stub_128[];                /* entry.S: int 0x80 */

static void set_gate(int v, uptr handler, u8 type)
{
    idt[v].off_lo = handler & 0xFFFF;
    idt[v].sel = KERNEL_CS;
    idt[v].type = type;
    idt[v].off_hi = handler >> 16;
}

void idt_init(void)
{
    for (int v = 0; v < NVEC; v++)
        set_gate(v, trap_stubs[v], 0x8E);  /* present, DPL 0, interrupt gate (IF off) */
    set_gate(VEC_SYSCALL, (uptr)trap_stub_128, 0xEE);   /* DPL 3: ring 3 may call it */
    struct { u16 limit; u32 base; } __attribute__((packed)) idtr = { sizeof(idt) - 1, (uptr)idt };
    __asm__ volatile("lidt %0" :: "m"(idtr));
}
