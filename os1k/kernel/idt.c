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

struct gate {
    u16 off_lo, sel;
    u8 ist, type;
    u16 off_mid;
    u32 off_hi, zero;
} __attribute__((packed));

static struct gate idt[NVEC];
extern const u64 trap_stubs[NVEC];          /* entry.S */

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
 * User programs make system calls with `syscall`, which should enter
 * syscall_entry (LSTAR, syscall.c) in ring 0.  On a kvm-pvm host it does
 * not: the CPU jumps to LSTAR but stays in ring 3 (CS = 0x23), so the very
 * first instruction fetch from the kernel page raises a #PF.  That fault
 * still holds everything the system call needs - RAX and the arguments,
 * RCX = the return address, R11 = the caller's RFLAGS - so we finish the
 * job here: make the frame look as if syscall_entry had built it.  On a
 * host where `syscall` works (VT-x, AMD-V) this never happens.
 * A program could also just jump to that address with RCX and R11 of its
 * choosing, so we take from R11 only the arithmetic, trap and direction
 * flags (never IOPL), and accept RCX only if it points into user memory.
 */
extern char syscall_entry[];

static int is_ring3_syscall(struct trapframe *tf)
{
    return tf->vector == 14 && (tf->cs & 3) == 3 && (tf->error & 4) &&
           tf->rip == (u64)syscall_entry && read_cr2() == (u64)syscall_entry &&
           tf->rcx < USER_LIMIT;
}

#define USER_FLAGS 0xDD5                    /* CF PF AF ZF SF TF DF OF */

struct trapframe *trap(struct trapframe *tf)
{
    current->tf = tf;
    if (is_ring3_syscall(tf)) {
        tf->rip = tf->rcx;                  /* what sysret would have restored */
        tf->rflags = (tf->r11 & USER_FLAGS) | 0x202;   /* IF on, bit 1 */
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
