/* mptable.c: builds the MP floating pointer and configuration table
 * (mptable.h) byte by byte, little-endian, with their checksums. */
#include <stdbool.h>
#include <string.h>
#include "mptable.h"

enum { MP_PROCESSOR = 0, MP_BUS = 1, MP_IOAPIC = 2, MP_IOINTR = 3, MP_LINTR = 4 };
enum { INT_INT = 0, INT_NMI = 1, INT_EXTINT = 3 };
#define CONFIG_HEADER 44
#define CPU_SIGNATURE    0x600       /* family 6 */
#define CPU_FEATURES     0x201       /* FPU, APIC */
#define LAPIC_VERSION    0x14
#define IOAPIC_VERSION   0x11

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)v); put16(p + 2, (uint16_t)(v >> 16)); }

uint8_t mptable_sum(const uint8_t *bytes, size_t len)
{
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + bytes[i]);
	return sum;
}

static uint8_t *processor(uint8_t *p, uint8_t apic_id, bool bsp)
{
	memset(p, 0, 20);
	p[0] = MP_PROCESSOR;
	p[1] = apic_id;
	p[2] = LAPIC_VERSION;
	p[3] = 0x01 | (bsp ? 0x02 : 0);             /* enabled; the BSP */
	put32(p + 4, CPU_SIGNATURE);
	put32(p + 8, CPU_FEATURES);
	return p + 20;
}

static uint8_t *interrupt(uint8_t *p, uint8_t kind, uint8_t type, uint8_t src_irq, uint8_t dest_id, uint8_t dest_pin)
{
	p[0] = kind, p[1] = type;
	put16(p + 2, 0);                             /* polarity and trigger: as the bus says */
	p[4] = 0;                                    /* source bus: ISA */
	p[5] = src_irq, p[6] = dest_id, p[7] = dest_pin;
	return p + 8;
}

void mptable_write(uint8_t *mem, uint32_t at, const struct apic_map *map)
{
	uint8_t ioapic_id = map->ioapic_id;
	uint32_t config_at = at + 16;
	uint8_t *config = mem + config_at, *p = config + CONFIG_HEADER;
	unsigned entries = 0;
	for (unsigned cpu = 0; cpu < map->ncpus; cpu++, entries++)
		p = processor(p, apic_map_cpu_id(cpu), cpu == 0);
	memcpy(p, "\x01\x00ISA   ", 8), p += 8, entries++;
	p[0] = MP_IOAPIC, p[1] = ioapic_id, p[2] = IOAPIC_VERSION, p[3] = 0x01;
	put32(p + 4, APIC_IOAPIC_BASE), p += 8, entries++;
	for (unsigned irq = 0; irq < APIC_ISA_IRQS; irq++, entries++) {
		if (irq == APIC_ISA_CASCADE) {
			entries--;
			continue;
		}
		p = interrupt(p, MP_IOINTR, INT_INT, (uint8_t)irq, ioapic_id, (uint8_t)irq);
	}
	p = interrupt(p, MP_LINTR, INT_EXTINT, 0, 0xff, 0), entries++;   /* every local APIC: LINT0 */
	p = interrupt(p, MP_LINTR, INT_NMI, 0, 0xff, 1), entries++;      /* LINT1 */
	uint16_t length = (uint16_t)(p - config);

	memset(config, 0, CONFIG_HEADER);
	memcpy(config, "PCMP", 4);
	put16(config + 4, length);
	config[6] = 4;                               /* spec 1.4 */
	memcpy(config + 8, "MINI-KVM", 8);
	memcpy(config + 16, "PC          ", 12);
	put16(config + 34, (uint16_t)entries);
	put32(config + 36, APIC_LAPIC_BASE);
	config[7] = (uint8_t)-mptable_sum(config, length);

	uint8_t *floating = mem + at;
	memset(floating, 0, 16);
	memcpy(floating, "_MP_", 4);
	put32(floating + 4, config_at);
	floating[8] = 1;                             /* 16 bytes */
	floating[9] = 4;
	floating[10] = (uint8_t)-mptable_sum(floating, 16);   /* feature bytes 0: a table, virtual wire */
}
