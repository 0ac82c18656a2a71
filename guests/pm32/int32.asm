; int32.asm: software interrupts in 32-bit protected mode (`--mode pm32`).
;
; Shows: `int N` calls the IDT gate N like a hardware interrupt would
; (pushing EFLAGS, CS and EIP), and IRETD comes back to the next
; instruction. A trap gate (type 0xF) leaves IF as it was; an interrupt
; gate (0xE) clears it. `int3` (one byte, 0xCC) is the breakpoint
; debuggers plant, delivered at vector 3. System calls in 32-bit kernels
; (Linux's int 0x80, xv6's int 0x40) work this way.
;
; Run: mini-kvm --mode pm32 guests/pm32/int32.bin
; Output: "int 0x30 eax=00000007", "back 1", "int3 at +00000000" (its offset
; from the label: 0 when the breakpoint is ours), "back 2".
; End: exit 0. On kvm-pvm `int N` cannot be emulated outside real mode
; (status 108); the suite runs this only where --host-check says pm32-int
; and pm32-iret.

bits 32
org 0

%include "abi.inc"

start:
    lidt [idt_pointer]
    mov eax, 7
    int 0x30                        ; the "system call": prints EAX
    mov esi, text_back1
    call print
breakpoint:
    int3
    mov esi, text_back2
    call print
    mov dx, HC_PORT
    mov al, HC_EXIT
    out dx, al
    hlt

syscall_handler:
    mov esi, text_int
    call print
    call print_hex
    call newline
    iretd

breakpoint_handler:                 ; EIP pushed is the byte after int3
    mov esi, text_int3
    call print
    mov eax, [esp]
    dec eax                         ; the int3 itself
    sub eax, breakpoint             ; 0 when it is ours
    call print_hex
    call newline
    iretd

%include "print32.inc"

text_int:   db "int 0x30 eax=", 0
text_back1: db "back 1", 10, 0
text_int3:  db "int3 at +", 0
text_back2: db "back 2", 10, 0

align 8
idt:
    times 3 dq 0
    dw breakpoint_handler, 0x08, 0x8F00, 0   ; vector 3: trap gate
    times 0x30 - 4 dq 0
    dw syscall_handler, 0x08, 0x8F00, 0      ; vector 0x30: trap gate
idt_end:
idt_pointer:
    dw idt_end - idt - 1
    dd idt
