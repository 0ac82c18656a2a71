/* mptable.c: finds the Intel MP floating pointer where the MP
 * specification says to look (the EBDA the BDA names, the last KiB of
 * base memory, then 0xF0000-0xFFFFF), checks both checksums, walks the
 * configuration table's entries, prints what it found, and checks it
 * against the machine: one processor per fw_cfg vCPU with the BSP's APIC
 * ID equal to this CPU's local APIC ID, one ISA bus, one I/O APIC whose
 * ID register and address agree with its entry, ISA IRQ n on input n.
 * EXPECT_CPUS from the environment module, when given, must match too. */
#include "lib.h"

#define LAPIC_BASE 0xfee00000u
#define IOAPIC_BASE 0xfec00000u

static uint8_t sum(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;
	while (len--)
		s = (uint8_t)(s + *p++);
	return s;
}

static const uint8_t *search(uint32_t from, uint32_t len)
{
	for (uint32_t a = from; a + 16 <= from + len; a += 16) {
		const uint8_t *p = (const uint8_t *)a;
		if (p[0] == '_' && p[1] == 'M' && p[2] == 'P' && p[3] == '_' && sum(p, 16) == 0)
			return p;
	}
	return 0;
}

static const uint8_t *find_floating_pointer(void)
{
	uint32_t bda_addr = 0x400;
	__asm__("" : "+r"(bda_addr));   /* the BDA is no C object: keep the compiler's bounds checks off it */
	const uint8_t *bda = (const uint8_t *)bda_addr;
	uint32_t ebda = (uint32_t)(bda[0x0e] | bda[0x0f] << 8) << 4;
	uint32_t base_kib = (uint32_t)(bda[0x13] | bda[0x14] << 8);
	const uint8_t *fp = 0;
	if (ebda)
		fp = search(ebda, 1024);
	if (!fp && base_kib >= 1)
		fp = search(base_kib * 1024 - 1024, 1024);
	return fp ? fp : search(0xf0000, 0x10000);
}

static uint32_t get32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24; }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }

static uint32_t ioapic_read(uint32_t reg)
{
	*(volatile uint32_t *)IOAPIC_BASE = reg;
	return *(volatile uint32_t *)(IOAPIC_BASE + 0x10);
}

struct found { unsigned cpus, bsps, bsp_id, buses, ioapics, ioapic_id, wrong_pins, intr, lintr; uint32_t ioapic_addr; };

static int walk(const uint8_t *table, struct found *f)
{
	uint16_t length = get16(table + 4), count = get16(table + 34);
	const uint8_t *p = table + 44, *end = table + length;
	for (unsigned i = 0; i < count; i++) {
		if (p >= end) {
			printf("FAIL: entry %u of %u is past the table's end\n", i, count);
			return -1;
		}
		switch (p[0]) {
		case 0:
			f->cpus++;
			if (p[3] & 2)
				f->bsps++, f->bsp_id = p[1];
			p += 20;
			break;
		case 1:
			f->buses += p[2] == 'I' && p[3] == 'S' && p[4] == 'A';
			p += 8;
			break;
		case 2:
			f->ioapics++, f->ioapic_id = p[1], f->ioapic_addr = get32(p + 4);
			p += 8;
			break;
		case 3:
			f->intr++;
			f->wrong_pins += p[5] != p[7];
			p += 8;
			break;
		case 4:
			f->lintr++;
			p += 8;
			break;
		default:
			printf("FAIL: unknown entry type %u\n", p[0]);
			return -1;
		}
	}
	return 0;
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	const uint8_t *fp = find_floating_pointer();
	if (!fp) {
		printf("FAIL: no MP floating pointer\n");
		return EXIT_FAIL;
	}
	const uint8_t *table = (const uint8_t *)get32(fp + 4);
	printf("MP floating pointer at 0x%x, spec 1.%u, table at 0x%x\n", (uint32_t)fp, fp[9], (uint32_t)table);
	if (!table || fp[11] != 0 || table[0] != 'P' || table[1] != 'C' || table[2] != 'M' || table[3] != 'P') {
		printf("FAIL: no configuration table\n");
		return EXIT_FAIL;
	}
	if (sum(table, get16(table + 4)) != 0) {
		printf("FAIL: configuration table checksum\n");
		return EXIT_FAIL;
	}
	printf("table: %u bytes, %u entries, local APICs at 0x%x\n", get16(table + 4), get16(table + 34), get32(table + 36));
	struct found f = { 0 };
	if (walk(table, &f) < 0)
		return EXIT_FAIL;
	printf("processors %u (BSP APIC ID %u), ISA buses %u, I/O APICs %u (ID %u at 0x%x), "
	       "I/O interrupts %u, local interrupts %u\n",
	       f.cpus, f.bsp_id, f.buses, f.ioapics, f.ioapic_id, f.ioapic_addr, f.intr, f.lintr);

	uint16_t cpus = 0;
	fw_cfg_read(FW_CFG_NB_CPUS, &cpus, 2);
	uint32_t my_apic_id = *(volatile uint32_t *)(LAPIC_BASE + 0x20) >> 24;
	uint32_t ioapic_id = ioapic_read(0) >> 24 & 0x0f;
	uint32_t ioapic_pins = (ioapic_read(1) >> 16 & 0xff) + 1;
	printf("machine: %u vCPUs, this CPU's APIC ID %u, I/O APIC ID register %u, %u inputs\n",
	       cpus, my_apic_id, ioapic_id, ioapic_pins);
	int ok = 1;
	const char *want = getenv("EXPECT_CPUS");
	if (want && atou(want) != f.cpus) printf("FAIL: expected %s processors\n", want), ok = 0;
	if (f.cpus != cpus) printf("FAIL: processors != fw_cfg vCPUs\n"), ok = 0;
	if (f.bsps != 1 || f.bsp_id != my_apic_id) printf("FAIL: the BSP entry\n"), ok = 0;
	if (f.buses != 1) printf("FAIL: ISA bus\n"), ok = 0;
	if (f.ioapics != 1 || f.ioapic_addr != IOAPIC_BASE || f.ioapic_id != ioapic_id) printf("FAIL: I/O APIC entry\n"), ok = 0;
	if (f.intr == 0 || f.wrong_pins) printf("FAIL: ISA interrupt routing\n"), ok = 0;
	printf("%s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}
