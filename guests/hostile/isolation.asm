; isolation.asm (long mode): proof that guests cannot see each other's
; RAM. Built twice: as isolation-a (MINE = pattern A, THEIRS = pattern B)
; and isolation-b (the other way round), run side by side, each in its own
; VM. Each fills all its free RAM with its own pattern, waits, then scans
; every 8-byte word of its RAM for both patterns and prints
;   "mine ok"      it finds its own pattern exactly where it wrote it
;   "theirs 0"     the other guest's pattern is nowhere
; The patterns are built at run time (not rax), so neither image contains
; the other's pattern as bytes.
%include "hostile.inc"
FILL_START equ 0x10000
	mov rbp, rsp                   ; the boot area starts here: RAM ends below
	lea r15, [rbp - 0x4000]        ; leave 16 KiB of stack
	mov rax, ~MINE
	not rax
	mov rdi, FILL_START
	mov rcx, r15
	sub rcx, rdi
	shr rcx, 3
	mov r14, rcx                   ; words written
	cld
	rep stosq

	mov rcx, DELAY                 ; give the other guest time to fill
.wait:
	dec rcx
	jnz .wait

	mov r8, ~MINE
	not r8
	mov r9, ~THEIRS
	not r9
	xor r10, r10                   ; mine found
	xor r11, r11                   ; theirs found
	xor rsi, rsi
.scan:
	mov rax, [rsi]
	cmp rax, r8
	jne .not_mine
	inc r10
.not_mine:
	cmp rax, r9
	jne .not_theirs
	inc r11
.not_theirs:
	add rsi, 8
	cmp rsi, rbp
	jb .scan

	cmp r10, r14
	jne .mine_bad
	print msg_mine_ok
	jmp .theirs
.mine_bad:
	print msg_mine_bad
.theirs:
	test r11, r11
	jnz .theirs_found
	print msg_theirs_0
	exit_code 0
.theirs_found:
	print msg_theirs_found
	exit_code 1

msg_mine_ok:      db "mine ok", 10, 0
msg_mine_bad:     db "mine NOT where it was written", 10, 0
msg_theirs_0:     db "theirs 0", 10, 0
msg_theirs_found: db "theirs FOUND", 10, 0
