/* tests/test_mptable.c: the MP tables read back as a guest's parser would
 * (xv6's mpinit, Linux's): found by signature on a 16-byte boundary, both
 * checksums, one enabled processor per vCPU with vCPU 0 the BSP, the ISA
 * bus, the I/O APIC, and ISA IRQ n on its input n. */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "mptable.h"

static uint8_t *mem;

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

/* The floating pointer's address, searched as the specification says. */
static uint32_t search(uint32_t from, uint32_t len)
{
	for (uint32_t a = from; a + 16 <= from + len; a += 16)
		if (!memcmp(mem + a, "_MP_", 4) && mptable_sum(mem + a, 16) == 0)
			return a;
	return 0;
}

struct parsed { unsigned cpus, bsp, buses, ioapics, ioapic_id, intr, lintr; uint32_t ioapic_addr; int pin_of[16]; };

static void parse(uint32_t fp, struct parsed *out)
{
	memset(out, 0, sizeof *out);
	for (int i = 0; i < 16; i++)
		out->pin_of[i] = -1;
	CU_ASSERT_EQUAL_FATAL(mem[fp + 8], 1);                    /* length: 16 bytes */
	CU_ASSERT_EQUAL(mem[fp + 9], 4);
	CU_ASSERT_EQUAL(mem[fp + 11], 0);                         /* a table follows, no default configuration */
	uint32_t ct = get32(mem + fp + 4);
	CU_ASSERT_FATAL(ct > 0 && ct < (1u << 20));
	const uint8_t *c = mem + ct;
	CU_ASSERT_FATAL(!memcmp(c, "PCMP", 4));
	uint16_t length = get16(c + 4);
	CU_ASSERT_EQUAL(mptable_sum(c, length), 0);
	CU_ASSERT(c[6] == 1 || c[6] == 4);
	CU_ASSERT_EQUAL(get32(c + 36), MPTABLE_LAPIC_ADDR);
	CU_ASSERT(fp + 16 + length <= fp + MPTABLE_MAX_SIZE);
	const uint8_t *p = c + 44, *end = c + length;
	unsigned entries = 0;
	while (p < end) {
		entries++;
		switch (p[0]) {
		case 0:
			out->cpus++;
			CU_ASSERT(p[3] & 1);
			if (p[3] & 2) { out->bsp++; CU_ASSERT_EQUAL(p[1], 0); }
			p += 20;
			break;
		case 1:
			out->buses++;
			CU_ASSERT(!memcmp(p + 2, "ISA   ", 6));
			p += 8;
			break;
		case 2:
			out->ioapics++, out->ioapic_id = p[1], out->ioapic_addr = get32(p + 4);
			CU_ASSERT(p[3] & 1);
			p += 8;
			break;
		case 3:
			out->intr++;
			CU_ASSERT_EQUAL(p[6], out->ioapic_id);
			if (p[5] < 16) out->pin_of[p[5]] = p[7];
			p += 8;
			break;
		case 4:
			out->lintr++;
			p += 8;
			break;
		default:
			CU_FAIL_FATAL("unknown entry type");
		}
	}
	CU_ASSERT_EQUAL(p, end);
	CU_ASSERT_EQUAL(get16(c + 34), entries);
}

static void check_for(unsigned ncpus, uint32_t at, uint32_t search_from, uint32_t search_len)
{
	mem = calloc(1, 1u << 20);
	CU_ASSERT_FATAL(mem != NULL);
	unsigned id = mptable_write(mem, at, ncpus);
	uint32_t fp = search(search_from, search_len);
	CU_ASSERT_EQUAL(fp, at);
	if (fp) {
		struct parsed t;
		parse(fp, &t);
		CU_ASSERT_EQUAL(t.cpus, ncpus);
		CU_ASSERT_EQUAL(t.bsp, 1);
		CU_ASSERT_EQUAL(t.buses, 1);
		CU_ASSERT_EQUAL(t.ioapics, 1);
		CU_ASSERT_EQUAL(t.ioapic_id, id);
		CU_ASSERT(id >= ncpus);                                /* not a processor's APIC ID */
		CU_ASSERT_EQUAL(t.ioapic_addr, MPTABLE_IOAPIC_ADDR);
		CU_ASSERT_EQUAL(t.intr, 15);
		CU_ASSERT_EQUAL(t.lintr, 2);
		for (int irq = 0; irq < 16; irq++)
			CU_ASSERT_EQUAL(t.pin_of[irq], irq == 2 ? -1 : irq);
	}
	free(mem);
}

static void test_pc_table_in_the_ebda(void)
{
	for (unsigned n = 1; n <= 4; n++)
		check_for(n, MPTABLE_AT_EBDA, 0x9fc00, 1024);           /* the EBDA's first KiB */
}

static void test_multiboot_table_in_the_bios_area(void)
{
	for (unsigned n = 1; n <= 4; n++)
		check_for(n, MPTABLE_AT_BIOS, 0xf0000, 0x10000);
}

static void test_a_corrupt_byte_breaks_the_checksum(void)
{
	mem = calloc(1, 1u << 20);
	CU_ASSERT_FATAL(mem != NULL);
	mptable_write(mem, MPTABLE_AT_BIOS, 2);
	uint32_t ct = get32(mem + MPTABLE_AT_BIOS + 4);
	CU_ASSERT_EQUAL(mptable_sum(mem + ct, get16(mem + ct + 4)), 0);
	mem[ct + 50]++;
	CU_ASSERT_NOT_EQUAL(mptable_sum(mem + ct, get16(mem + ct + 4)), 0);
	free(mem);
}

CU_pSuite add_mptable_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_pc_table_in_the_ebda), TEST(test_multiboot_table_in_the_bios_area),
		TEST(test_a_corrupt_byte_breaks_the_checksum),
	};
	return ADD_SUITE("mptable", NULL, NULL, tests);
}
