; smc.asm: self-modifying code. Patches the immediate of an instruction
; just ahead of it and runs it; then writes a small routine ("mov bl, N;
; ret") into a buffer ten times with a new N and calls it; then rewrites
; the target of a jump it is about to take. Prints "S 0123456789 J".
%include "hostile.inc"
	mov byte [patch + 1], 'S'      ; the imm8 of the mov below
patch:
	mov bl, '?'
	hypercall HC_PUTCHAR
	putc ' '

	mov cl, '0'
.again:
	mov byte [buffer], 0xb3        ; mov bl, imm8
	mov byte [buffer + 1], cl
	mov byte [buffer + 2], 0xc3    ; ret
	push xCX
	call buffer
	hypercall HC_PUTCHAR
	pop xCX
	inc cl
	cmp cl, '9'
	jbe .again
	putc ' '

	mov byte [jump + 1], good - (jump + 2)   ; retarget the short jmp
jump:
	jmp short bad
bad:
	putc 'X'
	exit_code 1
good:
	putc 'J'
	putc 10
	exit_code 0

align 16
buffer: times 16 db 0xcc
