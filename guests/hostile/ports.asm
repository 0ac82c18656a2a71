; ports.asm: reads and writes every port a guest might poke at, with no
; input, and prints what each read returned (two hex digits each):
;   pic   0x21 mask, after writing 0xa5, 0x20, after an init sequence
;   kbd   0x64 status, 0x60 data (no key), after controller commands
;   slave 0xa0, 0xa1 (accepted, read 0xff)
;   none  ports with no device: 0x80, 0x2f8 (word), 0xcf8 (dword, low
;         byte), 0xffff, 0x502, 0x4ff -> all 0xff
;   exc   an in from 0x501 (the exception port only takes outs) -> 0xff
;   hc    an in from 0x500 without HC_GETCHAR, no input -> 0xff
; then hypercalls issued as a word and as a dword out (AL is the call),
; and exit 0.
%include "hostile.inc"
	print msg_pic
	in al, 0x21
	call show
	mov al, 0xa5
	out 0x21, al
	in al, 0x21
	call show
	in al, 0x20
	call show
	mov al, 0x11                   ; ICW1..ICW4: vectors at 0x30
	out 0x20, al
	mov al, 0x30
	out 0x21, al
	mov al, 0x04
	out 0x21, al
	mov al, 0x01
	out 0x21, al
	in al, 0x21
	call show
	mov al, 0x20                   ; EOI with nothing in service
	out 0x20, al

	print msg_kbd
	in al, 0x64
	call show
	in al, 0x60
	call show
	mov al, 0xfe                   ; "pulse reset line": ignored
	out 0x64, al
	mov al, 0xff
	out 0x60, al
	in al, 0x64
	call show

	print msg_slave
	mov al, 0x11
	out 0xa0, al
	in al, 0xa0
	call show
	in al, 0xa1
	call show

	print msg_none
	in al, 0x80
	call show
	mov al, 0x42
	out 0x80, al
	mov dx, 0x2f8
	in ax, dx
	call show
	mov dx, 0xcf8
	in eax, dx
	call show
	mov eax, 0x80000000
	out dx, eax
	mov dx, 0xffff
	in al, dx
	call show
	out dx, al
	mov dx, 0x502
	in al, dx
	call show
	mov dx, 0x4ff
	in al, dx
	call show

	print msg_exc
	mov dx, 0x501
	in al, dx
	call show

	print msg_hc
	mov dx, HC_PORT
	in al, dx
	call show

	putc 10
	mov bl, 'W'
	mov dx, HC_PORT
	mov ax, 0x4201                 ; word out: AL = 1 (putchar)
	out dx, ax
	mov eax, 0x12345601            ; dword out: AL = 1
	out dx, eax
	putc 10
	exit_code 0

show:                              ; print AL in hex and a space (keeps DX)
	push xDX
	print_hex8
	putc ' '
	pop xDX
	ret
hex_digit_routine

msg_pic:   db "pic ", 0
msg_kbd:   db 10, "kbd ", 0
msg_slave: db 10, "slave ", 0
msg_none:  db 10, "none ", 0
msg_exc:   db 10, "exc ", 0
msg_hc:    db 10, "hc ", 0
