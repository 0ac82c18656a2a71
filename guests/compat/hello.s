# hello.s - print "Hello, KVM!" with the Mini-KVM hypercalls.
#
# hypercall = out %al,(%dx) with %dx = 0x500:
#   al = 0  exit
#   al = 1  putchar, the char is in %bl
#   al = 2  getchar, then in (%dx),%al  (0xff = nothing)
#
# expected output: Hello, KVM!   (exit 0)
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

	mov	$0, %al			# exit (bl still holds '\n', doesn't matter)
	out	%al, (%dx)
	hlt

msg:	.ascii	"Hello, KVM!\n"
	.set	len, . - msg
