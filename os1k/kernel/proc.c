/*
 * proc.c - processes: creating one from an embedded program, ending one,
 * waiting for one, and freeing what a dead one owned.
 *
 * A process owns: its struct proc (kmalloc), one kernel stack page, and an
 * address space (page tables + data, heap and stack frames).  A process
 * that ends becomes a zombie: its memory is freed by proc_reap() at the
 * next kernel entry (we may still be running on its kernel stack and page
 * tables when it dies), and its struct when its parent has collected the
 * exit code with wait() - or at once if nobody will wait (background jobs,
 * orphans).
 */
#include "kernel.h"

struct proc *proc_list;                     /* every process, newest first */
static struct proc *dead_list;              /* zombies whose memory is not freed yet */
static int next_pid = 1;

struct proc *proc_find(int pid)
{
    for (struct proc *p = proc_list; p; p = p->next)
        if (p->pid == pid)
            return p;
    return NULL;
}

static void proc_free(struct proc *p)
{
    for (struct proc **pp = &proc_list; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    }
    kfree(p);
}

/* Copy the command line onto the top of the user stack; returns its user address. */
static uptr push_args(uptr top_page_pa, const char *args)
{
    size_t n = strlen(args);
    uptr uaddr = (USER_STACK_TOP - (n + 1) - 16) & ~15UL;
    memcpy((u8 *)P2V(top_page_pa) + (uaddr - (USER_STACK_TOP - PAGE_SIZE)), args, n + 1);
    return uaddr;
}

int proc_spawn(struct proc *parent, const char *name, const char *args, int flags)
{
    const struct program *prog = program_find(name);
    if (!prog)
        return SPAWN_NOTFOUND;
    struct proc *p = kmalloc(sizeof(*p));
    if (!p)
        return SPAWN_NOMEM;
    memset(p, 0, sizeof(*p));
    p->kstack = pmm_alloc();
    uptr entry, top_pa = 0;
    if (!p->kstack || vm_init(&p->vm) < 0 ||
        elf_load(&p->vm, prog->start, prog->end - prog->start, &entry, &p->brk) < 0)
        goto fail;
    for (int i = 1; i <= USER_STACK_PAGES; i++) {
        uptr pa = vm_alloc_page(&p->vm, USER_STACK_TOP - i * PAGE_SIZE, PTE_U | PTE_W);
        if (!pa)
            goto fail;
        if (i == 1)
            top_pa = pa;
    }

    /* The first return to user mode: a frame as if it had been interrupted at entry. */
    struct trapframe *tf = (struct trapframe *)((u8 *)P2V(p->kstack) + PAGE_SIZE) - 1;
    arch_user_frame(tf, entry, push_args(top_pa, args));
    p->tf = tf;

    p->pid = next_pid++;
    strlcpy(p->name, name, sizeof(p->name));
    p->parent = (flags & SPAWN_BG) ? NULL : parent;
    p->next = proc_list;
    proc_list = p;
    if (flags & SPAWN_FG) {
        p->prev_fg = fg_proc;
        fg_proc = p;
    }
    sched_ready(p);
    return p->pid;

fail:
    if (p->vm.root)
        vm_destroy(&p->vm);
    if (p->kstack)
        pmm_free(p->kstack);
    kfree(p);
    return SPAWN_NOMEM;
}

void proc_exit(struct proc *p, int code)
{
    if (p->state == P_ZOMBIE || p == &idle_proc)
        return;
    if (p->pid == 1) {                      /* the shell is gone: nothing left to do */
        kprintf("[the shell (pid 1) ended with code %d; shutting down]\n", code);
        hc_exit(code > 0 && code < 100 ? code : 0);
    }
    if (p->state == P_READY)
        sched_unready(p);
    if (kbd_waiter == p)
        kbd_waiter = NULL;
    if (fg_proc == p)
        fg_proc = p->prev_fg;               /* e.g. a nested shell gets it back */

    /* Its children become orphans; orphan zombies already reaped can go now. */
    for (struct proc *c = proc_list, *next; c; c = next) {
        next = c->next;
        if (c->prev_fg == p)
            c->prev_fg = p->prev_fg;
        if (c->parent != p)
            continue;
        c->parent = NULL;
        if (c->state == P_ZOMBIE && c->kstack == 0)
            proc_free(c);
    }

    p->exit_code = code;
    struct proc *par = p->parent;
    if (par && par->state == P_WAITCHILD && par->wait_pid == p->pid) {
        TF_RESULT(par->tf) = code;          /* its wait() returns now */
        sched_ready(par);
        p->parent = NULL;
    }
    p->next_ready = dead_list;              /* memory is freed at the next entry */
    dead_list = p;
    if (p == current)
        sched_block(P_ZOMBIE);
    else
        p->state = P_ZOMBIE;
}

/* Free the memory of processes that died; called at every kernel entry,
 * when none of them can be the running context any more. */
void proc_reap(void)
{
    while (dead_list) {
        struct proc *p = dead_list;
        dead_list = p->next_ready;
        vm_destroy(&p->vm);
        pmm_free(p->kstack);
        p->kstack = 0;
        if (!p->parent)
            proc_free(p);
    }
}

/* wait(pid) for process p: returns 1 if p had to block, else sets its RAX. */
int proc_wait(struct proc *p, int pid)
{
    struct proc *c = proc_find(pid);
    if (!c || c->parent != p) {
        TF_RESULT(p->tf) = -1;
        return 0;
    }
    if (c->state == P_ZOMBIE) {
        TF_RESULT(p->tf) = c->exit_code;
        c->parent = NULL;
        if (c->kstack == 0)                 /* already reaped */
            proc_free(c);
        return 0;
    }
    p->wait_pid = pid;
    sched_block(P_WAITCHILD);
    return 1;
}
