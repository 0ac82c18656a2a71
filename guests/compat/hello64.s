# hello64.s - hello in 64-bit long mode. Run with --long-mode:
# the VMM sets up paging and enters at rip=0. Same hypercalls.
# expected output: Hello from long mode!   (exit 0)
	.code64
	.globl _start
_start:
	lea	msg(%rip), %rsi
	mov	$len, %ecx
	mov	$0x500, %dx
print:
	movb	(%rsi), %bl
	mov	$1, %al			# putchar
	out	%al, (%dx)
	inc	%rsi
	loop	print

	mov	$0, %al			# exit (bl = '\n', rcx = 0, whatever)
	out	%al, (%dx)
	hlt

msg:	.ascii	"Hello from long mode!\n"
	.set	len, . - msg
