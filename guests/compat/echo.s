# echo.s - read keys with getchar and print them back, until there are
# no more (getchar gives 0xff).
# expected output: the input   (exit 0)
	.code16
	.globl _start
_start:
	mov	$0x500, %dx
loop:
	mov	$2, %al			# getchar
	out	%al, (%dx)
	in	(%dx), %al		# the key, or 0xff
	cmp	$0xff, %al
	je	done
	mov	%al, %bl
	mov	$1, %al			# putchar
	out	%al, (%dx)
	jmp	loop
done:
	mov	$0, %al			# exit (bl = last key)
	out	%al, (%dx)
	hlt
