/*
 * entry.S - every way into the kernel, and the one way out.
 *
 * Interrupts/exceptions (vectors 0..47) and the `syscall` instruction all
 * build the same struct trapframe (kernel.h) on the current process's
 * kernel stack and call trap(frame) in C.  trap() returns the frame to
 * resume - perhaps another process's - and trap_return pops it and leaves
 * with iretq (sysretq raises #GP on kvm-pvm, so we never use it).
 */
        .set USER_CS, 0x23
        .set USER_DS, 0x1B
        .set VEC_SYSCALL, 0x80

        .text

/* An exception that pushes no error code: push a zero so frames match. */
.macro TRAP_NOERR vec
        .balign 16
trap_stub_\vec:
        pushq   $0
        pushq   $\vec
        jmp     trap_common
.endm
/* The CPU already pushed an error code. */
.macro TRAP_ERR vec
        .balign 16
trap_stub_\vec:
        pushq   $\vec
        jmp     trap_common
.endm

#include "trap_stubs.inc"

trap_common:
        push    %rax
        push    %rbx
        push    %rcx
        push    %rdx
        push    %rsi
        push    %rdi
        push    %rbp
        push    %r8
        push    %r9
        push    %r10
        push    %r11
        push    %r12
        push    %r13
        push    %r14
        push    %r15
        mov     %rsp, %rdi
        call    trap
        mov     %rax, %rdi
        /* fall through */

/* trap_return(frame): resume the context saved in frame. */
        .global trap_return
trap_return:
        mov     %rdi, %rsp
        pop     %r15
        pop     %r14
        pop     %r13
        pop     %r12
        pop     %r11
        pop     %r10
        pop     %r9
        pop     %r8
        pop     %rbp
        pop     %rdi
        pop     %rsi
        pop     %rdx
        pop     %rcx
        pop     %rbx
        pop     %rax
        add     $16, %rsp                       /* vector and error code */
        iretq

/*
 * syscall: RCX = user RIP, R11 = user RFLAGS, RSP still the user's, and
 * interrupts off (FMASK).  Switch to the kernel stack and build the same
 * frame an interrupt from ring 3 would have.
 */
        .global syscall_entry
syscall_entry:
        mov     %rsp, user_rsp_scratch(%rip)
        mov     kstack_top(%rip), %rsp
        pushq   $USER_DS
        pushq   user_rsp_scratch(%rip)
        push    %r11
        pushq   $USER_CS
        push    %rcx
        pushq   $0
        pushq   $VEC_SYSCALL
        jmp     trap_common

/* The idle context: runs in ring 0 with interrupts on, sleeping. */
        .global idle_loop
idle_loop:
        hlt
        jmp     idle_loop

        .data
user_rsp_scratch:
        .quad   0

/* trap_stubs[v] = entry point for vector v (idt.c builds the IDT from it). */
        .section .rodata
        .balign 8
        .global trap_stubs
trap_stubs:
        .macro STUB_ADDR n
        .quad   trap_stub_\n
        .endm
        .set v, 0
        .rept 48
        STUB_ADDR %v
        .set v, v + 1
        .endr
