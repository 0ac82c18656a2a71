/* boot.c: CPU modes. Builds the boot area (GDT, identity page tables and a
 * fallback IDT whose stubs report unhandled exceptions on PORT_EXCEPTION)
 * and sets the segment, control and general registers that enter a guest
 * in real, 32-bit protected or 64-bit long mode (--paging's own layout is
 * paging_mode.c's). docs/ABI.md draws the resulting memory map and
 * register state. */
#include <linux/kvm.h>
#include <string.h>
#include "boot.h"

#define CR0_PE 0x1u
#define CR0_MP 0x2u
#define CR0_ET 0x10u
#define CR0_NE 0x20u
#define CR0_WP 0x10000u
#define CR0_AM 0x40000u
#define CR0_PG 0x80000000u
#define CR4_PAE 0x20u
#define CR4_OSFXSR 0x200u
#define CR4_OSXMMEXCPT 0x400u
#define EFER_LME 0x100u
#define EFER_LMA 0x400u

#define PTE_PRESENT 0x1u
#define PTE_WRITE   0x2u
#define PTE_USER    0x4u
#define PTE_HUGE    0x80u


const char *guest_mode_name(enum guest_mode mode)
{
	switch (mode) {
	case MODE_REAL: return "real";
	case MODE_PM32: return "pm32";
	case MODE_LONG: return "long";
	case MODE_PAGING: return "pm32-paging";
	}
	return "?";
}

static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void build_gdt(uint8_t *gdt, enum guest_mode mode)
{
	int is64 = mode == MODE_LONG;
	put64(gdt + 0x00, 0);
	put64(gdt + 0x08, is64 ? 0x00af9a000000ffffull : 0x00cf9a000000ffffull); /* kernel code */
	put64(gdt + 0x10, 0x00cf92000000ffffull);                                /* kernel data */
	put64(gdt + 0x18, 0x00cff2000000ffffull);                                /* user data   */
	put64(gdt + 0x20, is64 ? 0x00affa000000ffffull : 0x00cffa000000ffffull); /* user code   */
}

static void build_page_tables(uint8_t *area, uint64_t area_gpa)
{
	uint64_t *pml4 = (uint64_t *)(area + BOOT_PML4_OFF);
	uint64_t *pdpt = (uint64_t *)(area + BOOT_PDPT_OFF);
	uint64_t *pd = (uint64_t *)(area + BOOT_PD_OFF);
	const uint64_t flags = PTE_PRESENT | PTE_WRITE | PTE_USER;
	pml4[0] = (area_gpa + BOOT_PDPT_OFF) | flags;
	pdpt[0] = (area_gpa + BOOT_PD_OFF) | flags;
	for (uint64_t i = 0; i < 512; i++)
		pd[i] = (i << 21) | flags | PTE_HUGE;
}

/* Each stub: mov dx, PORT_EXCEPTION; mov al, vector; out dx, al; hlt.
 * The encoding is the same in 32- and 64-bit code. */
void boot_exception_stub(uint8_t *stub, unsigned vector)
{
	const uint8_t code[BOOT_STUB_SIZE] = { 0x66, 0xba, PORT_EXCEPTION & 0xff, PORT_EXCEPTION >> 8,
					       0xb0, (uint8_t)vector, 0xee, 0xf4 };
	memcpy(stub, code, BOOT_STUB_SIZE);
}

void boot_interrupt_gate(uint8_t *gate, uint64_t handler, unsigned size)
{
	uint8_t g[16] = { 0 };
	g[0] = handler & 0xff, g[1] = (handler >> 8) & 0xff;
	g[2] = SEL_KERNEL_CODE, g[3] = 0;
	g[5] = 0x8e;                            /* present, DPL 0, interrupt gate */
	g[6] = (handler >> 16) & 0xff, g[7] = (handler >> 24) & 0xff;
	memcpy(gate, g, size);
}

static void build_exception_stubs(uint8_t *area, uint64_t area_gpa, enum guest_mode mode)
{
	unsigned gate_size = mode == MODE_LONG ? 16 : 8;
	for (unsigned v = 0; v < FALLBACK_VECTORS; v++) {
		boot_exception_stub(area + BOOT_STUBS_OFF + v * BOOT_STUB_SIZE, v);
		boot_interrupt_gate(area + BOOT_IDT_OFF + v * gate_size,
				    area_gpa + BOOT_STUBS_OFF + v * BOOT_STUB_SIZE, gate_size);
	}
}

void boot_build_tables(uint8_t *mem, size_t mem_size, enum guest_mode mode)
{
	if (mode == MODE_REAL || mode == MODE_PAGING)   /* MODE_PAGING: paging_mode.c */
		return;
	uint64_t area_gpa = mem_size - BOOT_AREA_SIZE;
	uint8_t *area = mem + area_gpa;
	memset(area, 0, BOOT_STUBS_OFF + FALLBACK_VECTORS * BOOT_STUB_SIZE);
	build_gdt(area + BOOT_GDT_OFF, mode);
	if (mode == MODE_LONG)
		build_page_tables(area, area_gpa);
	build_exception_stubs(area, area_gpa, mode);
}

void boot_flat_segment(struct kvm_segment *seg, uint16_t selector, int code, int is64)
{
	*seg = (struct kvm_segment){
		.base = 0, .limit = 0xffffffff, .selector = selector,
		.type = code ? 11 : 3, .present = 1, .dpl = 0, .s = 1, .g = 1,
		.db = is64 && code ? 0 : 1, .l = is64 && code,
	};
}

static void real_segment(struct kvm_segment *seg)
{
	seg->base = 0;
	seg->selector = 0;
	seg->limit = 0xffff;
}

void boot_set_registers(const struct boot_info *boot, size_t mem_size,
			struct kvm_sregs *sregs, struct kvm_regs *regs)
{
	memset(regs, 0, sizeof *regs);
	regs->rflags = 0x2;
	regs->rip = boot->entry;
	regs->rax = boot->eax;
	regs->rbx = boot->ebx;
	if (boot->mode == MODE_REAL) {
		real_segment(&sregs->cs);
		real_segment(&sregs->ds), real_segment(&sregs->es), real_segment(&sregs->ss);
		real_segment(&sregs->fs), real_segment(&sregs->gs);
		sregs->cs.selector = boot->real_cs;
		sregs->cs.base = (uint64_t)boot->real_cs << 4;
		regs->rsp = 0xfffe;
		return;
	}
	uint64_t area_gpa = mem_size - BOOT_AREA_SIZE;
	int is64 = boot->mode == MODE_LONG;
	boot_flat_segment(&sregs->cs, SEL_KERNEL_CODE, 1, is64);
	boot_flat_segment(&sregs->ds, SEL_KERNEL_DATA, 0, is64);
	sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;
	sregs->gdt.base = area_gpa + BOOT_GDT_OFF;
	sregs->gdt.limit = 5 * 8 - 1;
	sregs->idt.base = area_gpa + BOOT_IDT_OFF;
	sregs->idt.limit = FALLBACK_VECTORS * (is64 ? 16 : 8) - 1;
	sregs->cr0 = CR0_PE | CR0_MP | CR0_ET | CR0_NE;
	sregs->cr4 = CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (is64) {
		sregs->cr0 |= CR0_WP | CR0_AM | CR0_PG;
		sregs->cr3 = area_gpa + BOOT_PML4_OFF;
		sregs->cr4 |= CR4_PAE;
		sregs->efer = EFER_LME | EFER_LMA;
	}
	regs->rsp = area_gpa;
	if (boot->own_tables) {
		sregs->cs.selector = boot->code_sel;
		sregs->ds.selector = boot->data_sel;
		sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;
		sregs->gdt.base = boot->gdt_base;
		sregs->gdt.limit = boot->gdt_limit;
		sregs->idt.base = 0;
		sregs->idt.limit = 0;       /* interrupts stay off until the kernel has an IDT */
		sregs->cr3 = boot->cr3;
		regs->rsp = boot->rsp;
		regs->rsi = boot->rsi;
	}
}
