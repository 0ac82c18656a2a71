; slow.asm: runs a while, printing, then exits 0. Paired with a guest that
; exits at once: one vCPU ending must not stop the others. Prints
; "slow 1", "slow 2", "slow 3" with a busy delay between them.
%include "hostile.inc"
	mov bh, '1'
.again:
	mov ecx, DELAY
.wait:
	dec ecx
	jnz .wait
	print msg
	mov bl, bh
	hypercall HC_PUTCHAR
	putc 10
	inc bh
	cmp bh, '3'
	jbe .again
	exit_code 0
msg: db "slow ", 0
