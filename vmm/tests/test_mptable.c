/* tests/test_mptable.c: the MP tables read back as a guest's parser would
 * (xv6's mpinit, Linux's): found by signature on a 16-byte boundary, both
 * checksums, one enabled processor per vCPU with vCPU 0 the BSP, the ISA
 * bus, the I/O APIC, and ISA IRQ n on its input n; and the ACPI MADT
 * built from the same apic_map naming the same APIC IDs. */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "acpi.h"
#include "acpi_pm.h"
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

struct parsed {
	unsigned cpus, bsp, buses, ioapics, ioapic_id, intr, lintr;
	uint32_t ioapic_addr;
	int pin_of[16];
	uint8_t cpu_ids[8];
};

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
	CU_ASSERT_EQUAL(get32(c + 36), APIC_LAPIC_BASE);
	CU_ASSERT(fp + 16 + length <= fp + MPTABLE_MAX_SIZE);
	const uint8_t *p = c + 44, *end = c + length;
	unsigned entries = 0;
	while (p < end) {
		entries++;
		switch (p[0]) {
		case 0:
			if (out->cpus < 8) out->cpu_ids[out->cpus] = p[1];
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
	struct apic_map map = apic_map_for(ncpus);
	mptable_write(mem, at, &map);
	unsigned id = map.ioapic_id;
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
		CU_ASSERT_EQUAL(t.ioapic_addr, APIC_IOAPIC_BASE);
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
		check_for(n, EBDA_MPTABLE, 0x9fc00, 1024);           /* the EBDA's first KiB */
}

static void test_multiboot_table_in_the_bios_area(void)
{
	for (unsigned n = 1; n <= 4; n++)
		check_for(n, BIOS_AREA_MPTABLE, 0xf0000, 0x10000);
}

static void test_a_corrupt_byte_breaks_the_checksum(void)
{
	mem = calloc(1, 1u << 20);
	CU_ASSERT_FATAL(mem != NULL);
	struct apic_map two = apic_map_for(2);
	mptable_write(mem, BIOS_AREA_MPTABLE, &two);
	uint32_t ct = get32(mem + BIOS_AREA_MPTABLE + 4);
	CU_ASSERT_EQUAL(mptable_sum(mem + ct, get16(mem + ct + 4)), 0);
	mem[ct + 50]++;
	CU_ASSERT_NOT_EQUAL(mptable_sum(mem + ct, get16(mem + ct + 4)), 0);
	free(mem);
}

/* An OS that reads the MADT and one that reads the MP table see the same
 * processors and I/O APIC: both are built from one apic_map. */
static void test_madt_names_the_same_apics(void)
{
	for (unsigned n = 1; n <= 4; n++) {
		mem = calloc(1, 1u << 20);
		CU_ASSERT_FATAL(mem != NULL);
		struct apic_map map = apic_map_for(n);
		mptable_write(mem, BIOS_AREA_MPTABLE, &map);
		CU_ASSERT_EQUAL_FATAL(acpi_build(mem, 1u << 20, &map, ACPI_PM_BASE), 0);
		struct parsed t;
		parse(BIOS_AREA_MPTABLE, &t);
		uint32_t madt = get32(mem + get32(mem + ACPI_TABLES_BASE + 16) + 36 + 4);   /* RSDT's second entry */
		CU_ASSERT_FATAL(!memcmp(mem + madt, "APIC", 4));
		unsigned lapics = 0, ioapics = 0;
		for (uint32_t off = 44; off < get32(mem + madt + 4); off += mem[madt + off + 1]) {
			const uint8_t *e = mem + madt + off;
			if (e[0] == 0 && lapics < t.cpus) {
				CU_ASSERT_EQUAL(e[3], t.cpu_ids[lapics]);
				lapics++;
			} else if (e[0] == 1) {
				ioapics++;
				CU_ASSERT_EQUAL(e[2], t.ioapic_id);
				CU_ASSERT_EQUAL(get32(e + 4), t.ioapic_addr);
			}
			CU_ASSERT_FATAL(e[1] > 0);
		}
		CU_ASSERT_EQUAL(lapics, n);
		CU_ASSERT_EQUAL(ioapics, 1);
		free(mem);
	}
}

CU_pSuite add_mptable_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_pc_table_in_the_ebda), TEST(test_multiboot_table_in_the_bios_area),
		TEST(test_a_corrupt_byte_breaks_the_checksum), TEST(test_madt_names_the_same_apics),
	};
	return ADD_SUITE("mptable", NULL, NULL, tests);
}
