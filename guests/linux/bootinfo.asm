; bootinfo.bzImage: a tiny kernel in the x86 Linux boot protocol's format
; (a setup sector carrying the "HdrS" header, then the protected-mode
; kernel whose 64-bit entry is at +0x200), for testing mini-kvm's Linux
; loader where no real kernel can run. At its 64-bit entry it prints
; what a Linux kernel would find: where it was entered, its selectors,
; the zero page's loader type, command line, initrd and e820 map; then
; it powers off through ACPI (SLP_TYP 0, SLP_EN in PM1a control), as
; Linux does with the machine's _S5.
SETUP_SECTS equ 1
ZP_E820_ENTRIES equ 0x1e8
ZP_E820_TABLE   equ 0x2d0
ZP_LOADER_TYPE  equ 0x210
ZP_INITRD_ADDR  equ 0x218
ZP_INITRD_SIZE  equ 0x21c
ZP_CMDLINE_PTR  equ 0x228
SERIAL          equ 0x3f8
PM1A_CONTROL    equ 0x604
SLP_EN          equ 0x2000

bits 16
org 0
	times 0x1f1 db 0
	db SETUP_SECTS                  ; 0x1f1 setup_sects
	dw 0                            ; 0x1f2 root_flags
	dd (kernel_end - kernel_start + 15) / 16   ; 0x1f4 syssize (16-byte units)
	dw 0                            ; 0x1f8 ram_size
	dw 0xffff                       ; 0x1fa vid_mode
	dw 0                            ; 0x1fc root_dev
	dw 0xaa55                       ; 0x1fe boot_flag
	db 0xeb, header_end - 0x202     ; 0x200 jump over the header
	db "HdrS"                       ; 0x202 header
	dw 0x020f                       ; 0x206 version 2.15
	dd 0                            ; 0x208 realmode_swtch
	dw 0, 0                         ; 0x20c start_sys_seg, kernel_version
	db 0                            ; 0x210 type_of_loader (the loader writes it)
	db 0x01                         ; 0x211 loadflags: LOADED_HIGH
	dw 0                            ; 0x212 setup_move_size
	dd 0x100000                     ; 0x214 code32_start
	dd 0, 0, 0                      ; 0x218 ramdisk_image, ramdisk_size, bootsect_kludge
	dw 0                            ; 0x224 heap_end_ptr
	db 0, 0                         ; 0x226 ext_loader_ver, ext_loader_type
	dd 0                            ; 0x228 cmd_line_ptr
	dd 0x7fffffff                   ; 0x22c initrd_addr_max
	dd 0x200000                     ; 0x230 kernel_alignment
	db 1                            ; 0x234 relocatable_kernel
	db 21                           ; 0x235 min_alignment
	dw 0x0003                       ; 0x236 xloadflags: KERNEL_64, CAN_BE_LOADED_ABOVE_4G
	dd 2047                         ; 0x238 cmdline_size
	dd 0                            ; 0x23c hardware_subarch
	dq 0                            ; 0x240 hardware_subarch_data
	dd 0, 0                         ; 0x248 payload_offset, payload_length
	dq 0                            ; 0x250 setup_data
	dq 0x1000000                    ; 0x258 pref_address
	dd 0x200000                     ; 0x260 init_size
	dd 0                            ; 0x264 handover_offset
	dd 0                            ; 0x268 kernel_info_offset
header_end:
	times 512 * (SETUP_SECTS + 1) - ($ - $$) db 0

kernel_start:
	times 0x200 db 0xf4             ; where startup_32 would be: never entered

bits 64
startup_64:
	mov rbx, rsi                    ; the zero page
	lea rsi, [rel s_entered]
	call puts
	lea rax, [rel startup_64]
	call hex64
	lea rsi, [rel s_rsi]
	call puts
	mov rax, rbx
	call hex64
	lea rsi, [rel s_cs]
	call puts
	mov ax, cs
	call hex16
	lea rsi, [rel s_ds]
	call puts
	mov ax, ds
	call hex16
	lea rsi, [rel s_ss]
	call puts
	mov ax, ss
	call hex16
	pushfq
	pop rax
	lea rsi, [rel s_if]
	call puts
	shr eax, 9
	and al, 1
	add al, '0'
	call putc
	call newline

	lea rsi, [rel s_loader]
	call puts
	movzx eax, byte [rbx + ZP_LOADER_TYPE]
	call hex8
	call newline

	lea rsi, [rel s_cmdline]
	call puts
	mov esi, [rbx + ZP_CMDLINE_PTR]
	test esi, esi
	jz .no_cmdline
	call puts
.no_cmdline:
	call newline

	lea rsi, [rel s_initrd]
	call puts
	mov eax, [rbx + ZP_INITRD_ADDR]
	call hex32
	lea rsi, [rel s_size]
	call puts
	mov eax, [rbx + ZP_INITRD_SIZE]
	call hex32
	mov ecx, [rbx + ZP_INITRD_SIZE]
	mov esi, [rbx + ZP_INITRD_ADDR]
	test ecx, ecx
	jz .initrd_done
	lea rdi, [rel s_text]
	xchg rsi, rdi
	call puts
	xchg rsi, rdi
	cmp ecx, 32
	jbe .copy
	mov ecx, 32
.copy:                                   ; its first line (at most 32 bytes)
	lodsb
	cmp al, 10
	je .initrd_done
	call putc
	loop .copy
.initrd_done:
	call newline

	lea rsi, [rel s_e820]
	call puts
	movzx r12d, byte [rbx + ZP_E820_ENTRIES]
	mov eax, r12d
	call hex8
	call newline
	lea r13, [rbx + ZP_E820_TABLE]
.entry:
	test r12d, r12d
	jz .poweroff
	mov al, ' '
	call putc
	mov rax, [r13]
	call hex64
	mov al, ' '
	call putc
	mov rax, [r13 + 8]
	call hex64
	mov al, ' '
	call putc
	mov eax, [r13 + 16]
	call hex8
	call newline
	add r13, 20
	dec r12d
	jmp .entry

.poweroff:
	lea rsi, [rel s_poweroff]
	call puts
	call newline
	mov dx, PM1A_CONTROL
	mov ax, SLP_EN                  ; SLP_TYP 0: the _S5 of mini-kvm's DSDT
	out dx, ax
.stop:
	hlt
	jmp .stop

; ---- output on the UART, by polling ----
putc:                                   ; al
	push rdx
	mov dx, SERIAL
	out dx, al
	pop rdx
	ret
newline:
	push rax
	mov al, 10
	call putc
	pop rax
	ret
puts:                                   ; rsi: NUL-terminated
	push rax
.next:
	lodsb
	test al, al
	jz .done
	call putc
	jmp .next
.done:
	pop rax
	ret
hex64:
	mov ecx, 16
	jmp hex
hex32:
	mov ecx, 8
	jmp hex
hex16:
	mov ecx, 4
	jmp hex
hex8:
	mov ecx, 2
hex:                                    ; rax: value, ecx: digits
	push rax
	push rcx
	push rdx
	mov rdx, rax
	lea eax, [rcx * 4]
	mov cl, 64
	sub cl, al
	shl rdx, cl                     ; the digits wanted, at the top
	mov ecx, eax
	shr ecx, 2
.digit:
	rol rdx, 4
	mov al, dl
	and al, 15
	add al, '0'
	cmp al, '9'
	jbe .out
	add al, 'a' - '9' - 1
.out:
	call putc
	loop .digit
	pop rdx
	pop rcx
	pop rax
	ret

s_entered:  db "bootinfo: entered at 0x", 0
s_rsi:      db " rsi=0x", 0
s_cs:       db 10, "selectors: cs=0x", 0
s_ds:       db " ds=0x", 0
s_ss:       db " ss=0x", 0
s_if:       db " interrupts=", 0
s_loader:   db "type_of_loader: 0x", 0
s_cmdline:  db "cmdline: ", 0
s_initrd:   db "initrd: at 0x", 0
s_size:     db " size 0x", 0
s_text:     db ": ", 0
s_e820:     db "e820 entries: 0x", 0
s_poweroff: db "powering off", 0
	align 16, db 0                  ; syssize counts whole 16-byte units
kernel_end:
