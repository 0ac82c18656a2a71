; clobber.asm: the guest wrecks the VMM's boot area, which lives in its
; own RAM (docs/ABI.md), and so only itself:
;   tables   long: clear the PML4, reload CR3: the next fetch faults and
;            the IDT is unreachable too -> triple fault
;   gdt      pm32: clear the code descriptor, then a far jump through it
;            -> #GP, whose gate needs that descriptor too -> triple fault
;   msr      long: wrmsr to an MSR that does not exist -> #GP (13)
;   rdmsr    long: rdmsr of an MSR that does not exist -> #GP (13)
%include "hostile.inc"
	putc '>'
%ifidn CASE, tables
	mov rax, cr3
	mov qword [rax], 0
	mov cr3, rax
	nop
%elifidn CASE, gdt
	sgdt [gdtr]
	mov ebx, [gdtr + 2]
	mov dword [ebx + 8], 0
	mov dword [ebx + 12], 0
	jmp 0x08:.next
.next:
%elifidn CASE, msr
	mov ecx, 0xdeadbeef
	xor eax, eax
	xor edx, edx
	wrmsr
%elifidn CASE, rdmsr
	mov ecx, 0x12345678
	rdmsr
%else
  %error unknown CASE
%endif
	putc '!'
	exit_code 66
align 8
gdtr: dw 0
      dq 0
