; timer_real.asm: the interrupt-latency guest. Installs a real-mode IRQ0
; handler, enables interrupts and waits for N timer ticks, then HC_EXIT.
; Built twice: timer_real.bin waits in `hlt` (the vCPU thread sleeps and
; the timer wakes it), timer_busy.bin spins (the timer must kick the vCPU
; out of KVM_RUN). The latency itself is measured by mini-kvm when
; MINI_KVM_IRQ_LATENCY names a file (see docs/PERFORMANCE.md): the handler
; begins with an `out` to port 0x4f0 (no device there: the VMM ignores it)
; so that it makes an exit the VMM can time at once.
bits 16
org 0
%include "abi.inc"
%include "count.inc"

MARK_PORT equ 0x4f0

    jmp start
    times 0x40 - ($ - $$) db 0  ; the IVT entries 8 and 9 live at 0x20-0x27
    BENCH_COUNT ticks, 100
start:
    cli
    mov word [VEC_TIMER_REAL * 4], on_timer
    mov word [VEC_TIMER_REAL * 4 + 2], 0
    sti
.wait:
%ifdef BUSY
    jmp .wait
%else
    hlt
    jmp .wait
%endif

on_timer:
    push dx
    mov dx, MARK_PORT
    out dx, al                  ; "the handler has started"
    pop dx
    inc dword [seen]
    push eax
    mov eax, [seen]
    cmp eax, [ticks]
    pop eax
    jae .done
    iret
.done:
    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt

seen: dd 0
