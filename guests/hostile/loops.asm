; loops.asm: guests that never finish, or finish by halting.
;   spin      cli; endless jmp          -> only --timeout ends it (106)
;   spin_sti  sti; endless jmp          -> 106 with --timer-hz 0; with the
;             timer on, real mode takes the ticks (IVT entry -> iret) and
;             spins on; pm32/long have no IDT entry for vector 0x20, so the
;             first tick is a #GP that the fallback IDT reports (104)
;   clihlt    cli; hlt                  -> halt, status 0
;   idle      sti; hlt in a loop, timer off, no input -> nothing can wake
;             it: halt, status 0
;   masked    every PIC line masked, sti; hlt -> halt, status 0
%include "hostile.inc"
	jmp start
	times 0x40 - ($ - $$) db 0     ; keep clear of IVT entries 8 and 9
start:
%if BITS == 16
	mov word [8 * 4], tick         ; IRQ0 -> iret (real mode only)
	mov word [8 * 4 + 2], 0
%endif
%ifidn CASE, spin
	cli
.forever:
	jmp .forever
%elifidn CASE, spin_sti
	sti
.forever:
	jmp .forever
%elifidn CASE, clihlt
	cli
	hlt
	exit_code 66                   ; never reached
%elifidn CASE, idle
	sti
.again:
	hlt
	jmp .again
%elifidn CASE, masked
	mov al, 0xff
	out 0x21, al
	sti
.again:
	hlt
	jmp .again
%else
  %error unknown CASE
%endif
tick:
	iret
