/* cpu_asm.S: the mode switches and interrupt handlers of the SMP test
 * kernels. The boot CPU goes from 32-bit protected mode to long mode and
 * stays in a 32-bit (compatibility) code segment; an AP starts in real
 * mode at the trampoline (copied to 0x8000), goes through 32-bit protected
 * mode into 64-bit mode, proves it ran 64-bit code, takes its own stack,
 * and drops to compatibility mode to call ap_main(apic_id). */
#define SEL_CODE64 0x08
#define SEL_DATA   0x10
#define SEL_CODE32 0x18
#define MSR_EFER   0xc0000080
#define EFER_LME   0x100
#define CR4_PAE    0x20
#define CR0_PE     0x1
#define CR0_PG     0x80000000
#define LAPIC_ID   0xfee00020
#define LAPIC_EOI  0xfee000b0
#define AP_TRAMPOLINE 0x8000
#define AP_STACK   16384

	.section .note.GNU-stack, "", @progbits

	.data
	.align 16
gdt:
	.quad 0
	.quad 0x00af9a000000ffff      /* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff      /* 0x10: data */
	.quad 0x00cf9a000000ffff      /* 0x18: 32-bit code (compatibility mode) */
gdt_end:
gdt_descriptor:
	.word gdt_end - gdt - 1
	.long gdt

	.bss
	.globl timer_ticks
	.align 4
timer_ticks:
	.long 0
	.align 16
ap_stacks:
	.skip AP_STACK * 4

	.text
/* void cpu_enter_long_mode(uint32_t cr3): from pm32, paging off. */
	.code32
	.globl cpu_enter_long_mode
cpu_enter_long_mode:
	mov 4(%esp), %eax
	mov %eax, %cr3
	lgdt gdt_descriptor
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PG, %eax
	mov %eax, %cr0             /* EFER.LMA = 1 from here */
	ljmp $SEL_CODE32, $1f
1:	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	lidt idt_descriptor
	ret

/* The AP trampoline: position-independent real-mode code, copied to
 * AP_TRAMPOLINE; addresses inside it are computed from that base. */
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
	ljmpl $SEL_CODE32, $ap_pm32
	.align 4
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
	mov ap_cr3, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $CR4_PAE, %eax
	mov %eax, %cr4
	mov $MSR_EFER, %ecx
	rdmsr
	or $EFER_LME, %eax
	wrmsr
	mov %cr0, %eax
	or $CR0_PG, %eax
	mov %eax, %cr0
	ljmp $SEL_CODE64, $ap_long64

	.code64
ap_long64:
	mov $LAPIC_ID, %edx
	mov (%rdx), %ebx
	shr $24, %ebx              /* ebx = APIC ID */
	and $3, %ebx
	movabs $0x4c4f4e474d4f4445, %rcx
	mov $long_marker, %eax     /* a 32-bit absolute: ELF32 has no 64-bit relocations */
	mov %rcx, (%rax,%rbx,8)
	lea 1(%rbx), %eax
	imul $AP_STACK, %eax
	add $ap_stacks, %eax
	mov %eax, %esp
	pushq $SEL_CODE32
	mov $ap_compat, %eax
	push %rax
	lretq

	.code32
ap_compat:
	mov $SEL_DATA, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	lidt idt_descriptor
	push %ebx
	call ap_main
1:	cli
	hlt
	jmp 1b

/* Interrupt handlers: 64-bit code, entered through 64-bit gates. */
	.code64
	.globl ipi_handler, spurious_handler, unexpected_handler, timer_handler
ipi_handler:
	push %rax
	push %rdx
	mov $LAPIC_ID, %edx
	mov (%rdx), %eax
	shr $24, %eax
	and $3, %eax
	mov $ipi_count, %edx
	lock incl (%rdx,%rax,4)
	mov $LAPIC_EOI, %edx
	movl $0, (%rdx)
	pop %rdx
	pop %rax
	iretq

timer_handler:
	push %rax
	push %rdx
	mov $timer_ticks, %edx
	lock incl (%rdx)
	mov $0x20, %al             /* EOI to the master 8259 */
	out %al, $0x20
	pop %rdx
	pop %rax
	iretq

spurious_handler:
	iretq                      /* no EOI for the spurious vector */

unexpected_handler:
	lea unexpected_text(%rip), %rsi
1:	mov $0x3f8, %dx
	lodsb
	test %al, %al
	jz 2f
	out %al, %dx
	jmp 1b
2:	mov $0xf4, %dx
	mov $3, %eax               /* verdict: fail */
	out %eax, %dx
3:	cli
	hlt
	jmp 3b

	.section .rodata
unexpected_text:
	.asciz "\r\nFAIL: an unexpected interrupt or exception\r\n"
