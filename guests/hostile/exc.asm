; exc.asm: one exception class each, never handled by the guest, so the
; VMM's fallback IDT (pm32/long) reports the vector and the guest ends
; with status 104. CASE picks the exception:
;   de  divide by zero               #DE 0
;   db  single-step trap (TF)        #DB 1
;   br  bound out of range (pm32)    #BR 5
;   ud  ud2                          #UD 6
;   nm  x87 with CR0.TS set          #NM 7
;   df  #GP through a not-present gate -> #NP during delivery -> #DF 8
;   np  load DS from a not-present descriptor   #NP 11
;   ss  pm32: load SS from a not-present descriptor; long: a non-canonical
;       address through RBP                      #SS 12
;   gp  pm32: selector beyond the GDT; long: non-canonical address  #GP 13
;   pf  long: read at 2 GiB, above the identity map       #PF 14
;   pfw long: write there                                  #PF 14
;   mf  x87 divide by zero, unmasked, then fwait          #MF 16
;   xm  SSE divide by zero, unmasked                      #XM 19
%include "hostile.inc"
	putc '>'
%ifidn CASE, de
	xor ecx, ecx
	div ecx
%elifidn CASE, db
	pushf
	or word [xSP], 0x100
	popf
	nop
%elifidn CASE, br
	mov eax, 10
	bound eax, [bounds]
%elifidn CASE, ud
	ud2
%elifidn CASE, nm
	mov xAX, cr0
	or xAX, 8                      ; TS
	mov cr0, xAX
	fninit
%elifidn CASE, df
	sidt [idtr]
	mov xBX, [idtr + 2]
	and byte [xBX + 13 * GATE + 5], 0x7f   ; #GP gate: not present
	and byte [xBX + 11 * GATE + 5], 0x7f   ; #NP gate too
	mov ax, 0x1230                 ; beyond the GDT: #GP
	mov ds, ax
%elifidn CASE, np
	sgdt [gdtr]
	mov xBX, [gdtr + 2]
	and byte [xBX + 0x18 + 5], 0x7f        ; descriptor 0x18: not present
	mov ax, 0x18
	mov ds, ax
%elifidn CASE, ss
  %if BITS == 32
	sgdt [gdtr]
	mov xBX, [gdtr + 2]
	and byte [xBX + 0x10 + 5], 0x7f        ; the data descriptor: not present
	mov ax, 0x10
	mov ss, ax
  %else
	mov rbp, 0x8000000000000000
	mov rax, [rbp]
  %endif
%elifidn CASE, gp
  %if BITS == 32
	mov ax, 0x1230
	mov ds, ax
  %else
	mov rax, 0x8000000000000000
	mov rbx, [rax]
  %endif
%elifidn CASE, pf
	mov ebx, 0x80000000
	mov rax, [rbx]
%elifidn CASE, pfw
	mov ebx, 0x80000000
	mov dword [rbx], 1
%elifidn CASE, mf
	fninit
	fldcw [fpu_cw]
	fld1
	fldz
	fdivp st1, st0
	fwait
%elifidn CASE, xm
	ldmxcsr [sse_csr]
	mov eax, 1
	cvtsi2ss xmm0, eax
	xorps xmm1, xmm1
	divss xmm0, xmm1
%else
  %error unknown CASE
%endif
	putc '!'                       ; never reached
	exit_code 66

%if BITS == 64
  GATE equ 16
%else
  GATE equ 8
%endif
align 8
idtr:    dw 0
         dq 0
gdtr:    dw 0
         dq 0
bounds:  dd 0, 5
fpu_cw:  dw 0x037b                 ; every x87 exception masked but zero-divide
sse_csr: dd 0x1d80                 ; every SSE exception masked but zero-divide
