# multiplication.s - multiplication table, 2x1=2 up to 9x9=81,
# one product per line.
# expected output: 72 lines "2x1=2" ... "9x9=81"   (exit 0)
	.code16
	.globl _start
_start:
	mov	$0x500, %dx
	mov	$2, %si			# si = left number  (2..9)
row:
	mov	$1, %di			# di = right number (1..9)
col:
	mov	%si, %ax
	call	printnum
	mov	$'x', %bl
	call	putc
	mov	%di, %ax
	call	printnum
	mov	$'=', %bl
	call	putc
	mov	%si, %ax
	mul	%di			# ax = si * di (dx gets trashed!)
	mov	$0x500, %dx
	call	printnum
	mov	$'\n', %bl
	call	putc

	inc	%di
	cmp	$9, %di
	jbe	col
	inc	%si
	cmp	$9, %si
	jbe	row

	mov	$0, %al			# exit
	out	%al, (%dx)
	hlt

# putc: print the char in %bl
putc:
	mov	$1, %al
	out	%al, (%dx)
	ret

# printnum: print %ax in decimal (trashes ax, bx, cx)
printnum:
	mov	$10, %bx
	xor	%cx, %cx
1:	push	%dx
	xor	%dx, %dx
	div	%bx			# ax = ax/10, dx = ax%10
	mov	%dx, %bx
	pop	%dx
	push	%bx			# save the digit
	mov	$10, %bx
	inc	%cx
	test	%ax, %ax
	jnz	1b
2:	pop	%bx
	add	$'0', %bl
	call	putc
	loop	2b
	ret
