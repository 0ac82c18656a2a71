/* emufail.S: a kernel that executes `int $0x80` in 32-bit protected
 * mode. A VT-x host delivers it through the IDT (the VMM's fallback IDT
 * has no gate for 0x80: #GP, reported as a fault); a kvm-pvm host cannot
 * emulate it at all and the run must end at once with KVM_EXIT_INTERNAL_ERROR
 * (status 108), never hang. */
#define MB_MAGIC 0x1BADB002
	.section .note.GNU-stack, "", @progbits
	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, 0, -MB_MAGIC

	.text
	.code32
	.globl _start
_start:
	mov $0x3f8, %dx
	mov $'!', %al
	out %al, %dx
	int $0x80
	mov $0xf4, %dx           /* not reached on either kind of host */
	mov $1, %eax
	out %eax, %dx
1:	hlt
	jmp 1b
