/*
 * trap.c - trap(), the C side of every kernel entry (arch/<arch>/entry.S):
 * it dispatches system calls, the timer, the keyboard and exceptions, then
 * asks the scheduler which context to resume.
 *
 * An exception in ring 3 kills the process with a message; an exception in
 * the kernel itself is a bug: print vector, error code and the program
 * counter and end the VM with exit code 99.
 */
#include "kernel.h"

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

static void exception(struct trapframe *tf)
{
    const char *name = exc_names[tf->vector];
    if (TF_CPL(tf) == 0) {
        kprintf("KERNEL PANIC: %s in the kernel: vector %d, error %x, " PC_NAME " %x, cr2 %x\n",
                name, (int)tf->vector, tf->error, TF_PC(tf), read_cr2());
        hc_exit(99);
    }
    kprintf("[process %d (%s) killed: %s at " PC_NAME " %x", current->pid, current->name, name, TF_PC(tf));
    if (tf->vector == 14)
        kprintf(", address %x (%s)", read_cr2(), (tf->error & 1) ? "protection" : "not mapped");
    else if (tf->vector == 13 && tf->error)
        kprintf(", error %x", tf->error);
    kputs("]\n");
    proc_exit(current, EXIT_FAULT);
}

struct trapframe *trap(struct trapframe *tf)
{
    current->tf = tf;
    arch_trap_fixup(tf);                    /* x86-64: `syscall` on kvm-pvm (arch.h) */
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
