/* entry.S: pcos's kernel entry at 1 MiB (from boot.S, in 32-bit protected
 * mode, paging off), its GDT, the 256 interrupt stubs that all go to
 * trap(vector), and the AP trampoline (copied to AP_TRAMPOLINE; an AP
 * starts there in real mode, enters protected mode, turns on paging with
 * PSE and the boot CPU's page directory, and calls ap_main on the stack
 * the boot CPU left in ap_stack). */
#include "pcos.h"

#define SEL_CODE 0x08
#define SEL_DATA 0x10
#define CR0_PE   0x00000001
#define CR0_WP   0x00010000
#define CR0_PG   0x80000000
#define CR4_PSE  0x00000010

	.section .note.GNU-stack, "", @progbits

	.section .text.entry, "ax"
	.code32
	.globl _start
_start:
	lgdt gdt_descriptor
	ljmp $SEL_CODE, $1f
1:	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $__bss_start, %edi     /* .bss zeroed (the stacks are not in it) */
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	mov $stacks + STACK_SIZE, %esp
	call kmain
2:	cli
	hlt
	jmp 2b

	.text
/* void paging_on(void): PSE, the page directory, then paging and WP. */
	.globl paging_on
paging_on:
	mov %cr4, %eax
	or $CR4_PSE, %eax
	mov %eax, %cr4
	mov $page_directory, %eax
	mov %eax, %cr3
	mov %cr0, %eax
	or $(CR0_PG | CR0_WP), %eax
	mov %eax, %cr0
	ret

/* Stub i pushes i and goes to trap_common; each is 16 bytes, so the IDT's
 * entries are vector_stubs + 16 * i. */
	.p2align 4
	.globl vector_stubs
vector_stubs:
	.set i, 0
	.rept 256
	.p2align 4
	pushl $i
	jmp trap_common
	.set i, i + 1
	.endr

trap_common:
	pusha
	cld
	pushl 32(%esp)             /* the vector */
	call trap
	add $4, %esp
	popa
	add $4, %esp
	iret

/* The AP trampoline: real-mode code copied to AP_TRAMPOLINE, so addresses
 * inside it are computed from that base. */
	.code16
	.globl ap_trampoline, ap_trampoline_end
ap_trampoline:
	cli
	xor %ax, %ax
	mov %ax, %ds
	lgdtl AP_TRAMPOLINE + (trampoline_gdt - ap_trampoline)
	mov %cr0, %eax
	or $CR0_PE, %eax
	mov %eax, %cr0
	ljmpl $SEL_CODE, $ap_pm32
	.p2align 2
trampoline_gdt:
	.word gdt_end - gdt - 1
	.long gdt
ap_trampoline_end:

	.code32
ap_pm32:
	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov ap_stack, %esp         /* identity-mapped: good before paging and after */
	call paging_on             /* paging as the boot CPU has it */
	call ap_main
3:	cli
	hlt
	jmp 3b

	.data
	.p2align 3
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff   /* 0x08: flat 32-bit code */
	.quad 0x00cf92000000ffff   /* 0x10: flat data */
gdt_end:
gdt_descriptor:
	.word gdt_end - gdt - 1
	.long gdt
	.globl ap_stack
	.p2align 2
ap_stack:
	.long 0

	.section .stacks, "aw", @nobits
	.p2align 4
	.globl stacks
stacks:
	.skip STACK_SIZE * (MAX_CPUS + 1)
