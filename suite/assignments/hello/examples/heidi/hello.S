/* heidi: correct, in GNU as (32-bit protected mode, ELF) */
	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	movl $msg, %esi
	movw $0x500, %dx
next:
	movb (%esi), %bl
	testb %bl, %bl
	jz done
	movb $1, %al
	outb %al, %dx
	incl %esi
	jmp next
done:
	movb $0, %al
	outb %al, %dx
	hlt

	.section .rodata
msg:	.asciz "Hello, world!\n"
