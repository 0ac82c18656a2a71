/*
 * kernel.h - the whole kernel's internal interface in one place: basic
 * types, the memory layout constants, and the functions each kernel file
 * exports (grouped by the file that owns them).  What differs between
 * x86-64 and i386 - the trap frame, the kernel's address, page-table
 * formats, the ELF class - is in arch/<arch>/arch.h, included at the end.
 */
#ifndef OS1K_KERNEL_H
#define OS1K_KERNEL_H

#include "../include/abi.h"

typedef unsigned char      u8;
typedef unsigned short     u16;
typedef unsigned int       u32;
typedef unsigned long      uptr;           /* an address or a register: 64 or 32 bits */
typedef unsigned long      size_t;

#define NULL ((void *)0)
#define PAGE_SIZE 4096UL

/* GDT selectors (arch/<arch>/gdt.c), the same on both architectures.
 * User selectors carry RPL 3. */
#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_DS   0x1B
#define USER_CS   0x23
#define TSS_SEL   0x28

/* Interrupt vectors. */
#define VEC_TIMER   0x20
#define VEC_KBD     0x21
#define VEC_SYSCALL 0x80   /* int 0x80 on i386; on x86-64 the tag syscall_entry puts in its frame */

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

/* ---- x86.h-style inline helpers (both architectures) ---- */
static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uptr read_cr2(void) { uptr v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uptr read_cr3(void) { uptr v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(uptr v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }

/* ---- arch/<arch>/gdt.c: segments and the TSS ---- */
void gdt_init(void);
void tss_set_kernel_stack(uptr top);  /* where an interrupt from ring 3 lands */

/* ---- arch/<arch>/idt.c: the interrupt table ---- */
void idt_init(void);

/* ---- trap.c: the C side of every kernel entry ---- */
struct trapframe *trap(struct trapframe *tf);

/* ---- pic.c: the 8259 interrupt controller ---- */
void pic_init(void);
void pic_eoi(void);
void pic_mask_kbd(int masked);

/* ---- pmm.c: physical page frames ---- */
void pmm_init(uptr start, uptr end);
uptr pmm_alloc(void);             /* a zeroed frame (physical address), 0 if none */
void pmm_free(uptr pa);
void pmm_info(struct meminfo *mi);

/* ---- heap.c: kmalloc / kfree ---- */
void *kmalloc(size_t n);
void kfree(void *p);
void heap_info(struct meminfo *mi);

/* ---- arch/<arch>/paging.c: address spaces ---- */
#define PTE_P  0x001UL
#define PTE_W  0x002UL
#define PTE_U  0x004UL
#define PTE_PS 0x080UL
#define PTE_SHARED 0x200UL           /* software bit: frame not owned (kernel image) */
struct vm {
    uptr root;                       /* physical address of the top table (CR3) */
    long pages;                      /* frames it owns: tables, data, stack */
};
int vm_init(struct vm *vm);          /* empty user half, kernel half shared */
uptr vm_alloc_page(struct vm *vm, uptr va, uptr flags);      /* new zeroed frame at va; its pa or 0 */
int vm_map_shared(struct vm *vm, uptr va, uptr pa, uptr flags); /* map a frame it does not own */
int vm_user_ok(struct vm *vm, uptr va, uptr len, int write); /* may ring 3 touch [va, va+len)? */
int vm_list(struct vm *vm, struct vmentry *out, int max);
void vm_destroy(struct vm *vm);      /* free every owned frame and table */
extern uptr kernel_root;             /* the kernel-only address space (boot.S's table) */

/* ---- proc.c: processes ---- */
struct proc {
    int pid;
    int state;                       /* enum pstate */
    char name[16];
    struct proc *parent;             /* NULL: detached (nobody will wait) */
    struct proc *prev_fg;            /* foreground job before it (restored at its end) */
    struct trapframe *tf;            /* where its registers were saved */
    uptr kstack;                     /* physical frame of its kernel stack */
    struct vm vm;                    /* its address space */
    uptr brk;                        /* end of its heap (sbrk) */
    int exit_code;
    int wait_pid;                    /* P_WAITCHILD: the child it waits for */
    uptr wake_tick;                  /* P_SLEEPING: when to wake */
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
extern uptr ticks;
extern uptr kstack_top;              /* the running process's kernel stack (x86-64 syscall entry) */
void sched_init(void);
void sched_ready(struct proc *p);     /* append to the run queue */
void sched_unready(struct proc *p);   /* remove from the run queue */
void sched_block(int state);          /* current stops running */
void sched_yield(void);
void sched_sleep(uptr nticks);
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
int elf_load(struct vm *vm, const u8 *image, size_t size, uptr *entry, uptr *end);

/* ---- syscall.c ---- */
void syscall_init(void);
void syscall_dispatch(struct trapframe *tf);

/* ---- programs.S (generated): the embedded user programs ---- */
struct program { const char *name; const u8 *start; const u8 *end; };
extern const struct program programs[];
const struct program *program_find(const char *name);

/* ---- main.c ---- */
extern uptr ram_bytes;
extern char _kernel_start[], _kernel_end[];

/* Last, so that its inline helpers can use everything above. */
#include "arch.h"

#endif
