; ring3.asm: from ring 0 down to ring 3 (user mode) and back with SYSCALL.
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
;      push a frame with the user selectors (RPL 3). RFLAGS has IOPL = 3 so
;      that ring-3 code may still use OUT for the hypercalls, and IF = 0.
;   4. The user code computes 1 + 2 + ... + 1000000 and prints its CPL
;      (the low 2 bits of CS) and the sum, then executes SYSCALL.
;   5. SYSCALL enters ring 0 at LSTAR; the "kernel" says so and exits.
; No TSS is loaded: a TSS is what gives the CPU a ring-0 stack when an
; interrupt or exception arrives in ring 3. Interrupts are off and nothing
; faults here; a real kernel must have one. SYSCALL does not switch stacks
; at all: the kernel must do that itself (ours just uses the user stack).
;
; On a kvm-pvm host (see HOST.md) ring 0 is emulated and ring 3 runs
; natively, so the loop in step 4 takes milliseconds; in ring 0 it would
; take seconds.
;
; Output:
;   "ring 0: going to ring 3\n"
;   "ring 3: CPL=3, sum 1..1000000 = 500000500000\n"
;   "ring 0: back via syscall, CPL=0, rax=60\n"
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

N           equ 1000000

start:
    lgdt [rel gdt_pointer]      ; 1. our GDT (same kernel selectors as the VMM's)
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov ss, ax

    mov ecx, MSR_EFER           ; 2. SYSCALL on...
    rdmsr
    or eax, 1                   ;    EFER.SCE
    wrmsr
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

    lea rsi, [rel msg_kernel1]
    call print

    push USER_DS                ; 3. the IRETQ frame: SS,
    push USER_STACK             ;    RSP,
    push 0x3002                 ;    RFLAGS: IOPL = 3, IF = 0 (bit 1 is always 1),
    push USER_CS                ;    CS,
    lea rax, [rel user_main]
    push rax                    ;    RIP
    iretq

; ---- ring 3 -----------------------------------------------------------------
user_main:
    xor eax, eax                ; 4. RAX = 1 + 2 + ... + N
    mov ecx, N
.add:
    add rax, rcx
    loop .add
    mov rdi, rax

    lea rsi, [rel msg_user1]
    call print
    mov ax, cs                  ; CPL = CS & 3
    and al, 3
    add al, '0'
    mov bl, al
    mov dx, HC_PORT
    mov al, HC_PUTCHAR
    out dx, al
    lea rsi, [rel msg_user2]
    call print
    mov rax, rdi
    call print_dec
    mov bl, 10
    mov al, HC_PUTCHAR
    out dx, al

    mov eax, 60                 ; a "system call number", shown by the kernel
    syscall                     ; 5. to ring 0
    jmp $                       ; never reached

; ---- ring 0 again -----------------------------------------------------------
; SYSCALL has put the user RIP in RCX and RFLAGS in R11; CS = KERNEL_CS.
syscall_entry:
    mov rdi, rax                ; keep the call number
    lea rsi, [rel msg_kernel2]
    call print
    mov ax, cs
    and al, 3
    add al, '0'
    mov bl, al
    mov dx, HC_PORT
    mov al, HC_PUTCHAR
    out dx, al
    lea rsi, [rel msg_kernel3]
    call print
    mov rax, rdi
    call print_dec
    mov bl, 10
    mov al, HC_PUTCHAR
    out dx, al
    mov al, HC_EXIT
    out dx, al
    hlt                         ; never reached

; print: print the 0-terminated string at RSI. Sets DX = HC_PORT.
print:
    mov dx, HC_PORT
.next:
    lodsb
    test al, al
    jz .done
    mov bl, al
    mov al, HC_PUTCHAR
    out dx, al
    jmp .next
.done:
    ret

; print_dec: print RAX in decimal. Expects DX = HC_PORT (kept).
print_dec:
    push rdx
    mov rcx, 10
    xor r8d, r8d                ; R8 = digits pushed
.divide:
    xor edx, edx
    div rcx                     ; RAX = RDX:RAX / 10, RDX = the digit
    push rdx
    inc r8
    test rax, rax
    jnz .divide
    mov dx, HC_PORT
.print:
    pop rbx
    add bl, '0'
    mov al, HC_PUTCHAR
    out dx, al
    dec r8
    jnz .print
    pop rdx
    ret

msg_kernel1: db "ring 0: going to ring 3", 10, 0
msg_user1:   db "ring 3: CPL=", 0
msg_user2:   db ", sum 1..1000000 = ", 0
msg_kernel2: db "ring 0: back via syscall, CPL=", 0
msg_kernel3: db ", rax=", 0

; The GDT. 64-bit code descriptors: L = 1 (bit 53), D = 0; base and limit
; are ignored in long mode. DPL (bits 45-46) is 0 for the kernel, 3 for user.
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
