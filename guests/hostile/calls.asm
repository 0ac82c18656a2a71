; calls.asm: hypercalls with bad or wild arguments. CASE:
;   badcall     AL = NR, a call number that does not exist: below 0x80
;               (the original's range) the vCPU stops, status 0, as in
;               the original; 0x80 and up (the extensions') -> 104
;   exitcode    HC_EXIT_CODE with BX = CODE (only BL counts): 0-99 is the
;               exit status, anything else a fault (104)
;   report501   write vector 13 to the exception port without any
;               exception: a forged report ends only the guest itself
;   flood       print "0123456789\n" forever: --max-output stops it
;   eof         echo the input; after it ends, read 1000 more keys with
;               HC_GETCHAR, each must be 0xff; print "eof ok" and exit 0
;   outsb       rep outsb of four call numbers (1, 1, 1, HC_EXIT_CODE) to port
;               0x500 with BL = 'R': prints RRR, then exits with 'R' = 82
;   insb        rep insb of five keys from port 0x500, printed in hex
%include "hostile.inc"
%ifidn CASE, badcall
	mov bl, 0
	hypercall NR
	exit_code 66
%elifidn CASE, exitcode
	mov bx, CODE
	hypercall HC_EXIT_CODE
	exit_code 66
%elifidn CASE, report501
	putc '>'
	mov dx, 0x501
	mov al, 13
	out dx, al
	exit_code 66
%elifidn CASE, flood
.again:
	mov xSI, digits
.next:
	mov bl, [xSI]
	test bl, bl
	jz .again
	hypercall HC_PUTCHAR
	inc xSI
	jmp .next
%elifidn CASE, eof
.echo:
	hypercall HC_GETCHAR
	in al, dx
	cmp al, 0xff
	je .ended
	mov bl, al
	hypercall HC_PUTCHAR
	jmp .echo
.ended:
	mov xCX, 1000
.more:
	push xCX
	hypercall HC_GETCHAR
	in al, dx
	pop xCX
	cmp al, 0xff
	jne .bad
	loop .more
	print msg_ok
	exit_code 0
.bad:
	print msg_bad
	exit_code 1
%elifidn CASE, outsb
	mov bl, 'R'
	mov xSI, calls
	mov xCX, 4
	mov dx, HC_PORT
	cld
	rep outsb
	exit_code 66
%elifidn CASE, insb
	hypercall HC_GETCHAR
	mov xDI, keys
	mov xCX, 5
	cld
	rep insb
	mov xSI, keys
	mov xCX, 5
.show:
	mov al, [xSI]
	push xCX
	print_hex8
	pop xCX
	inc xSI
	loop .show
	putc 10
	exit_code 0
hex_digit_routine
%else
  %error unknown CASE
%endif
digits:  db "0123456789", 10, 0
msg_ok:  db 10, "eof ok", 10, 0
msg_bad: db "a key after the end of input", 10, 0
calls:   db 1, 1, 1, HC_EXIT_CODE
keys:    times 8 db 0
