# callthree.s - an original-style guest that makes a call the VMM does not
# define, as the original Mini-KVM's own test guest does: it prints a word,
# then "asks for a newline" with call 3 (that guest's idea, never the
# original VMM's). The original VMM does not know call 3: it stops the
# vCPU, and the run ends with status 0. mini-kvm does the same (its own
# calls start at 0x80) and names the call in the end record.
#
# expected output: Hello!   (no newline), end: unknown-hypercall al=0x03,
# status 0; the exit code 7 after it is never reached.
	.code16
	.globl _start
_start:
	mov	$msg, %si
	mov	$len, %cx
	mov	$0x500, %dx
print:
	movb	(%si), %bl		# next char
	mov	$1, %al			# putchar
	out	%al, (%dx)
	inc	%si
	loop	print

	mov	$3, %al			# not a call of the original VMM's
	out	%al, (%dx)
	mov	$7, %bl			# never reached: exit code 7
	mov	$0x80, %al
	out	%al, (%dx)
	hlt

msg:	.ascii	"Hello!"
	.set	len, . - msg
