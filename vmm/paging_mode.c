/* paging_mode.c: --paging, the machine the original Mini-KVM gives its
 * 32-bit 1K OS, so that OS runs here unchanged: the flat image at --load
 * (0x1000), entered at --entry (EIP 0x80001000) with paging already on;
 * a page directory at 0x100000 whose entries 0 and 512 map 0-4 MiB twice
 * (identity, and at 0x80000000) through two tables of 4 KiB pages; its
 * five-descriptor GDT at 0x500 and 256-entry IDT right after it.
 *
 * One addition: the original leaves the IDT zeroed, so any exception is a
 * triple fault; here vectors 0-31 lead to stubs (after the IDT) that
 * report the exception by name (exits.c), as the other modes' fallback
 * IDT does. The gates use the stubs' higher-half addresses, which a
 * higher-half kernel keeps mapped; a guest that fills its IDT replaces
 * them. Guest code sees no other difference. */
#include <elf.h>
#include <linux/kvm.h>
#include <string.h>
#include "paging_mode.h"
#include "status.h"

#define PTE_PRESENT_WRITABLE 0x3u
#define CR0_PE 0x1u
#define CR0_ET 0x10u
#define CR0_PG 0x80000000u

bool paging_mapped(uint64_t vaddr)
{
	return vaddr < PAGING_MAPPED ||
	       (vaddr >= PAGING_HIGH_BASE && vaddr < PAGING_HIGH_BASE + PAGING_MAPPED);
}

int paging_check_options(uint64_t load, uint64_t entry, size_t mem_size, char *err, size_t errlen)
{
	if (mem_size < PAGING_MIN_MEM) {
		error_format(err, errlen, "--paging maps 4 MiB of RAM (page tables at 0x%x): --mem must be at least 4M",
			     PAGING_DIRECTORY);
		return STATUS_USAGE;
	}
	if (load >= PAGING_MAPPED) {
		error_format(err, errlen, "--load 0x%llx: the image must go in the first 4 MiB (0x0-0x%x), which --paging maps",
			     (unsigned long long)load, PAGING_MAPPED - 1);
		return STATUS_USAGE;
	}
	if (!paging_mapped(entry)) {
		error_format(err, errlen, "--entry 0x%llx is not mapped: --paging maps 0x0-0x%x and 0x%x-0x%x",
			     (unsigned long long)entry, PAGING_MAPPED - 1, PAGING_HIGH_BASE,
			     PAGING_HIGH_BASE + PAGING_MAPPED - 1);
		return STATUS_USAGE;
	}
	return STATUS_OK;
}

/* [start, end) and [lo, hi) overlap. */
static bool overlaps(uint64_t start, uint64_t end, uint64_t lo, uint64_t hi)
{
	return start < hi && lo < end;
}

int paging_load(const uint8_t *data, size_t size, uint64_t load, uint64_t entry,
		uint8_t *mem, size_t mem_size, struct boot_info *boot, char *err, size_t errlen)
{
	if (size == 0)
		return error_format(err, errlen, "image is empty");
	if (size >= SELFMAG && memcmp(data, ELFMAG, SELFMAG) == 0)
		return error_format(err, errlen, "an ELF file: --paging loads a flat binary (objcopy -O binary); "
				    "an ELF32 runs without --paging");
	uint64_t end = load + size;
	if (end > PAGING_MAPPED || end > mem_size)
		return error_format(err, errlen, "flat image is %zu bytes; at --load 0x%llx it ends at 0x%llx, past the 4 MiB --paging maps",
				    size, (unsigned long long)load, (unsigned long long)end);
	if (overlaps(load, end, PAGING_GDT, PAGING_LOW_END))
		return error_format(err, errlen, "flat image at 0x%llx-0x%llx overlaps the GDT and IDT at 0x%x-0x%x (use --load 0x%x or above)",
				    (unsigned long long)load, (unsigned long long)end, PAGING_GDT, PAGING_LOW_END,
				    PAGING_LOAD_DEFAULT);
	if (overlaps(load, end, PAGING_DIRECTORY, PAGING_TABLES_END))
		return error_format(err, errlen, "flat image at 0x%llx-0x%llx overlaps the page tables at 0x%x-0x%x",
				    (unsigned long long)load, (unsigned long long)end, PAGING_DIRECTORY,
				    PAGING_TABLES_END);
	memcpy(mem + load, data, size);
	*boot = (struct boot_info){ .mode = MODE_PAGING, .entry = entry };
	return 0;
}

static void put_descriptor(uint8_t *gdt, unsigned index, uint64_t descriptor)
{
	memcpy(gdt + index * 8, &descriptor, 8);
}

static void build_gdt(uint8_t *gdt)
{
	put_descriptor(gdt, 0, 0);
	put_descriptor(gdt, 1, 0x00cf9a000000ffffull);   /* kernel code: flat, ring 0 */
	put_descriptor(gdt, 2, 0x00cf92000000ffffull);   /* kernel data */
	put_descriptor(gdt, 3, 0x00cffa000000ffffull);   /* user code: flat, ring 3 */
	put_descriptor(gdt, 4, 0x00cff2000000ffffull);   /* user data */
}

static void build_idt(uint8_t *mem)
{
	memset(mem + PAGING_IDT, 0, PAGING_IDT_ENTRIES * 8);
	for (unsigned v = 0; v < FALLBACK_VECTORS; v++) {
		uint32_t stub = PAGING_STUBS + v * BOOT_STUB_SIZE;
		boot_exception_stub(mem + stub, v);
		boot_interrupt_gate(mem + PAGING_IDT + v * 8, PAGING_HIGH_BASE + stub, 8);
	}
}

static void build_page_tables(uint8_t *mem)
{
	uint32_t *directory = (uint32_t *)(mem + PAGING_DIRECTORY);
	uint32_t *low = (uint32_t *)(mem + PAGING_TABLE_LOW);
	uint32_t *high = (uint32_t *)(mem + PAGING_TABLE_HIGH);
	memset(directory, 0, PAGING_TABLES_END - PAGING_DIRECTORY);
	directory[0] = PAGING_TABLE_LOW | PTE_PRESENT_WRITABLE;
	directory[PAGING_HIGH_BASE >> 22] = PAGING_TABLE_HIGH | PTE_PRESENT_WRITABLE;
	for (uint32_t i = 0; i < 1024; i++)
		low[i] = high[i] = (i << 12) | PTE_PRESENT_WRITABLE;
}

void paging_build_tables(uint8_t *mem)
{
	build_gdt(mem + PAGING_GDT);
	build_idt(mem);
	build_page_tables(mem);
}

void paging_set_registers(const struct boot_info *boot, struct kvm_sregs *sregs, struct kvm_regs *regs)
{
	memset(regs, 0, sizeof *regs);        /* every general register 0, ESP too */
	regs->rflags = 0x2;
	regs->rip = boot->entry;
	boot_flat_segment(&sregs->cs, SEL_KERNEL_CODE, 1, 0);
	boot_flat_segment(&sregs->ds, SEL_KERNEL_DATA, 0, 0);
	sregs->es = sregs->fs = sregs->gs = sregs->ss = sregs->ds;
	sregs->gdt.base = PAGING_GDT;
	sregs->gdt.limit = PAGING_GDT_ENTRIES * 8 - 1;
	sregs->idt.base = PAGING_IDT;
	sregs->idt.limit = PAGING_IDT_ENTRIES * 8 - 1;
	sregs->cr0 = CR0_PG | CR0_ET | CR0_PE;
	sregs->cr3 = PAGING_DIRECTORY;
	sregs->cr4 = 0;
	sregs->efer = 0;
}
