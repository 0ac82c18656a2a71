# counter.s - print 0 to 9, one per line.
# expected output: 0 1 2 ... 9 on separate lines   (exit 0)
	.code16
	.globl _start
_start:
	mov	$0x500, %dx
	mov	$'0', %cl		# current digit
next:
	mov	%cl, %bl
	mov	$1, %al			# putchar digit
	out	%al, (%dx)
	mov	$'\n', %bl
	out	%al, (%dx)		# al is still 1
	inc	%cl
	cmp	$'9', %cl
	jbe	next

	mov	$0, %al			# exit; bl = '\n', cl = ':' left over
	out	%al, (%dx)
	hlt
