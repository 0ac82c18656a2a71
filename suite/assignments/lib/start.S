/* start.S: entry of a C submission (ELF32, 32-bit protected mode, the
 * VMM's flat segments and stack). Calls main() and exits with its value. */
	.section .text.start, "ax"
	.globl _start
_start:
	call main
	movb %al, %bl
	movb $3, %al		/* HC_EXIT_CODE */
	movw $0x500, %dx
	outb %al, %dx
1:	hlt
	jmp 1b
