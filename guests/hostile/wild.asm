; wild.asm: touching memory that is not RAM. Every access at or above the
; end of RAM is an MMIO exit that ends the guest (104, naming the address);
; above the identity map (1 GiB) in long mode it is a #PF instead.
;   jmp_high    jump to 256 MiB (real mode: 0x2000:0 with --mem 64K)
;   jmp_2g      long: jump to 2 GiB, above the page tables  -> #PF
;   jmp_noncanon long: jump to a non-canonical address       -> #GP
;   read        read at 256 MiB (real: 0x2000:0 with --mem 64K)
;   write       write there
;   storm       write every 4 bytes from 256 MiB on, forever: the first
;               write ends it
;   rep_edge    rep movsb of 64 bytes ending 32 bytes past the end of a
;               4 MiB RAM: the first byte outside RAM ends it
;   stack_null  the stack pointer set to 0, then push: pm32 writes just
;               below 4 GiB (MMIO); long mode pushes to an unmapped page
;               with nowhere to deliver the #PF -> triple fault
%include "hostile.inc"
	putc '>'
%if BITS == 16
	mov ax, 0x2000
	mov es, ax
%endif
%ifidn CASE, jmp_high
  %if BITS == 16
	jmp 0x2000:0
  %else
	mov xAX, 0x10000000
	jmp xAX
  %endif
%elifidn CASE, jmp_2g
	mov rax, 0x80000000
	jmp rax
%elifidn CASE, jmp_noncanon
	mov rax, 0x0000800000000000
	jmp rax
%elifidn CASE, read
  %if BITS == 16
	mov ax, [es:0x10]
  %else
	mov eax, [0x10000010]
  %endif
%elifidn CASE, write
  %if BITS == 16
	mov word [es:0x10], 0x1234
  %else
	mov dword [0x10000010], 0x12345678
  %endif
%elifidn CASE, storm
  %if BITS == 16
	xor di, di
.again:
	mov dword [es:di], 0xdeadbeef
	add di, 4
	jmp .again
  %else
	mov xDI, 0x10000000
.again:
	mov dword [xDI], 0xdeadbeef
	add xDI, 4
	jmp .again
  %endif
%elifidn CASE, rep_edge
	mov xSI, 0
	mov xDI, 0x400000 - 32
	mov xCX, 64
	cld
	rep movsb
%elifidn CASE, stack_null
	xor xAX, xAX
	mov xSP, xAX
	push xAX
%else
  %error unknown CASE
%endif
	putc '!'                       ; never reached
	exit_code 66
