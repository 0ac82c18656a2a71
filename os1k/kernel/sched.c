/*
 * sched.c - the scheduler: a FIFO run queue (round robin), the idle
 * context, sleeping, and the timer tick that preempts.
 *
 * `current` is the process whose registers the next trap_return loads.
 * Kernel code never blocks in the middle of C: a process that must wait is
 * just given a state and left off the run queue; its registers stay in its
 * trap frame, and whoever wakes it writes the system call's result into
 * that frame's RAX.  When nothing is ready, the idle context runs: `hlt`
 * in ring 0 with interrupts on, which lets the VMM sleep until the next
 * interrupt.
 */
#include "kernel.h"

struct proc idle_proc = { .pid = 0, .name = "idle" };
struct proc *current = &idle_proc;
uptr ticks;
uptr kstack_top;                            /* x86-64 entry.S: syscall stack */

static struct proc *rq_head, *rq_tail;
static uptr next_wake = ~0UL;                /* earliest wake_tick of a sleeper */
static uptr loaded_cr3;
#define IDLE_STACK_WORDS (2048 / sizeof(uptr))  /* interrupts taken while idle run on it */
static uptr idle_stack[IDLE_STACK_WORDS] __attribute__((aligned(16)));
extern char idle_loop[];                    /* entry.S */

void sched_init(void)
{
    struct trapframe *tf = (struct trapframe *)(idle_stack + IDLE_STACK_WORDS) - 1;
    arch_kernel_frame(tf, (uptr)idle_loop, (uptr)(idle_stack + IDLE_STACK_WORDS));
    idle_proc.tf = tf;
    loaded_cr3 = read_cr3();
}

void sched_ready(struct proc *p)
{
    p->state = P_READY;
    p->next_ready = NULL;
    if (rq_tail)
        rq_tail->next_ready = p;
    else
        rq_head = p;
    rq_tail = p;
}

void sched_unready(struct proc *p)
{
    struct proc *prev = NULL;
    for (struct proc *q = rq_head; q; prev = q, q = q->next_ready) {
        if (q != p)
            continue;
        if (prev)
            prev->next_ready = q->next_ready;
        else
            rq_head = q->next_ready;
        if (rq_tail == q)
            rq_tail = prev;
        return;
    }
}

static struct proc *pick_next(void)
{
    struct proc *p = rq_head;
    if (!p)
        return &idle_proc;
    rq_head = p->next_ready;
    if (!rq_head)
        rq_tail = NULL;
    p->state = P_RUNNING;
    return p;
}

/* The current process stops running (it waits, or it is gone). */
void sched_block(int state)
{
    current->state = state;
    current = pick_next();
}

void sched_yield(void)
{
    if (!rq_head || current == &idle_proc)
        return;
    sched_ready(current);
    current = pick_next();
}

void sched_sleep(uptr nticks)
{
    current->wake_tick = ticks + nticks;
    if (current->wake_tick < next_wake)
        next_wake = current->wake_tick;
    sched_block(P_SLEEPING);
}

static void wake_sleepers(void)
{
    next_wake = ~0UL;
    for (struct proc *p = proc_list; p; p = p->next) {
        if (p->state != P_SLEEPING)
            continue;
        if (p->wake_tick <= ticks) {
            TF_RESULT(p->tf) = 0;
            sched_ready(p);
        } else if (p->wake_tick < next_wake) {
            next_wake = p->wake_tick;
        }
    }
}

void sched_tick(struct trapframe *tf)
{
    struct proc *was = current;
    ticks++;
    if (was != &idle_proc) {
        was->cpu_ticks++;
        if (TF_CPL(tf) == 3)
            was->busy_ticks++;
    }
    if (ticks >= next_wake)
        wake_sleepers();
    kbd_tick();
    if (current == was && was != &idle_proc && rq_head) {
        was->preempted++;
        sched_yield();
    }
}

/* Make `current` the context that runs next: its page tables, its stacks. */
struct trapframe *sched_resume(void)
{
    if (current == &idle_proc && rq_head)
        current = pick_next();
    uptr cr3 = (current == &idle_proc) ? kernel_root : current->vm.root;
    if (cr3 != loaded_cr3) {
        write_cr3(cr3);
        loaded_cr3 = cr3;
    }
    if (current != &idle_proc) {
        kstack_top = (uptr)P2V(current->kstack) + PAGE_SIZE;
        tss_set_kernel_stack(kstack_top);
    }
    return current->tf;
}

void sched_start(void)
{
    extern void trap_return(struct trapframe *) __attribute__((noreturn));
    trap_return(sched_resume());
}
