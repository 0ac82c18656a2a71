; ring3.asm: a tiny kernel that runs a user program in ring 3, with two
; system calls (write and exit) through SYSCALL.
;
; Run: mini-kvm --mode long guests/long/ring3.bin
;
; Shows how a 64-bit kernel starts a user program:
;   1. Its own GDT with kernel and user segments. Their order is fixed by
;      SYSCALL/SYSRET: kernel code, kernel data, then user data, user code.
;   2. SYSCALL set up through MSRs: EFER.SCE turns it on, STAR holds the
;      kernel selectors, LSTAR the address SYSCALL jumps to, FMASK the
;      RFLAGS bits it clears.
;   3. IRETQ "returns" to ring 3: it pops RIP, CS, RFLAGS, RSP and SS, so we
;      push a frame with the user selectors (RPL 3). RFLAGS has IOPL = 0:
;      the user program may not touch I/O ports, so it cannot print by
;      itself; it asks the kernel.
;   4. The user program computes 1 + 2 + ... + 1000000, builds a line of
;      text with its CPL (the low 2 bits of CS) and the sum, and makes two
;      system calls: write(buffer, length), then exit(0).
;   5. SYSCALL enters the kernel at LSTAR with the user's RIP in RCX and
;      RFLAGS in R11. The kernel does the work with hypercalls (OUT) and
;      goes back to ring 3 with IRETQ (on kvm-pvm SYSRETQ raises #GP; see
;      HOST.md).
; Simplifications a real kernel cannot make: no TSS (a TSS gives the CPU a
; ring-0 stack for interrupts and exceptions from ring 3; we take none) and
; the kernel runs on the user's stack (SYSCALL does not switch stacks).
;
; On a kvm-pvm host ring 0 is emulated and ring 3 runs natively, so the
; loop in step 4 takes milliseconds; in ring 0 it would take seconds.
; (Setting EFER.SCE only works because the VMM's CPUID says the CPU has
; SYSCALL; KVM refuses the WRMSR with #GP otherwise.)
;
; KNOWN HOST BUG (kvm-pvm, November 2026): with some placements of this
; code in memory (e.g. 10 bytes of padding before `lgdt`), the IRETQ to
; ring 3 leaves the vCPU in a broken state: the user code then runs
; without the IOPL it was given, or the next SYSCALL enters LSTAR still
; with CS = 0x23 and faults. The failure is deterministic for a given image
; and the image as committed here runs correctly. If an edit to this file
; makes it triple-fault in kernel_write on kvm-pvm only, that is this bug.
;
; Output:
;   "kernel: starting the user program\n"
;   "user: CPL=3, 1+2+...+1000000 = 500000500000\n"
;   "kernel: exit(0) from ring 3\n"
; End: `exit 0`.

bits 64
org 0

%include "abi.inc"

KERNEL_CS   equ 0x08
KERNEL_DS   equ 0x10
USER_DS     equ 0x18 | 3        ; RPL 3
USER_CS     equ 0x20 | 3
USER_STACK  equ 0x80000         ; free RAM (the page tables allow user access)

MSR_EFER    equ 0xC0000080
MSR_STAR    equ 0xC0000081
MSR_LSTAR   equ 0xC0000082
MSR_FMASK   equ 0xC0000084

SYS_WRITE   equ 1               ; write(RSI = buffer, RDX = length)
SYS_EXIT    equ 60              ; exit(RDI = code)

N           equ 1000000

; ---- the kernel (ring 0) ---------------------------------------------------
start:
    lgdt [rel gdt_pointer]      ; 1. our GDT (same kernel selectors as the VMM's)

    mov ecx, MSR_EFER           ; 2. SYSCALL on: EFER.SCE (bit 0)
    rdmsr
    test eax, 1
    jnz .sce_on
    or eax, 1
    wrmsr
.sce_on:
    mov ecx, MSR_STAR           ;    STAR[47:32] = kernel CS (SS = CS + 8);
    xor eax, eax                ;    STAR[63:48] = base of the user selectors
    mov edx, ((USER_DS - 8) << 16) | KERNEL_CS   ; for SYSRET (unused here)
    wrmsr
    mov ecx, MSR_LSTAR          ;    where SYSCALL goes
    lea rax, [rel syscall_entry]
    xor edx, edx
    wrmsr
    mov ecx, MSR_FMASK          ;    SYSCALL clears IF in RFLAGS
    mov eax, 0x200
    xor edx, edx
    wrmsr

    lea rsi, [rel msg_start]
    mov edx, msg_start_len
    call kernel_write

    push USER_DS                ; 3. the IRETQ frame: SS,
    push USER_STACK             ;    RSP,
    push 0x0002                 ;    RFLAGS: IOPL 0, IF 0 (bit 1 is always 1),
    push USER_CS                ;    CS,
    lea rax, [rel user_main]
    push rax                    ;    RIP
    iretq

; SYSCALL lands here, in ring 0: RAX = the call number, RCX = the user's
; RIP, R11 = the user's RFLAGS.
syscall_entry:
    cmp rax, SYS_WRITE
    je .write
    cmp rax, SYS_EXIT
    je .exit
    mov rax, -1                 ; unknown call: return -1
    jmp .return
.write:
    push rcx                    ; kernel_write uses RCX: keep the user's RIP
    call kernel_write           ; RSI, RDX as the user passed them
    pop rcx
    xor eax, eax                ; return 0
.return:
    mov r8, rsp                 ; back to ring 3 with IRETQ
    push USER_DS
    push r8
    push r11
    push USER_CS
    push rcx
    iretq
.exit:
    lea rsi, [rel msg_exit]
    mov edx, msg_exit_len
    call kernel_write
    mov ebx, edi                ; the user's exit code, in BL
    mov dx, HC_PORT
    mov al, HC_EXIT_CODE
    out dx, al
    hlt                         ; never reached

; kernel_write: print RDX bytes from RSI with HC_PUTCHAR.
; Clobbers RAX, RBX, RCX, RDX, RSI.
kernel_write:
    mov rcx, rdx
    mov dx, HC_PORT
    jrcxz .done
.next:
    lodsb
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    loop .next
.done:
    ret

msg_start:      db "kernel: starting the user program", 10
msg_start_len   equ $ - msg_start
msg_exit:       db "kernel: exit(0) from ring 3", 10
msg_exit_len    equ $ - msg_exit

; ---- the user program (ring 3) ---------------------------------------------
user_main:
    xor eax, eax                ; 4. RAX = 1 + 2 + ... + N
    mov ecx, N
.add:
    add rax, rcx
    loop .add
    mov r12, rax

    lea rdi, [rel line]         ; build the line in `line`
    lea rsi, [rel text_cpl]
    call user_append
    mov ax, cs                  ; CPL = CS & 3
    and al, 3
    add al, '0'
    stosb
    lea rsi, [rel text_sum]
    call user_append
    mov rax, r12
    call user_append_dec
    mov al, 10
    stosb

    lea rsi, [rel line]         ; write(line, length)
    mov rdx, rdi
    sub rdx, rsi
    mov eax, SYS_WRITE
    syscall

    xor edi, edi                ; exit(0)
    mov eax, SYS_EXIT
    syscall
    jmp $                       ; never reached

; user_append: copy the 0-terminated string at RSI to RDI (advancing RDI).
user_append:
    lodsb
    test al, al
    jz .done
    stosb
    jmp user_append
.done:
    ret

; user_append_dec: append RAX in decimal at RDI (advancing RDI).
user_append_dec:
    mov rcx, 10
    xor r8d, r8d                ; R8 = digits pushed
.divide:
    xor edx, edx
    div rcx                     ; RAX = RDX:RAX / 10, RDX = the digit
    push rdx
    inc r8
    test rax, rax
    jnz .divide
.store:
    pop rax
    add al, '0'
    stosb
    dec r8
    jnz .store
    ret

text_cpl:   db "user: CPL=", 0
text_sum:   db ", 1+2+...+1000000 = ", 0
line:       times 64 db 0       ; the user's output buffer

; ---- the GDT ------------------------------------------------------------------
; 64-bit code descriptors: L = 1 (bit 53), D = 0; base and limit are
; ignored in long mode. DPL (bits 45-46) is 0 for the kernel, 3 for user.
align 8
gdt:
    dq 0                        ; 0x00: null
    dq 0x00AF9A000000FFFF       ; 0x08: kernel code, 64-bit
    dq 0x00CF92000000FFFF       ; 0x10: kernel data
    dq 0x00CFF2000000FFFF       ; 0x18: user data (DPL 3)
    dq 0x00AFFA000000FFFF       ; 0x20: user code, 64-bit (DPL 3)
gdt_end:

gdt_pointer:
    dw gdt_end - gdt - 1
    dq gdt
