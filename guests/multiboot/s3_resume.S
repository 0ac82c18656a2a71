/* s3_resume.S: the real-mode code s3.c copies below 1 MiB and names as
 * the FACS's waking vector. Entered after the wake with CS = its address
 * >> 4 and IP = 0 (so offsets from s3_resume are CS-relative), interrupts
 * off. It says so on the serial port, checks that RAM kept the marker the
 * kernel left (a machine that ran on after entering S3 overwrites it) and
 * that PM1 status says why it woke (WAK_STS and RTC_STS), and gives its
 * verdict on the debug-exit port. */
	.section .note.GNU-stack, "", @progbits
	.section .rodata
	.code16
	.globl s3_resume, s3_resume_end, s3_resume_marker
s3_resume:
	mov %cs, %ax
	mov %ax, %ds
	mov $(woke_msg - s3_resume), %si
	call say
	cmpl $0x5a3a5a3a, s3_resume_marker - s3_resume
	jne 1f
	mov $(kept_msg - s3_resume), %si
	call say
	mov $0x600, %dx                  /* PM1a status */
	in %dx, %ax
	and $0x8400, %ax
	cmp $0x8400, %ax
	jne 2f
	mov $(status_msg - s3_resume), %si
	call say
	mov $1, %eax                     /* EXIT_PASS */
	jmp 3f
1:	mov $(lost_msg - s3_resume), %si
	call say
	mov $3, %eax                     /* EXIT_FAIL */
	jmp 3f
2:	mov $(nostatus_msg - s3_resume), %si
	call say
	mov $3, %eax
3:	mov $0xf4, %dx
	out %eax, %dx
4:	hlt
	jmp 4b

/* Send the string at DS:SI to COM1. */
say:	mov $0x3f8, %dx
5:	lodsb
	test %al, %al
	jz 6f
	out %al, %dx
	jmp 5b
6:	ret

woke_msg:	.asciz "resumed in real mode at the waking vector\r\n"
kept_msg:	.asciz "RAM kept its contents: ok\r\n"
lost_msg:	.asciz "RAM lost the marker: WRONG\r\nFAIL\r\n"
status_msg:	.asciz "PM1 status: WAK_STS and RTC_STS: ok\r\nPASS\r\n"
nostatus_msg:	.asciz "PM1 status: WAK_STS and RTC_STS: WRONG\r\nFAIL\r\n"
	.balign 4
s3_resume_marker:
	.long 0
s3_resume_end:
