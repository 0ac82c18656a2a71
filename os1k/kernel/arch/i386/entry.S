/*
 * entry.S (i386) - every way into the kernel, and the one way out.
 *
 * Exceptions, PIC interrupts (vectors 0..47) and system calls (`int 0x80`)
 * all build the same struct trapframe (arch.h) on the current kernel
 * stack - the CPU switches to TSS.ESP0 when it comes from ring 3 - and
 * call trap(frame) in C.  trap() returns the frame to resume, perhaps
 * another process's, and trap_return pops it and leaves with iret.
 *
 * DS and ES always hold the user data selector, a flat segment that ring
 * 0 may use as well (gdt.c), so no entry or exit has to reload them.
 */
        .text

/* An exception that pushes no error code: push a zero so frames match. */
.macro TRAP_NOERR vec
        .balign 16
trap_stub_\vec:
        pushl   $0
        pushl   $\vec
        jmp     trap_common
.endm
/* The CPU already pushed an error code. */
.macro TRAP_ERR vec
        .balign 16
trap_stub_\vec:
        pushl   $\vec
        jmp     trap_common
.endm

#include "trap_stubs.inc"
        .global trap_stub_128
TRAP_NOERR 128                                  /* int 0x80: a system call (idt.c) */

trap_common:
        pushal
        push    %esp                            /* trap(frame) */
        call    trap
        mov     %eax, %esp                      /* the frame to resume */
        jmp     pop_frame

/* trap_return(frame): resume the context saved in frame. */
        .global trap_return
trap_return:
        mov     4(%esp), %esp
pop_frame:
        popal
        add     $8, %esp                        /* vector and error code */
        iret

/* The idle context: runs in ring 0 with interrupts on, sleeping. */
        .global idle_loop
idle_loop:
        hlt
        jmp     idle_loop

/* trap_stubs[v] = entry point for vector v (idt.c builds the IDT from it). */
        .section .rodata
        .balign 4
        .global trap_stubs
trap_stubs:
        .macro STUB_ADDR n
        .long   trap_stub_\n
        .endm
        .set v, 0
        .rept 48
        STUB_ADDR %v
        .set v, v + 1
        .endr
