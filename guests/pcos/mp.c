/* mp.c: the Intel MP floating pointer and configuration table, found as
 * the MultiProcessor Specification 1.4 says (the first KiB of the EBDA,
 * the last KiB of base memory, then 0xF0000-0xFFFFF), both checksums
 * checked, and read into `machine`: the processors, the I/O APIC, and
 * which I/O APIC input each ISA IRQ reaches. Anything malformed fails. */
#include "pcos.h"

#define BDA_EBDA_SEGMENT 0x40e
#define BDA_BASE_KIB     0x413

struct machine machine;

static uint8_t sum(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;
	while (len--)
		s = (uint8_t)(s + *p++);
	return s;
}

static uint32_t search(uint32_t from, uint32_t len)
{
	for (uint32_t a = from; a + 16 <= from + len; a += 16)
		if (!memcmp(phys(a), "_MP_", 4) && sum(phys(a), 16) == 0)
			return a;
	return 0;
}

static uint32_t find_floating_pointer(void)
{
	uint32_t ebda = (uint32_t)*(volatile uint16_t *)phys(BDA_EBDA_SEGMENT) << 4;
	uint32_t base_end = (uint32_t)*(volatile uint16_t *)phys(BDA_BASE_KIB) * 1024;
	uint32_t at = ebda ? search(ebda, 1024) : 0;
	if (!at && base_end >= 1024)
		at = search(base_end - 1024, 1024);
	return at ? at : search(0xf0000, 0x10000);
}

static void entries(const uint8_t *p, const uint8_t *end)
{
	while (p < end) {
		switch (p[0]) {
		case 0:                                   /* processor */
			if ((p[3] & 1) && machine.ncpus < MAX_CPUS) {
				if (p[3] & 2)
					machine.bsp = machine.ncpus;
				machine.apic_id[machine.ncpus++] = p[1];
			}
			p += 20;
			break;
		case 2:                                   /* I/O APIC */
			machine.ioapic_id = p[1];
			machine.ioapic = *(const uint32_t *)(p + 4);
			p += 8;
			break;
		case 3:                                   /* I/O interrupt: bus 0 is the ISA bus here */
			if (p[1] == 0 && p[5] < 16 && p[6] == machine.ioapic_id)
				machine.pin_of_irq[p[5]] = p[7];
			p += 8;
			break;
		case 1: case 4:                           /* bus, local interrupt */
			p += 8;
			break;
		default:
			fail("mp: an entry of unknown type");
		}
	}
}

void mp_init(void)
{
	for (int i = 0; i < 16; i++)
		machine.pin_of_irq[i] = -1;
	uint32_t fp = find_floating_pointer();
	if (!fp)
		fail("mp: no MP floating pointer");
	const uint8_t *f = phys(fp);
	uint32_t table = *(const uint32_t *)(f + 4);
	const uint8_t *c = phys(table);
	if (!table || memcmp(c, "PCMP", 4) != 0)
		fail("mp: no configuration table (a default configuration is not enough)");
	uint16_t length = *(const uint16_t *)(c + 4);
	if (sum(c, length) != 0)
		fail("mp: the configuration table's checksum");
	machine.found_at = fp;
	machine.lapic = *(const uint32_t *)(c + 36);
	entries(c + 44, c + length);
	if (machine.ncpus == 0 || !machine.ioapic)
		fail("mp: no processor or no I/O APIC");
	printf("mp: floating pointer at 0x%x (spec 1.%u), table at 0x%x, %u bytes\n",
	       fp, f[9], table, length);
	printf("mp: processors %u, APIC IDs", machine.ncpus);
	for (unsigned i = 0; i < machine.ncpus; i++)
		printf(" %u%s", machine.apic_id[i], i == machine.bsp ? " (BSP)" : "");
	printf("; local APICs at 0x%x, I/O APIC ID %u at 0x%x\n", machine.lapic, machine.ioapic_id,
	       machine.ioapic);
	printf("mp: ISA IRQ 4 -> I/O APIC input %d, IRQ 14 -> input %d\n",
	       machine.pin_of_irq[4], machine.pin_of_irq[14]);
}
