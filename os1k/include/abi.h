/*
 * abi.h - the contract between the 1K OS kernel and its user programs:
 * system call numbers, the structures some calls fill in, and the user
 * address-space layout.  Included by both kernel/ and user/ code.
 *
 * Calling convention (see docs/OS1K.md): on x86-64 `syscall` with the
 * number in RAX and arguments in RDI, RSI, RDX, the result in RAX (RCX and
 * R11 are clobbered); on i386 `int 0x80` with the number in EAX and
 * arguments in EBX, ECX, EDX, the result in EAX.  A negative result is an
 * error; every other register is preserved.
 */
#ifndef OS1K_ABI_H
#define OS1K_ABI_H

#define SYS_EXIT      0   /* exit(code)                        never returns   */
#define SYS_PUTCHAR   1   /* putchar(c)                        -> 0            */
#define SYS_WRITE     2   /* write(buf, len)                   -> len          */
#define SYS_GETCHAR   3   /* getchar()   blocks until a key    -> byte, -2 if  */
                          /*   another process is reading or caller is a background job */
#define SYS_YIELD     4   /* yield()                           -> 0            */
#define SYS_SLEEP     5   /* sleep(ms)                         -> 0            */
#define SYS_SPAWN     6   /* spawn(name, cmdline, flags)       -> pid, or see below */
#define SYS_WAIT      7   /* wait(pid)   blocks until it ends  -> exit code    */
#define SYS_KILL      8   /* kill(pid)                         -> 0 or -1/-2   */
#define SYS_GETPID    9   /* getpid()                          -> pid          */
#define SYS_PS       10   /* ps(struct pinfo *buf, max)        -> count        */
#define SYS_TICKS    11   /* ticks()     timer ticks since boot               */
#define SYS_MEMINFO  12   /* meminfo(struct meminfo *)         -> 0            */
#define SYS_VMMAP    13   /* vmmap(struct vmentry *buf, max)   -> count        */
#define SYS_SBRK     14   /* sbrk(pages) grow the heap         -> old end / -1 */
#define SYS_SHUTDOWN 15   /* shutdown(code)  ends the VM                       */
#define SYS_PANIC    16   /* panic_test()    makes the kernel fault (demo)     */
#define SYS_COUNT    17

/* spawn() flags.  Without flags the caller gets the pid and later wait()s. */
#define SPAWN_FG     1    /* foreground job: Ctrl-C kills it, and spawn() only
                             returns when it has ended, with its exit code     */
#define SPAWN_BG     2    /* background job: detached, nobody waits for it     */

/* spawn() errors (distinct from any exit code). */
#define SPAWN_NOTFOUND -100 /* no program by that name                         */
#define SPAWN_NOMEM    -101 /* out of memory                                   */
#define SPAWN_BADARG   -102 /* bad pointer or string                           */

/* Exit codes the kernel uses for processes it ends itself. */
#define EXIT_FAULT   -1   /* killed because of a CPU exception                 */
#define EXIT_KILLED  -2   /* killed by kill() or Ctrl-C                        */

#define HZ 100            /* timer ticks per second (the VMM's default)        */

/* Process states as reported by ps(). */
enum pstate { P_FREE, P_READY, P_RUNNING, P_SLEEPING, P_WAITKEY, P_WAITCHILD, P_ZOMBIE };

struct pinfo {
    int pid, ppid;
    int state;            /* enum pstate                                       */
    int fg;               /* 1 for the foreground job                         */
    long cpu_ticks;       /* timer ticks that found it running                 */
    long preempted;       /* times the timer took the CPU away from it         */
    long pages;           /* physical pages it owns (tables, data, stack)      */
    char name[16];
};

struct meminfo {
    long total_frames;    /* 4 KiB frames the allocator manages                */
    long free_frames;
    long kernel_bytes;    /* size of the loaded kernel image                   */
    long heap_pages;      /* pages the kernel heap got from the allocator     */
    long heap_used;       /* bytes handed out by kmalloc and not yet freed     */
    long ram_bytes;
};

/* One present user page, as reported by vmmap(). */
#define VM_WRITE  1
#define VM_SHARED 2       /* a frame of the kernel image (program code), not owned */
struct vmentry {
    unsigned long va, pa;
    int flags;
    int pad;
};

/* User address-space layout: everything lives in one 2 MiB region, so a
 * process needs only one page table of each level. */
#define USER_BASE        0x400000UL   /* program text (ELF linked here)   */
#define USER_LIMIT       0x600000UL   /* end of the user region          */
#define USER_STACK_PAGES 2
#define USER_STACK_TOP   USER_LIMIT

/* Where the kernel half starts (for programs that show the layout). */
#if __SIZEOF_POINTER__ == 8
#define KERNEL_HALF "0xffffffff80000000"
#else
#define KERNEL_HALF "0xc0000000"
#endif

#endif
