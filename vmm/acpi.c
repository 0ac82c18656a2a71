/* acpi.c: builds the ACPI tables of the one-guest machine in one page of
 * the BIOS area (ACPI_TABLES_BASE), the way firmware leaves them for an
 * OS: an RSDP (revision 2) that OSes find by scanning 0xe0000-0xfffff,
 * pointing to an RSDT and an XSDT, which list the FADT and the MADT. The
 * FADT names the FACS, a DSDT whose only AML is _S5, SCI on IRQ 9 and
 * the PM registers of acpi_pm.c; the MADT publishes the guest's apic_map
 * (each vCPU's local APIC, enabled, and the IOAPIC with GSI base 0, the
 * IDs the MP table gives them), with PC/AT 8259s present. Field offsets
 * follow the ACPI 2.0 specification. */
#include <string.h>
#include "acpi.h"

#define HEADER_SIZE 36
#define RSDP_OFF    0x000
#define FACS_OFF    (ACPI_FACS_GPA - ACPI_TABLES_BASE)
#define DSDT_OFF    0x080
#define FADT_OFF    0x0c0
#define FADT_SIZE   244       /* up to X_GPE1_BLK */
#define MADT_OFF    0x1c0
#define RSDT_OFF    0x300
#define XSDT_OFF    0x340
#define FACS_SIZE   64
#define SCI_IRQ     9
#define GAS_SYSTEM_IO 1

static void put8(uint8_t *p, uint8_t v) { *p = v; }
static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static uint8_t checksum(const uint8_t *p, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)-sum;
}

static void header(uint8_t *t, const char *signature, uint32_t length, uint8_t revision)
{
	memcpy(t, signature, 4);
	put32(t + 4, length);
	put8(t + 8, revision);
	memcpy(t + 10, "MINKVM", 6);
	memcpy(t + 16, "MINI-KVM", 8);
	put32(t + 24, 1);            /* OEM revision */
	memcpy(t + 28, "MKVM", 4);   /* creator */
	put32(t + 32, 1);
}

/* Checksum byte last: the table's bytes then sum to 0. */
static void seal(uint8_t *t)
{
	uint32_t length;
	memcpy(&length, t + 4, 4);
	t[9] = 0;
	t[9] = checksum(t, length);
}

/* A Generic Address Structure naming an I/O port block. */
static void gas_io(uint8_t *g, uint16_t port, uint8_t bits)
{
	put8(g, GAS_SYSTEM_IO);
	put8(g + 1, bits);
	put8(g + 2, 0);
	put8(g + 3, bits >= 32 ? 3 : bits >= 16 ? 2 : 1);   /* access size */
	put64(g + 4, port);
}

static void build_fadt(uint8_t *t, uint16_t pm_base)
{
	header(t, "FACP", FADT_SIZE, 3);
	put32(t + 36, ACPI_TABLES_BASE + FACS_OFF);
	put32(t + 40, ACPI_TABLES_BASE + DSDT_OFF);
	put16(t + 46, SCI_IRQ);
	put32(t + 56, pm_base);          /* PM1a event block */
	put32(t + 64, pm_base + 4);      /* PM1a control block */
	put32(t + 76, pm_base + 8);      /* PM timer */
	put8(t + 88, 4);                 /* PM1 event block length */
	put8(t + 89, 2);                 /* PM1 control block length */
	put8(t + 91, 4);                 /* PM timer length */
	put16(t + 96, 101);              /* C2 not supported (> 100 us) */
	put16(t + 98, 1001);             /* C3 not supported (> 1000 us) */
	put32(t + 112, 0x35);            /* WBINVD, PROC_C1, no power or sleep button */
	put64(t + 132, ACPI_TABLES_BASE + FACS_OFF);
	put64(t + 140, ACPI_TABLES_BASE + DSDT_OFF);
	gas_io(t + 148, pm_base, 32);
	gas_io(t + 172, pm_base + 4, 16);
	gas_io(t + 208, pm_base + 8, 32);
	seal(t);
}

/* The DSDT's only AML: the sleep type values (as QEMU's PIIX4 DSDT has
 * them) of the two sleep states the machine has, Name (_S3, Package ()
 * { 1, 1, 0, 0 }) for suspend to RAM (acpi_sleep.c) and Name (_S5,
 * Package () { 0, 0, 0, 0 }) for soft-off (acpi_pm.c ends the run), so
 * an OS writes that SLP_TYP with SLP_EN to PM1a control. No devices are
 * described. */
static void build_dsdt(uint8_t *t)
{
	static const uint8_t sleep_states[] = {
		0x08, '_', 'S', '3', '_',          /* NameOp "_S3_" */
		0x12, 0x06, 0x04,                  /* PackageOp, PkgLength 6, 4 elements */
		0x01, 0x01, 0x00, 0x00,            /* OneOp x 2, ZeroOp x 2 */
		0x08, '_', 'S', '5', '_',          /* NameOp "_S5_" */
		0x12, 0x06, 0x04,
		0x00, 0x00, 0x00, 0x00,            /* ZeroOp x 4 */
	};
	memcpy(t + HEADER_SIZE, sleep_states, sizeof sleep_states);
	header(t, "DSDT", HEADER_SIZE + sizeof sleep_states, 2);
	seal(t);
}

static uint32_t build_madt(uint8_t *t, const struct apic_map *map)
{
	uint8_t *entry = t + 44;
	for (unsigned cpu = 0; cpu < map->ncpus; cpu++, entry += 8) {
		put8(entry, 0);              /* processor local APIC */
		put8(entry + 1, 8);
		put8(entry + 2, (uint8_t)cpu);   /* ACPI processor ID */
		put8(entry + 3, apic_map_cpu_id(cpu));
		put32(entry + 4, 1);         /* enabled */
	}
	put8(entry, 1);                      /* I/O APIC */
	put8(entry + 1, 12);
	put8(entry + 2, map->ioapic_id);
	put32(entry + 4, APIC_IOAPIC_BASE);
	put32(entry + 8, 0);                 /* GSI base */
	entry += 12;
	uint32_t length = (uint32_t)(entry - t);
	header(t, "APIC", length, 3);
	put32(t + 36, APIC_LAPIC_BASE);
	put32(t + 40, 1);                    /* PCAT_COMPAT: 8259s present */
	seal(t);
	return length;
}

static void build_rsdp(uint8_t *r)
{
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "MINKVM", 6);
	put8(r + 15, 2);                     /* ACPI 2.0+: the XSDT is valid */
	put32(r + 16, ACPI_TABLES_BASE + RSDT_OFF);
	put32(r + 20, 36);
	put64(r + 24, ACPI_TABLES_BASE + XSDT_OFF);
	r[8] = checksum(r, 20);
	r[32] = checksum(r, 36);
}

int acpi_build(uint8_t *mem, size_t mem_size, const struct apic_map *map, uint16_t pm_base)
{
	if (mem_size < ACPI_TABLES_BASE + ACPI_TABLES_SIZE || map->ncpus == 0 || map->ncpus > 32)
		return -1;
	uint8_t *page = mem + ACPI_TABLES_BASE;
	memset(page, 0, ACPI_TABLES_SIZE);
	uint8_t *facs = page + FACS_OFF;
	memcpy(facs, "FACS", 4);
	put32(facs + 4, FACS_SIZE);
	put8(facs + 32, 1);                  /* version */
	build_dsdt(page + DSDT_OFF);
	build_fadt(page + FADT_OFF, pm_base);
	build_madt(page + MADT_OFF, map);
	const uint32_t tables[] = { ACPI_TABLES_BASE + FADT_OFF, ACPI_TABLES_BASE + MADT_OFF };
	const unsigned n = sizeof tables / sizeof tables[0];
	header(page + RSDT_OFF, "RSDT", HEADER_SIZE + 4 * n, 1);
	header(page + XSDT_OFF, "XSDT", HEADER_SIZE + 8 * n, 1);
	for (unsigned i = 0; i < n; i++) {
		put32(page + RSDT_OFF + HEADER_SIZE + 4 * i, tables[i]);
		put64(page + XSDT_OFF + HEADER_SIZE + 8 * i, tables[i]);
	}
	seal(page + RSDT_OFF);
	seal(page + XSDT_OFF);
	build_rsdp(page + RSDP_OFF);
	return 0;
}
