; triple.asm: an exception with no usable IDT. lidt with limit 0, then
; ud2: #UD cannot be delivered -> #GP -> #DF -> triple fault (shutdown).
; In real mode the same happens through a zero-limit IVT.
%include "hostile.inc"
	lidt [empty_idt]
	ud2
	exit_code 66                   ; never reached
empty_idt:
	dw 0
	dq 0
