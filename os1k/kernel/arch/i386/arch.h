/*
 * arch.h (i386) - what the shared kernel code needs to know about the
 * architecture: where the kernel lives, the trap frame and which of its
 * registers play which role, the native ELF format, and a few small
 * steps of boot, process creation and kernel entry that differ from
 * x86-64.  Included at the end of kernel.h.
 */
#ifndef OS1K_ARCH_H
#define OS1K_ARCH_H

#define ARCH_NAME "i386"
#define PC_NAME   "eip"                     /* how kernel messages name the program counter */

typedef unsigned long long u64;

/* The kernel runs in the top 1 GiB of the address space, where the first
 * 1 GiB of physical memory is mapped with 4 MiB (PSE) pages (boot.S).  So
 * a physical address and its kernel virtual address differ by KERNEL_BASE. */
#define KERNEL_BASE 0xC0000000UL
#define P2V(pa) ((void *)((uptr)(pa) + KERNEL_BASE))
#define V2P(va) ((uptr)(va) - KERNEL_BASE)

#define PTE_ADDR 0xFFFFF000UL

/* The page-table tree (paging.c): 2 levels of 1024 4-byte entries. */
typedef u32 pte_t;
#define PT_LEVELS 2
#define PT_INDEX_BITS 10

/* A new address space shares the kernel's: directory entries 768..1023
 * (the top 1 GiB, KERNEL_BASE and up), 4 MiB pages. */
static inline void arch_share_kernel_half(pte_t *root, const pte_t *kernel)
{
    for (unsigned i = KERNEL_BASE >> 22; i < 1024; i++)
        root[i] = kernel[i];
}

/* The registers of an interrupted context, as entry.S pushes them. */
struct trapframe {
    u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;   /* pushal */
    u32 vector, error;
    u32 eip, cs, eflags;                   /* pushed by the CPU */
    u32 esp, ss;                           /* ...only when it came from ring 3 */
};

/* Register roles (docs/OS1K.md, "System calls"): `int 0x80` with the call
 * number and the result in EAX, arguments in EBX, ECX, EDX. */
#define TF_SYSNO(tf)  ((tf)->eax)
#define TF_RESULT(tf) ((tf)->eax)
#define TF_ARG0(tf)   ((tf)->ebx)
#define TF_ARG1(tf)   ((tf)->ecx)
#define TF_ARG2(tf)   ((tf)->edx)
#define TF_PC(tf)     ((tf)->eip)
#define TF_CPL(tf)    ((tf)->cs & 3)       /* privilege level it was interrupted in */

/* The first return to user mode: a frame as if the process had been
 * interrupted at its entry point, with its command line in EAX. */
static inline void arch_user_frame(struct trapframe *tf, uptr entry, uptr args)
{
    tf->eax = args;
    tf->esp = args - 16;
    tf->eip = entry;
    tf->cs = USER_CS;
    tf->ss = USER_DS;
    tf->eflags = 0x202;                     /* IF on: user code is always preemptible */
}

/* A ring-0 context (the idle loop) that starts at pc.  An iret within
 * ring 0 pops no stack pointer: the context runs on the stack right above
 * its frame, so the frame must sit at the top of that stack (sp). */
static inline void arch_kernel_frame(struct trapframe *tf, uptr pc, uptr sp)
{
    tf->eip = pc;
    tf->cs = KERNEL_CS;
    tf->eflags = 0x202;                     /* IF on */
    tf->esp = sp;                           /* not used by the CPU; for a reader of the frame */
    tf->ss = KERNEL_DS;
}

/* Once we run in the high half: boot.S's page directory without the
 * identity map boot needed becomes the kernel-only address space. */
static inline void arch_paging_init(void)
{
    extern u32 boot_pgdir[];
    kernel_root = V2P(boot_pgdir);
    boot_pgdir[0] = 0;                      /* drop the boot identity map */
    write_cr3(kernel_root);
}

/* System calls come in through the IDT's int 0x80 gate (idt.c): nothing
 * else to set up. */
static inline void arch_syscall_init(void)
{
}

/* Every kernel entry arrives the way the CPU defines it: nothing to fix. */
static inline void arch_trap_fixup(struct trapframe *tf)
{
    (void)tf;
}

/* memset/memcpy (lib.c) move whole words with one string instruction. */
#define REP_STOS_WORDS "rep stosl"
#define REP_MOVS_WORDS "rep movsl"

/* The ELF format of user programs: ELF32, i386. */
#define ELF_CLASS   1
#define ELF_MACHINE 3
struct elf_ehdr {
    u8 ident[16];
    u16 type, machine;
    u32 version;
    u32 entry, phoff, shoff;
    u32 flags;
    u16 ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct elf_phdr {
    u32 type, offset, vaddr, paddr, filesz, memsz, flags, align;
};

#endif
