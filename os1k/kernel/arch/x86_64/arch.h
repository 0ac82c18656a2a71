/*
 * arch.h (x86-64) - what the shared kernel code needs to know about the
 * architecture: where the kernel lives, the trap frame and which of its
 * registers play which role, the native ELF format, and a few small
 * steps of boot, process creation and kernel entry that differ from i386.
 * Included at the end of kernel.h.
 */
#ifndef OS1K_ARCH_H
#define OS1K_ARCH_H

#define ARCH_NAME "x86-64"
#define PC_NAME   "rip"                     /* how kernel messages name the program counter */

typedef unsigned long u64;

/* The kernel runs in the top 2 GiB of the address space, where the first
 * 1 GiB of physical memory is mapped 1:1 with 2 MiB pages (boot.S).  So a
 * physical address and its kernel virtual address differ by KERNEL_BASE. */
#define KERNEL_BASE 0xFFFFFFFF80000000UL
#define P2V(pa) ((void *)((uptr)(pa) + KERNEL_BASE))
#define V2P(va) ((uptr)(va) - KERNEL_BASE)

#define PTE_ADDR 0x000FFFFFFFFFF000UL

/* The page-table tree (paging.c): 4 levels of 512 8-byte entries. */
typedef u64 pte_t;
#define PT_LEVELS 4
#define PT_INDEX_BITS 9

/* A new address space shares the kernel's: PML4 entry 511 (the top 2 GiB). */
static inline void arch_share_kernel_half(pte_t *root, const pte_t *kernel)
{
    root[511] = kernel[511];
}

/* The registers of an interrupted context, as entry.S pushes them. */
struct trapframe {
    u64 r15, r14, r13, r12, r11, r10, r9, r8;
    u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
    u64 vector, error;
    u64 rip, cs, rflags, rsp, ss;          /* pushed by the CPU (or by syscall entry) */
};

/* Register roles (docs/OS1K.md, "System calls"): the call number and the
 * result in RAX, arguments in RDI, RSI, RDX. */
#define TF_SYSNO(tf)  ((tf)->rax)
#define TF_RESULT(tf) ((tf)->rax)
#define TF_ARG0(tf)   ((tf)->rdi)
#define TF_ARG1(tf)   ((tf)->rsi)
#define TF_ARG2(tf)   ((tf)->rdx)
#define TF_PC(tf)     ((tf)->rip)
#define TF_CPL(tf)    ((tf)->cs & 3)       /* privilege level it was interrupted in */

/* The first return to user mode: a frame as if the process had been
 * interrupted at its entry point, with its command line in RDI. */
static inline void arch_user_frame(struct trapframe *tf, uptr entry, uptr args)
{
    tf->rdi = args;
    tf->rsp = tf->rdi - 8;
    tf->rip = entry;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
    tf->rflags = 0x202;                     /* IF on: user code is always preemptible */
}

/* A ring-0 context (the idle loop) that starts at pc on the stack ending at sp. */
static inline void arch_kernel_frame(struct trapframe *tf, uptr pc, uptr sp)
{
    tf->rip = pc;
    tf->cs = KERNEL_CS;
    tf->rflags = 0x202;                     /* IF on */
    tf->rsp = sp;
    tf->ss = KERNEL_DS;
}

/* Once we run in the high half: boot.S's tables without the identity map
 * boot needed become the kernel-only address space. */
static inline void arch_paging_init(void)
{
    extern u64 boot_pml4[];
    kernel_root = V2P(boot_pml4);
    boot_pml4[0] = 0;                       /* drop the boot identity map */
    write_cr3(kernel_root);
}

/* ---- system calls: `syscall`, set up through three MSRs ---- */
#define MSR_EFER  0xC0000080
#define MSR_STAR  0xC0000081
#define MSR_LSTAR 0xC0000082
#define MSR_FMASK 0xC0000084

static inline void wrmsr(u32 msr, u64 v) { __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32))); }
static inline u64 rdmsr(u32 msr) { u32 lo, hi; __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr)); return ((u64)hi << 32) | lo; }

extern char syscall_entry[];                /* entry.S */

static inline void arch_syscall_init(void)
{
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1);                      /* SCE: enable syscall */
    wrmsr(MSR_STAR, ((u64)KERNEL_DS << 48) | ((u64)KERNEL_CS << 32)); /* 0x10+8 = user SS, +16 = user CS */
    wrmsr(MSR_LSTAR, (u64)syscall_entry);
    wrmsr(MSR_FMASK, 0x40700);                                 /* clear IF, TF, DF, AC on entry */
}

/*
 * User programs make system calls with `syscall`, which should enter
 * syscall_entry (LSTAR) in ring 0.  On a kvm-pvm host it does not: the
 * CPU jumps to LSTAR but stays in ring 3 (CS = 0x23), so the very first
 * instruction fetch from the kernel page raises a #PF.  That fault still
 * holds everything the system call needs - RAX and the arguments, RCX =
 * the return address, R11 = the caller's RFLAGS - so trap() lets us finish
 * the job here: make the frame look as if syscall_entry had built it.  On
 * a host where `syscall` works (VT-x, AMD-V) this never happens.
 * A program could also just jump to that address with RCX and R11 of its
 * choosing, so we take from R11 only the arithmetic, trap and direction
 * flags (never IOPL), and accept RCX only if it points into user memory.
 */
static inline int is_ring3_syscall(struct trapframe *tf)
{
    return tf->vector == 14 && (tf->cs & 3) == 3 && (tf->error & 4) &&
           tf->rip == (u64)syscall_entry && read_cr2() == (u64)syscall_entry &&
           tf->rcx < USER_LIMIT;
}

#define USER_FLAGS 0xDD5                    /* CF PF AF ZF SF TF DF OF */

static inline void arch_trap_fixup(struct trapframe *tf)
{
    if (is_ring3_syscall(tf)) {
        tf->rip = tf->rcx;                  /* what sysret would have restored */
        tf->rflags = (tf->r11 & USER_FLAGS) | 0x202;   /* IF on, bit 1 */
        tf->vector = VEC_SYSCALL;
    }
}

/* memset/memcpy (lib.c) move whole words with one string instruction. */
#define REP_STOS_WORDS "rep stosq"
#define REP_MOVS_WORDS "rep movsq"

/* The ELF format of user programs: ELF64, x86-64. */
#define ELF_CLASS   2
#define ELF_MACHINE 62
struct elf_ehdr {
    u8 ident[16];
    u16 type, machine;
    u32 version;
    u64 entry, phoff, shoff;
    u32 flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
    u32 type, flags;
    u64 offset, vaddr, paddr, filesz, memsz, align;
};

#endif
