; misc.asm: instructions a guest may try that the VMM never sees or sees
; in bulk. CASE:
;   vmcall     the KVM hypercall instruction: KVM answers it itself (an
;              error in RAX), the guest goes on; prints "vmcall ok"
;   rep_insb   rep insb of 64 KiB from a port with no device: every byte
;              0xff, in as many exits as KVM needs; prints "insb ok"
;   rep_outsb  rep outsb of 64 KiB to a port with no device; "outsb ok"
%include "hostile.inc"
%ifidn CASE, vmcall
	mov xAX, 0x12345678
	vmcall
	cmp xAX, 0x12345678
	je .same
	print msg_vmcall
	exit_code 0
.same:
	print msg_same
	exit_code 1
%elifidn CASE, rep_insb
	mov xDI, BUFFER
	mov xCX, 0x10000
	mov dx, 0x80
	cld
	rep insb
	mov xSI, BUFFER
	mov xCX, 0x10000
.check:
	cmp byte [xSI], 0xff
	jne .bad
	inc xSI
	dec xCX
	jnz .check
	print msg_insb
	exit_code 0
.bad:
	print msg_bad
	exit_code 1
%elifidn CASE, rep_outsb
	mov xSI, 0
	mov xCX, 0x10000
	mov dx, 0x80
	cld
	rep outsb
	print msg_outsb
	exit_code 0
%else
  %error unknown CASE
%endif
BUFFER equ 0x100000
msg_vmcall: db "vmcall ok", 10, 0
msg_same:   db "vmcall left RAX alone", 10, 0
msg_insb:   db "insb ok", 10, 0
msg_outsb:  db "outsb ok", 10, 0
msg_bad:    db "insb gave a byte that is not 0xff", 10, 0
