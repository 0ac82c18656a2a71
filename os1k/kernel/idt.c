/*
 * idt.c - the interrupt descriptor table and trap(), the C side of every
 * kernel entry (entry.S): it dispatches system calls, the timer, the
 * keyboard and exceptions, then asks the scheduler which context to resume.
 *
 * An exception in ring 3 kills the process with a message; an exception in
 * the kernel itself is a bug: print vector, error code and RIP and end the
 * VM with exit code 99.
 */
#include "kernel.h"

#define NVEC 48                             /* 32 exceptions + 16 PIC IRQs */
#define IDT_SIZE (VEC_SYSCALL + 1)          /* ... and the int $0x80 gate */

struct gate {
    u16 off_lo, sel;
    u8 ist, type;
    u16 off_mid;
    u32 off_hi, zero;
} __attribute__((packed));

static struct gate idt[IDT_SIZE];
extern const u64 trap_stubs[NVEC];          /* entry.S */
extern char trap_stub_128[];

static const char *const exc_names[32] = {
    "divide error (#DE)", "debug (#DB)", "NMI", "breakpoint (#BP)",
    "overflow (#OF)", "bound range (#BR)", "invalid opcode (#UD)", "no FPU (#NM)",
    "double fault (#DF)", "coprocessor overrun", "invalid TSS (#TS)", "segment not present (#NP)",
    "stack fault (#SS)", "general protection (#GP)", "page fault (#PF)", "reserved 15",
    "x87 error (#MF)", "alignment check (#AC)", "machine check (#MC)", "SIMD error (#XM)",
    "virtualization (#VE)", "control protection (#CP)", "reserved 22", "reserved 23",
    "reserved 24", "reserved 25", "reserved 26", "reserved 27",
    "reserved 28", "reserved 29", "security (#SX)", "reserved 31",
};

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
    set_gate(VEC_SYSCALL, (u64)trap_stub_128, 0xEE);   /* DPL 3: ring 3 may `int $0x80` */
    struct { u16 limit; u64 base; } __attribute__((packed)) idtr = { sizeof(idt) - 1, (u64)idt };
    __asm__ volatile("lidt %0" :: "m"(idtr));
}

static void exception(struct trapframe *tf)
{
    const char *name = exc_names[tf->vector];
    if ((tf->cs & 3) == 0) {
        kprintf("KERNEL PANIC: %s in the kernel: vector %d, error %x, rip %x, cr2 %x\n",
                name, (int)tf->vector, tf->error, tf->rip, read_cr2());
        hc_exit(99);
    }
    kprintf("[process %d (%s) killed: %s at rip %x", current->pid, current->name, name, tf->rip);
    if (tf->vector == 14)
        kprintf(", address %x (%s)", read_cr2(), (tf->error & 1) ? "protection" : "not mapped");
    else if (tf->vector == 13 && tf->error)
        kprintf(", error %x", tf->error);
    kputs("]\n");
    proc_exit(current, EXIT_FAULT);
}

/*
 * System calls arrive as `int $0x80`.  Where the host runs `int` (VT-x,
 * AMD-V) that is vector 0x80 through its DPL-3 gate.  On a kvm-pvm host
 * `int N` in ring 3 raises #UD instead, with RIP on the instruction: we
 * recognise the two bytes CD 80 and step over them, so both hosts end up
 * in the same place.  (`syscall` is also set up - syscall.c - but on
 * kvm-pvm it enters LSTAR still in ring 3; see docs/OS1K.md.)
 */
static int is_int80(struct trapframe *tf)
{
    if (tf->vector != 6 || (tf->cs & 3) != 3 || !vm_user_ok(&current->vm, tf->rip, 2, 0))
        return 0;
    const u8 *insn = (const u8 *)tf->rip;
    return insn[0] == 0xCD && insn[1] == 0x80;
}

struct trapframe *trap(struct trapframe *tf)
{
    current->tf = tf;
    if (is_int80(tf)) {
        tf->rip += 2;
        tf->vector = VEC_SYSCALL;
    }
    proc_reap();
    switch (tf->vector) {
    case VEC_SYSCALL:
        syscall_dispatch(tf);
        break;
    case VEC_TIMER:
        pic_eoi();
        sched_tick(tf);
        break;
    case VEC_KBD:
        pic_eoi();
        kbd_irq();
        break;
    default:
        if (tf->vector < 32)
            exception(tf);
        else
            pic_eoi();                      /* a stray IRQ: ignore it */
    }
    return sched_resume();
}
