/*
 * syscall.c - the system call interface (the table is in include/abi.h and
 * docs/OS1K.md).  On x86-64 `syscall` enters syscall_entry (entry.S)
 * through LSTAR, on i386 `int 0x80` enters its IDT gate; either way a
 * trap frame is built and we get here through trap().  Results go back in
 * the frame's result register and the return to ring 3 is an iret.  (On
 * kvm-pvm, `syscall` reaches LSTAR still in ring 3 and faults; trap()
 * turns that fault back into a system call: arch/x86_64/arch.h.)
 *
 * User pointers are checked against the caller's page tables before the
 * kernel touches them, so a bad pointer gets -1 instead of a kernel fault.
 */
#include "kernel.h"

/* Make the system-call instruction reach the kernel (arch.h). */
void syscall_init(void)
{
    arch_syscall_init();
}

/* Copy a NUL-terminated user string of at most max-1 bytes; -1 if bad. */
static int copy_str(struct proc *p, char *dst, uptr src, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        if ((i == 0 || ((src + i) & (PAGE_SIZE - 1)) == 0) && !vm_user_ok(&p->vm, src + i, 1, 0))
            return -1;
        dst[i] = *(const char *)(src + i);
        if (!dst[i])
            return i;
    }
    return -1;
}

static long sys_write(struct proc *p, uptr buf, uptr len)
{
    if (!vm_user_ok(&p->vm, buf, len, 0))
        return -1;
    for (uptr i = 0; i < len; i++)
        hc_putchar(((const char *)buf)[i]);
    return len;
}

/* Returns 1 when the caller blocked (a foreground job: its exit code comes later). */
static int sys_spawn(struct proc *p, uptr uname, uptr uargs, uptr flags)
{
    char name[16], args[256];
    int pid = SPAWN_BADARG;
    if (copy_str(p, name, uname, sizeof(name)) >= 0 && copy_str(p, args, uargs, sizeof(args)) >= 0)
        pid = proc_spawn(p, name, args, flags);
    if (pid > 0 && (flags & SPAWN_FG))
        return proc_wait(p, pid);           /* the shell sleeps until the job ends */
    TF_RESULT(p->tf) = pid;
    return 0;
}

static long sys_ps(struct proc *p, uptr ubuf, uptr max)
{
    if (max > 64 || !vm_user_ok(&p->vm, ubuf, max * sizeof(struct pinfo), 1))
        return -1;
    struct pinfo *out = (struct pinfo *)ubuf;
    long n = 0;
    for (struct proc *q = proc_list; q && n < (long)max; q = q->next, n++) {
        out[n].pid = q->pid;
        out[n].ppid = q->parent ? q->parent->pid : 0;
        out[n].state = q->state;
        out[n].fg = (q == fg_proc);
        out[n].cpu_ticks = q->cpu_ticks;
        out[n].preempted = q->preempted;
        out[n].pages = q->vm.pages + (q->kstack ? 1 : 0);
        strlcpy(out[n].name, q->name, sizeof(out[n].name));
    }
    return n;
}

static long sys_meminfo(struct proc *p, uptr ubuf)
{
    if (!vm_user_ok(&p->vm, ubuf, sizeof(struct meminfo), 1))
        return -1;
    struct meminfo *mi = (struct meminfo *)ubuf;
    pmm_info(mi);
    heap_info(mi);
    mi->kernel_bytes = _kernel_end - _kernel_start;
    mi->ram_bytes = ram_bytes;
    return 0;
}

static long sys_vmmap(struct proc *p, uptr ubuf, uptr max)
{
    if (max > 512 || !vm_user_ok(&p->vm, ubuf, max * sizeof(struct vmentry), 1))
        return -1;
    return vm_list(&p->vm, (struct vmentry *)ubuf, max);
}

/* Grow the heap by n pages (fresh zeroed frames); returns the old end. */
static long sys_sbrk(struct proc *p, uptr n)
{
    uptr old = p->brk;
    if (n > (USER_STACK_TOP - (USER_STACK_PAGES + 1) * PAGE_SIZE - old) / PAGE_SIZE)
        return -1;
    for (uptr i = 0; i < n; i++) {
        if (!vm_alloc_page(&p->vm, p->brk, PTE_U | PTE_W))
            return -1;
        p->brk += PAGE_SIZE;
    }
    return old;
}

static long sys_kill(uptr pid)
{
    struct proc *t = proc_find(pid);
    if (!t || t->state == P_ZOMBIE)
        return -1;
    if (t->pid == 1)
        return -2;                          /* the shell cannot be killed */
    proc_exit(t, EXIT_KILLED);
    return 0;
}

void syscall_dispatch(struct trapframe *tf)
{
    struct proc *p = current;
    uptr a0 = TF_ARG0(tf), a1 = TF_ARG1(tf), a2 = TF_ARG2(tf);
    long ret = 0;

    p->busy_ticks = 0;
    switch (TF_SYSNO(tf)) {
    case SYS_EXIT:     proc_exit(p, (int)a0); return;
    case SYS_PUTCHAR:  hc_putchar(a0); break;
    case SYS_WRITE:    ret = sys_write(p, a0, a1); break;
    case SYS_GETCHAR:
        ret = kbd_getchar(p);
        if (ret == -1)
            return;                         /* blocked: kbd.c delivers the byte */
        break;
    case SYS_YIELD:    TF_RESULT(tf) = 0; sched_yield(); return;
    case SYS_SLEEP:    TF_RESULT(tf) = 0; sched_sleep((a0 * HZ + 999) / 1000); return;
    case SYS_SPAWN:    sys_spawn(p, a0, a1, a2); return;
    case SYS_WAIT:     proc_wait(p, a0); return;            /* sets RAX now, or proc_exit will */
    case SYS_KILL:     ret = sys_kill(a0); if (current != p) return; break;
    case SYS_GETPID:   ret = p->pid; break;
    case SYS_PS:       ret = sys_ps(p, a0, a1); break;
    case SYS_TICKS:    ret = ticks; break;
    case SYS_MEMINFO:  ret = sys_meminfo(p, a0); break;
    case SYS_VMMAP:    ret = sys_vmmap(p, a0, a1); break;
    case SYS_SBRK:     ret = sys_sbrk(p, a0); break;
    case SYS_SHUTDOWN: hc_exit(a0 < 100 ? (int)a0 : 0);
    case SYS_PANIC:    *(volatile uptr *)0x1000 = 0;         /* unmapped: a kernel #PF */
                       break;
    default:           ret = -1; break;
    }
    TF_RESULT(tf) = ret;
}
