# fibonacci.s - the first 15 fibonacci numbers, one per line.
# expected output: 0 1 1 2 3 5 8 13 21 34 55 89 144 233 377   (exit 0)
	.code16
	.globl _start
_start:
	mov	$0x500, %dx
	xor	%si, %si		# a = 0
	mov	$1, %di			# b = 1
	movw	$15, count
again:
	mov	%si, %ax
	call	printnum
	mov	$'\n', %bl
	mov	$1, %al
	out	%al, (%dx)
	mov	%si, %ax		# a, b = b, a + b
	add	%di, %ax
	mov	%di, %si
	mov	%ax, %di
	decw	count
	jnz	again

	mov	$0, %al			# exit
	out	%al, (%dx)
	hlt

# printnum: print %ax in decimal (trashes ax, bx, cx)
printnum:
	mov	$10, %bx
	xor	%cx, %cx
1:	push	%dx
	xor	%dx, %dx
	div	%bx
	mov	%dx, %bx
	pop	%dx
	push	%bx
	mov	$10, %bx
	inc	%cx
	test	%ax, %ax
	jnz	1b
2:	pop	%bx
	add	$'0', %bl
	mov	$1, %al
	out	%al, (%dx)
	loop	2b
	ret

count:	.word	0
