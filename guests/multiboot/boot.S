/* boot.S: the Multiboot v1 header and the entry point shared by every
 * test kernel. The loader enters _start in 32-bit protected mode, paging
 * off, with EAX = 0x2BADB002 and EBX = the Multiboot info; _start gives
 * the kernel a stack and calls kmain(magic, info). Whatever kmain returns
 * is written to the debug-exit port as the verdict. */
#define MB_MAGIC 0x1BADB002
	.section .note.GNU-stack, "", @progbits
#define MB_FLAGS 0

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)

	.text
	.code32
	.globl _start
_start:
	cli
	mov $boot_stack_top, %esp
	push %ebx
	push %eax
	call kmain
	mov $0xf4, %dx            /* debug-exit: the verdict */
	out %eax, %dx
1:	hlt
	jmp 1b

	.bss
	.align 16
boot_stack:
	.skip 16384
boot_stack_top:
