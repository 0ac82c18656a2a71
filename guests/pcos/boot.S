/* boot.S: pcos's boot sector, at 0x7C00 in real mode as the BIOS leaves
 * it. A20 on through port 0x92, into 32-bit protected mode, then the
 * kernel's KERNEL_SECTORS sectors from LBA KERNEL_LBA of the IDE master,
 * read by PIO with LBA28 (no BIOS call: the disk is the kernel's own way
 * in), to 1 MiB, and a jump there. A disk error ends the run through
 * debug-exit with verdict 2 (status 5). */
#include "pcos.h"

#define IDE_DATA    0x1f0
#define IDE_COUNT   0x1f2
#define IDE_LBA0    0x1f3
#define IDE_LBA1    0x1f4
#define IDE_LBA2    0x1f5
#define IDE_DRIVE   0x1f6
#define IDE_STATUS  0x1f7
#define IDE_CONTROL 0x3f6
#define KERNEL_BASE 0x100000

	.section .note.GNU-stack, "", @progbits
	.text
	.code16
	.globl boot_start
boot_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7c00, %sp
	inb $0x92, %al             /* fast A20 */
	or $2, %al
	and $0xfe, %al
	outb %al, $0x92
	lgdt gdt_descriptor
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmp $0x08, $pm32

	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $0x7c00, %esp
	mov $0x02, %al             /* nIEN: this loader polls */
	mov $IDE_CONTROL, %dx
	out %al, %dx
	mov $KERNEL_LBA, %ebx
	mov $KERNEL_BASE, %edi
	mov $KERNEL_SECTORS, %esi
1:	call read_sector
	inc %ebx
	dec %esi
	jnz 1b
	mov $KERNEL_BASE, %eax
	jmp *%eax

/* One sector at LBA %ebx to %edi (advanced by 512). */
read_sector:
	call wait_ready
	mov $IDE_COUNT, %dx
	mov $1, %al
	out %al, %dx
	mov %ebx, %eax
	mov $IDE_LBA0, %dx
	out %al, %dx
	shr $8, %eax
	inc %dx
	out %al, %dx
	shr $8, %eax
	inc %dx
	out %al, %dx
	shr $8, %eax
	and $0x0f, %al
	or $0xe0, %al              /* LBA, master */
	inc %dx
	out %al, %dx
	mov $0x20, %al             /* READ SECTORS */
	inc %dx
	out %al, %dx
2:	in %dx, %al                /* until BSY clears and DRQ or ERR */
	test $0x80, %al
	jnz 2b
	test $0x01, %al
	jnz disk_error
	test $0x08, %al
	jz 2b
	mov $IDE_DATA, %dx
	mov $128, %ecx
	rep insl
	ret

wait_ready:
	mov $IDE_STATUS, %dx
3:	in %dx, %al
	and $0xc0, %al
	cmp $0x40, %al             /* DRDY, not BSY */
	jne 3b
	ret

disk_error:
	mov $0xf4, %dx
	mov $2, %eax
	out %eax, %dx
4:	hlt
	jmp 4b

	.p2align 3
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff   /* 0x08: flat 32-bit code */
	.quad 0x00cf92000000ffff   /* 0x10: flat data */
gdt_descriptor:
	.word gdt_descriptor - gdt - 1
	.long gdt

	.org 510
	.byte 0x55, 0xaa
