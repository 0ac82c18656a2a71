# matrix.s - 2x2 matrix product C = A * B, printed row by row.
#   A = |1 2|   B = |5 6|   C = |19 22|
#       |3 4|       |7 8|       |43 50|
# expected output: "19 22" and "43 50"   (exit 0)
	.code16
	.globl _start
_start:
	# c[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j], words, row by row
	xor	%si, %si		# si = i*4 (byte offset of row i)
rowloop:
	xor	%di, %di		# di = j*2 (byte offset of column j)
colloop:
	mov	a(%si), %ax		# a[i][0]
	mulw	b(%di)			# * b[0][j]
	mov	%ax, %bp
	mov	a+2(%si), %ax		# a[i][1]
	mulw	b+4(%di)		# * b[1][j]
	add	%bp, %ax

	mov	$0x500, %dx		# mul trashed dx
	call	printnum
	mov	$' ', %bl
	cmp	$2, %di			# last column?
	jne	1f
	mov	$'\n', %bl
1:	mov	$1, %al
	out	%al, (%dx)

	add	$2, %di
	cmp	$4, %di
	jb	colloop
	add	$4, %si
	cmp	$8, %si
	jb	rowloop

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

a:	.word	1, 2
	.word	3, 4
b:	.word	5, 6
	.word	7, 8
