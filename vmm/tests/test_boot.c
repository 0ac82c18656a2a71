/* tests/test_boot.c: the boot area's layout (GDT, identity page tables,
 * fallback IDT and its stubs) and the registers each mode is entered
 * with, against docs/ABI.md. */
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "boot.h"

#define MEM (4u << 20)
#define AREA (MEM - BOOT_AREA_SIZE)
static uint8_t *mem;

static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

static int setup(void) { mem = malloc(MEM); return mem ? 0 : -1; }
static int teardown(void) { free(mem); return 0; }

static void test_mode_names(void)
{
	CU_ASSERT_STRING_EQUAL(guest_mode_name(MODE_REAL), "real");
	CU_ASSERT_STRING_EQUAL(guest_mode_name(MODE_PM32), "pm32");
	CU_ASSERT_STRING_EQUAL(guest_mode_name(MODE_LONG), "long");
	CU_ASSERT_STRING_EQUAL(guest_mode_name(MODE_PAGING), "pm32-paging");
	CU_ASSERT_STRING_EQUAL(guest_mode_name((enum guest_mode)7), "?");
}

static void test_real_mode_writes_nothing(void)
{
	memset(mem, 0xab, MEM);
	boot_build_tables(mem, MEM, MODE_REAL);
	for (size_t i = 0; i < MEM; i += 4096)
		CU_ASSERT_EQUAL_FATAL(mem[i], 0xab);
	CU_ASSERT_EQUAL(mem[MEM - 1], 0xab);
}

static void test_gdt(void)
{
	boot_build_tables(mem, MEM, MODE_LONG);
	CU_ASSERT_EQUAL(get64(mem + AREA + BOOT_GDT_OFF), 0);
	uint64_t code = get64(mem + AREA + BOOT_GDT_OFF + SEL_KERNEL_CODE);
	CU_ASSERT((code & (1ull << 53)) != 0);           /* L: 64-bit code */
	CU_ASSERT_FALSE((code & (1ull << 54)) != 0);       /* D must be 0 when L is 1 */
	CU_ASSERT_EQUAL((code >> 40) & 0xff, 0x9a); /* present, ring 0, code */
	boot_build_tables(mem, MEM, MODE_PM32);
	code = get64(mem + AREA + BOOT_GDT_OFF + SEL_KERNEL_CODE);
	CU_ASSERT_FALSE((code & (1ull << 53)) != 0);
	CU_ASSERT((code & (1ull << 54)) != 0);           /* 32-bit */
	uint64_t data = get64(mem + AREA + BOOT_GDT_OFF + SEL_KERNEL_DATA);
	CU_ASSERT_EQUAL((data >> 40) & 0xff, 0x92); /* present, ring 0, writable data */
}

static void test_page_tables(void)
{
	memset(mem, 0, MEM);
	boot_build_tables(mem, MEM, MODE_LONG);
	uint64_t pml4 = get64(mem + AREA + BOOT_PML4_OFF);
	CU_ASSERT_EQUAL(pml4 & ~0xfffull, AREA + BOOT_PDPT_OFF);
	CU_ASSERT_EQUAL(pml4 & 7, 7);               /* present, writable, user */
	CU_ASSERT_EQUAL(get64(mem + AREA + BOOT_PML4_OFF + 8), 0);   /* only the first 512 GiB slot */
	uint64_t pdpt = get64(mem + AREA + BOOT_PDPT_OFF);
	CU_ASSERT_EQUAL(pdpt & ~0xfffull, AREA + BOOT_PD_OFF);
	CU_ASSERT_EQUAL(get64(mem + AREA + BOOT_PDPT_OFF + 8), 0);   /* only the first GiB */
	for (uint64_t i = 0; i < 512; i++) {
		uint64_t pde = get64(mem + AREA + BOOT_PD_OFF + i * 8);
		CU_ASSERT_EQUAL_FATAL(pde & ~0xfffull, i << 21);
		CU_ASSERT_EQUAL_FATAL(pde & 0x87, 0x87);   /* 2 MiB page, P/W/U */
	}
	/* pm32 builds no page tables */
	memset(mem, 0, MEM);
	boot_build_tables(mem, MEM, MODE_PM32);
	CU_ASSERT_EQUAL(get64(mem + AREA + BOOT_PML4_OFF), 0);
}

static void check_idt(enum guest_mode mode, unsigned gate_size)
{
	boot_build_tables(mem, MEM, mode);
	for (unsigned v = 0; v < 32; v++) {
		const uint8_t *gate = mem + AREA + BOOT_IDT_OFF + v * gate_size;
		uint32_t offset = gate[0] | gate[1] << 8 | (uint32_t)gate[6] << 16 | (uint32_t)gate[7] << 24;
		CU_ASSERT_EQUAL_FATAL(offset, AREA + BOOT_STUBS_OFF + v * 8);
		CU_ASSERT_EQUAL(gate[2] | gate[3] << 8, SEL_KERNEL_CODE);
		CU_ASSERT_EQUAL(gate[5], 0x8e);
		if (gate_size == 16)
			CU_ASSERT_EQUAL(get64(gate + 8), 0);     /* offset bits 32-63 */
		/* mov dx, 0x501; mov al, v; out dx, al; hlt */
		const uint8_t want[8] = { 0x66, 0xba, 0x01, 0x05, 0xb0, (uint8_t)v, 0xee, 0xf4 };
		CU_ASSERT_EQUAL(memcmp(mem + offset, want, 8), 0);
	}
}

static void test_idt_pm32(void) { check_idt(MODE_PM32, 8); }
static void test_idt_long(void) { check_idt(MODE_LONG, 16); }

/* The tables stay inside the boot area, at the very end of RAM. */
static void test_area_bounds(void)
{
	memset(mem, 0x11, MEM);
	boot_build_tables(mem, MEM, MODE_LONG);
	for (size_t i = 0; i < AREA; i += 512)
		CU_ASSERT_EQUAL_FATAL(mem[i], 0x11);
	CU_ASSERT_EQUAL(mem[AREA - 1], 0x11);
	CU_ASSERT(BOOT_STUBS_OFF + 32 * 8 <= BOOT_AREA_SIZE);
	/* the smallest RAM that can hold the area */
	uint8_t *small = malloc(64u << 10);
	boot_build_tables(small, 64u << 10, MODE_LONG);
	CU_ASSERT_EQUAL(get64(small + BOOT_PML4_OFF) & ~0xfffull, BOOT_PDPT_OFF);
	free(small);
}

static void test_registers_real(void)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	memset(&s, 0x77, sizeof s);
	struct boot_info boot = { .mode = MODE_REAL, .entry = 0 };
	boot_set_registers(&boot, MEM, &s, &r);
	CU_ASSERT_EQUAL(r.rip, 0);
	CU_ASSERT_EQUAL(r.rsp, 0xfffe);
	CU_ASSERT_EQUAL(r.rflags, 2);               /* IF = 0 */
	CU_ASSERT_EQUAL(r.rax, 0);
	CU_ASSERT_EQUAL(s.cs.selector, 0);
	CU_ASSERT_EQUAL(s.cs.base, 0);
	CU_ASSERT_EQUAL(s.ds.base, 0);
	CU_ASSERT_EQUAL(s.ss.selector, 0);
	CU_ASSERT_EQUAL(s.gs.limit, 0xffff);
}

static void test_registers_pm32(void)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	memset(&s, 0, sizeof s);
	struct boot_info boot = { .mode = MODE_PM32, .entry = 0x1234 };
	boot_set_registers(&boot, MEM, &s, &r);
	CU_ASSERT_EQUAL(r.rip, 0x1234);
	CU_ASSERT_EQUAL(r.rsp, AREA);               /* stack below the boot area */
	CU_ASSERT_EQUAL(r.rflags, 2);
	CU_ASSERT_EQUAL(s.cs.selector, SEL_KERNEL_CODE);
	CU_ASSERT_EQUAL(s.cs.db, 1);
	CU_ASSERT_EQUAL(s.cs.l, 0);
	CU_ASSERT_EQUAL(s.ds.selector, SEL_KERNEL_DATA);
	CU_ASSERT_EQUAL(s.ss.selector, SEL_KERNEL_DATA);
	CU_ASSERT_EQUAL(s.cs.limit, 0xffffffff);
	CU_ASSERT((s.cr0 & 1) != 0);                      /* PE */
	CU_ASSERT((s.cr0 & 0x80000000u) == 0);       /* no paging */
	CU_ASSERT_EQUAL(s.efer, 0);
	CU_ASSERT_EQUAL(s.gdt.base, AREA + BOOT_GDT_OFF);
	CU_ASSERT_EQUAL(s.idt.base, AREA + BOOT_IDT_OFF);
	CU_ASSERT_EQUAL(s.idt.limit, 32 * 8 - 1);
}

static void test_registers_long(void)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	memset(&s, 0, sizeof s);
	struct boot_info boot = { .mode = MODE_LONG, .entry = 0x400 };
	boot_set_registers(&boot, MEM, &s, &r);
	CU_ASSERT_EQUAL(r.rip, 0x400);
	CU_ASSERT_EQUAL(r.rsp, AREA);
	CU_ASSERT_EQUAL(s.cs.l, 1);
	CU_ASSERT_EQUAL(s.cs.db, 0);
	CU_ASSERT((s.cr0 & 0x80000001u) == 0x80000001u);
	CU_ASSERT_EQUAL(s.cr3, AREA + BOOT_PML4_OFF);
	CU_ASSERT((s.cr4 & 0x20) != 0);                   /* PAE */
	CU_ASSERT_EQUAL(s.efer & 0x500, 0x500);     /* LME | LMA */
	CU_ASSERT_EQUAL(s.idt.limit, 32 * 16 - 1);
	CU_ASSERT_EQUAL(s.gdt.limit, 5 * 8 - 1);
}

CU_pSuite add_boot_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_mode_names), TEST(test_real_mode_writes_nothing), TEST(test_gdt),
		TEST(test_page_tables), TEST(test_idt_pm32), TEST(test_idt_long),
		TEST(test_area_bounds), TEST(test_registers_real), TEST(test_registers_pm32),
		TEST(test_registers_long),
	};
	return ADD_SUITE("boot", setup, teardown, tests);
}
