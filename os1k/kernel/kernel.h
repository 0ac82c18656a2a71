/*
 * kernel.h - the whole kernel's internal interface in one place: basic
 * types, the memory layout constants, and the functions each kernel file
 * exports (grouped by the file that owns them).
 */
#ifndef OS1K_KERNEL_H
#define OS1K_KERNEL_H

#include "../include/abi.h"

typedef unsigned char      u8;
typedef unsigned short     u16;
typedef unsigned int       u32;
typedef unsigned long      u64;
typedef unsigned long      size_t;
typedef long               i64;

#define NULL ((void *)0)
#define PAGE_SIZE 4096UL

/* The kernel runs in the top 2 GiB of the address space, where the first
 * 1 GiB of physical memory is mapped 1:1 with 2 MiB pages (boot.S).  So a
 * physical address and its kernel virtual address differ by KERNEL_BASE. */
#define KERNEL_BASE 0xFFFFFFFF80000000UL
#define P2V(pa) ((void *)((u64)(pa) + KERNEL_BASE))
#define V2P(va) ((u64)(va) - KERNEL_BASE)

/* GDT selectors (gdt.c).  User selectors carry RPL 3. */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS   0x1B
#define USER_CS   0x23
#define TSS_SEL   0x28

/* Interrupt vectors. */
#define VEC_TIMER   0x20
#define VEC_KBD     0x21
#define VEC_SYSCALL 0x80   /* not an IDT vector: the tag syscall_entry puts in its frame */

/* The registers of an interrupted context, as entry.S pushes them. */
struct trapframe {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector, error;
    u64 rip, cs, rflags, rsp, ss;          /* pushed by the CPU (or by syscall entry) */
};

/* ---- hc.c: the VMM's hypercall port and the kernel console ---- */
void hc_putchar(int c);
void hc_exit(int code) __attribute__((noreturn));
void kputs(const char *s);
void kprintf(const char *fmt, ...);
void panic(const char *msg) __attribute__((noreturn));

/* ---- lib.c: freestanding string helpers ---- */
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
void strlcpy(char *d, const char *s, size_t n);

/* ---- x86.h-style inline helpers ---- */
static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void wrmsr(u32 msr, u64 v) { __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))); }
static inline u64 rdmsr(u32 msr) { u32 lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((u64)hi << 32) | lo; }
static inline u64 read_cr2(void) { u64 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u64 read_cr3(void) { u64 v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(u64 v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }

/* ---- gdt.c: segments and the TSS ---- */
void gdt_init(void);
void tss_set_rsp0(u64 rsp0);

/* ---- idt.c: interrupt table and the trap dispatcher ---- */
void idt_init(void);
struct trapframe *trap(struct trapframe *tf);

/* ---- pic.c: the 8259 interrupt controller ---- */
void pic_init(void);
void pic_eoi(void);
void pic_mask_kbd(int masked);

/* ---- pmm.c: physical page frames ---- */
void pmm_init(u64 start, u64 end);
u64 pmm_alloc(void);              /* a zeroed frame (physical address), 0 if none */
void pmm_free(u64 pa);
void pmm_info(struct meminfo *mi);

/* ---- heap.c: kmalloc / kfree ---- */
void *kmalloc(size_t n);
void kfree(void *p);
void heap_info(struct meminfo *mi);

/* ---- paging.c: address spaces ---- */
#define PTE_P  0x001UL
#define PTE_W  0x002UL
#define PTE_U  0x004UL
#define PTE_PS 0x080UL
#define PTE_SHARED 0x200UL           /* software bit: frame not owned (kernel image) */
#define PTE_ADDR 0x000FFFFFFFFFF000UL
struct vm {
    u64 pml4;                        /* physical address of the top table */
    long pages;                      /* frames it owns: tables, data, stack */
};
int vm_init(struct vm *vm);          /* empty user half, kernel half shared */
u64 vm_alloc_page(struct vm *vm, u64 va, u64 flags);      /* new zeroed frame at va; its pa or 0 */
int vm_map_shared(struct vm *vm, u64 va, u64 pa, u64 flags); /* map a frame it does not own */
int vm_user_ok(struct vm *vm, u64 va, u64 len, int write); /* may ring 3 touch [va, va+len)? */
int vm_list(struct vm *vm, struct vmentry *out, int max);
void vm_destroy(struct vm *vm);      /* free every owned frame and table */
extern u64 kernel_pml4;              /* boot.S: the kernel-only address space */

/* ---- proc.c: processes ---- */
struct proc {
    int pid;
    int state;                       /* enum pstate */
    char name[16];
    struct proc *parent;             /* NULL: detached (nobody will wait) */
    struct proc *prev_fg;            /* foreground job before it (restored at its end) */
    struct trapframe *tf;            /* where its registers were saved */
    u64 kstack;                      /* physical frame of its kernel stack */
    struct vm vm;                    /* its address space */
    u64 brk;                         /* end of its heap (sbrk) */
    int exit_code;
    int wait_pid;                    /* P_WAITCHILD: the child it waits for */
    u64 wake_tick;                   /* P_SLEEPING: when to wake */
    long cpu_ticks, preempted;
    int busy_ticks;                  /* ticks in ring 3 since its last system call */
    struct proc *next;               /* list of all processes */
    struct proc *next_ready;         /* run queue link */
};
extern struct proc *proc_list;
int proc_spawn(struct proc *parent, const char *name, const char *args, int flags);
void proc_exit(struct proc *p, int code);
void proc_reap(void);
struct proc *proc_find(int pid);
int proc_wait(struct proc *p, int pid);   /* 1 if it had to block */

/* ---- sched.c: run queue, switching, sleeping, the timer ---- */
extern struct proc *current;
extern struct proc idle_proc;
extern u64 ticks;
extern u64 kstack_top;               /* entry.S switches to it on syscall */
void sched_init(void);
void sched_ready(struct proc *p);     /* append to the run queue */
void sched_unready(struct proc *p);   /* remove from the run queue */
void sched_block(int state);          /* current stops running */
void sched_yield(void);
void sched_sleep(u64 nticks);
void sched_tick(struct trapframe *tf);
struct trapframe *sched_resume(void);
void sched_start(void) __attribute__((noreturn));

/* ---- kbd.c: keyboard ---- */
extern struct proc *kbd_waiter;
extern struct proc *fg_proc;
void kbd_irq(void);
void kbd_tick(void);
int kbd_getchar(struct proc *p);      /* a byte, or -1 after blocking p */

/* ---- elf.c: loading a program image into an address space ---- */
int elf_load(struct vm *vm, const u8 *image, size_t size, u64 *entry, u64 *end);

/* ---- syscall.c ---- */
void syscall_init(void);
void syscall_dispatch(struct trapframe *tf);

/* ---- programs.S (generated): the embedded user programs ---- */
struct program { const char *name; const u8 *start; const u8 *end; };
extern const struct program programs[];
const struct program *program_find(const char *name);

/* ---- main.c ---- */
extern u64 ram_bytes;
extern char _kernel_start[], _kernel_end[];

#endif
