/* tests/test_paging.c: --paging's machine (paging_mode.c) against the
 * facts in docs/ABI.md: the page directory and its two tables, the GDT
 * at 0x500, the IDT after it, the registers at entry, and which --load,
 * --entry and images are accepted. */
#include <linux/kvm.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "options.h"
#include "paging_mode.h"

#define MEM (4u << 20)
static uint8_t *mem;
static char err[256];

static uint32_t get32(uint32_t addr) { uint32_t v; memcpy(&v, mem + addr, 4); return v; }
static uint64_t get64(uint32_t addr) { uint64_t v; memcpy(&v, mem + addr, 8); return v; }

static int setup(void) { mem = calloc(1, MEM); return mem ? 0 : -1; }
static int teardown(void) { free(mem); return 0; }

static void test_page_tables(void)
{
	memset(mem, 0xab, MEM);
	paging_build_tables(mem);
	CU_ASSERT_EQUAL(get32(0x100000), 0x101003);               /* PDE[0] */
	CU_ASSERT_EQUAL(get32(0x100000 + 512 * 4), 0x102003);     /* PDE[512] */
	unsigned present = 0;
	for (unsigned i = 0; i < 1024; i++)
		present += get32(0x100000 + i * 4) != 0;
	CU_ASSERT_EQUAL(present, 2);
	for (unsigned i = 0; i < 1024; i++) {
		CU_ASSERT_EQUAL_FATAL(get32(0x101000 + i * 4), (i << 12) | 3);
		CU_ASSERT_EQUAL_FATAL(get32(0x102000 + i * 4), (i << 12) | 3);
	}
	CU_ASSERT_EQUAL(mem[0x103000], 0xab);     /* nothing past the tables */
	CU_ASSERT_EQUAL(mem[0xfffff], 0xab);
	CU_ASSERT_EQUAL(mem[0x1000], 0xab);       /* nor where the image goes */
	CU_ASSERT_EQUAL(mem[MEM - 1], 0xab);      /* no boot area at the top */
}

static void test_gdt_and_idt(void)
{
	memset(mem, 0, MEM);
	paging_build_tables(mem);
	CU_ASSERT_EQUAL(get64(0x500), 0);
	CU_ASSERT_EQUAL(get64(0x508), 0x00cf9a000000ffffull);     /* kernel code, ring 0 */
	CU_ASSERT_EQUAL(get64(0x510), 0x00cf92000000ffffull);     /* kernel data */
	CU_ASSERT_EQUAL(get64(0x518), 0x00cffa000000ffffull);     /* user code, ring 3 */
	CU_ASSERT_EQUAL(get64(0x520), 0x00cff2000000ffffull);     /* user data */
	/* IDT at 0x528: gate 14 leads to its stub through the higher half */
	uint32_t stub = 0xd28 + 14 * 8;
	uint64_t gate = get64(0x528 + 14 * 8);
	uint32_t offset = (uint32_t)(gate & 0xffff) | (uint32_t)((gate >> 48) << 16);
	CU_ASSERT_EQUAL(offset, 0x80000000u + stub);
	CU_ASSERT_EQUAL((gate >> 16) & 0xffff, 0x08);
	CU_ASSERT_EQUAL((gate >> 40) & 0xff, 0x8e);
	CU_ASSERT_EQUAL(mem[stub + 5], 14);                        /* mov al, 14 */
	CU_ASSERT_EQUAL(get64(0x528 + 32 * 8), 0);                 /* vectors 32-255 empty */
	CU_ASSERT_EQUAL(get64(0x528 + 255 * 8), 0);
	CU_ASSERT_EQUAL(PAGING_LOW_END, 0xe28);
}

static void test_registers(void)
{
	struct kvm_sregs s;
	struct kvm_regs r;
	memset(&s, 0xff, sizeof s);
	memset(&r, 0xff, sizeof r);
	struct boot_info boot = { .mode = MODE_PAGING, .entry = 0x80001000 };
	paging_set_registers(&boot, &s, &r);
	CU_ASSERT_EQUAL(r.rip, 0x80001000);
	CU_ASSERT_EQUAL(r.rflags, 0x2);
	CU_ASSERT(r.rax == 0 && r.rbx == 0 && r.rcx == 0 && r.rdx == 0);
	CU_ASSERT(r.rsi == 0 && r.rdi == 0 && r.rsp == 0 && r.rbp == 0);
	CU_ASSERT_EQUAL(s.cr0, 0x80000011);
	CU_ASSERT_EQUAL(s.cr3, 0x100000);
	CU_ASSERT_EQUAL(s.cr4, 0);
	CU_ASSERT_EQUAL(s.efer, 0);
	CU_ASSERT_EQUAL(s.gdt.base, 0x500);
	CU_ASSERT_EQUAL(s.gdt.limit, 5 * 8 - 1);
	CU_ASSERT_EQUAL(s.idt.base, 0x528);
	CU_ASSERT_EQUAL(s.idt.limit, 256 * 8 - 1);
	CU_ASSERT(s.cs.selector == 0x08 && s.cs.db == 1 && s.cs.l == 0 && s.cs.dpl == 0);
	CU_ASSERT(s.ds.selector == 0x10 && s.ss.selector == 0x10 && s.es.selector == 0x10);
	CU_ASSERT(s.cs.base == 0 && s.cs.limit == 0xffffffff && s.cs.g == 1);
}

static void test_mapped(void)
{
	CU_ASSERT(paging_mapped(0) && paging_mapped(0x3fffff));
	CU_ASSERT(!paging_mapped(0x400000) && !paging_mapped(0x7fffffff));
	CU_ASSERT(paging_mapped(0x80000000) && paging_mapped(0x803fffff));
	CU_ASSERT(!paging_mapped(0x80400000) && !paging_mapped(0xffffffff));
}

static int load(size_t size, uint64_t at)
{
	static uint8_t image[0x200000];
	struct boot_info boot;
	memset(image, 0x90, size);
	return paging_load(image, size, at, 0x80001000, mem, MEM, &boot, err, sizeof err);
}

static void test_load_bounds(void)
{
	CU_ASSERT_EQUAL(load(0x100000 - 0x1000, 0x1000), 0);       /* up to the tables */
	CU_ASSERT_EQUAL(load(0x100000 - 0x1000 + 1, 0x1000), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "page tables"));
	CU_ASSERT_EQUAL(load(1, 0xe28), 0);                         /* right after the stubs */
	CU_ASSERT_EQUAL(load(1, 0xe27), -1);
	CU_ASSERT_EQUAL(load(0x100, 0x400), 0);                     /* below the GDT */
	CU_ASSERT_EQUAL(load(0x101, 0x400), -1);
	CU_ASSERT_EQUAL(load(1, 0x103000), 0);                      /* right after the tables */
	CU_ASSERT_EQUAL(load(0x1000, 0x3ff000), 0);                 /* to the end of 4 MiB */
	CU_ASSERT_EQUAL(load(0x1001, 0x3ff000), -1);
	CU_ASSERT_EQUAL(load(0, 0x1000), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "empty"));
	struct boot_info boot;
	CU_ASSERT_EQUAL(paging_load((const uint8_t *)"\x7f" "ELF\1\1\1", 7, 0x1000, 0x80001000, mem, MEM,
				    &boot, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "flat binary"));
	CU_ASSERT_EQUAL(paging_load((const uint8_t *)"\xf4", 1, 0x2000, 0x1234, mem, MEM, &boot, err, sizeof err), 0);
	CU_ASSERT(boot.mode == MODE_PAGING && boot.entry == 0x1234 && mem[0x2000] == 0xf4);
}

static enum parse_result parse(int argc, char **argv, struct config *cfg)
{
	return options_parse(argc, argv, cfg, err, sizeof err);
}

static void test_options(void)
{
	struct config cfg;
	char *plain[] = { "mini-kvm", "--paging", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(3, plain, &cfg), PARSE_RUN);
	CU_ASSERT(cfg.flat_mode == MODE_PAGING && cfg.paging_load == 0x1000 && cfg.paging_entry == 0x80001000);
	char *moved[] = { "mini-kvm", "--paging", "--load", "0x200000", "--entry", "2149580800", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(7, moved, &cfg), PARSE_RUN);
	CU_ASSERT(cfg.paging_load == 0x200000 && cfg.paging_entry == 0x80200000);
	char *no_paging[] = { "mini-kvm", "--entry", "0x1000", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(4, no_paging, &cfg), PARSE_ERROR);
	char *both[] = { "mini-kvm", "--paging", "--long-mode", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(4, both, &cfg), PARSE_ERROR);
	char *unmapped[] = { "mini-kvm", "--paging", "--entry", "0x80400000", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(5, unmapped, &cfg), PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not mapped"));
	char *small[] = { "mini-kvm", "--paging", "--mem", "1M", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(5, small, &cfg), PARSE_ERROR);
	char *big[] = { "mini-kvm", "--paging", "--mem", "16M", "k.bin", NULL };
	CU_ASSERT_EQUAL(parse(5, big, &cfg), PARSE_RUN);
}

CU_pSuite add_paging_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_page_tables), TEST(test_gdt_and_idt), TEST(test_registers),
		TEST(test_mapped), TEST(test_load_bounds), TEST(test_options),
	};
	return ADD_SUITE("paging", setup, teardown, tests);
}
