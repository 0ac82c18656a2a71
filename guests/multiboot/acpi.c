/* acpi.c: walks the ACPI tables as an OS does: finds the RSDP by its
 * signature in 0xe0000-0xfffff, checks every checksum, follows the XSDT
 * and the RSDT to the FADT and the MADT, counts the MADT's local APICs
 * against fw_cfg's vCPU count, finds the IOAPIC, the FACS and the DSDT,
 * and reads the PM timer where the FADT says it is until it has counted
 * 10 ms (35796 ticks of 3.579545 MHz) forwards. */
#include "lib.h"
#include "acpi_find.h"

static int failures;

static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static void check(const char *what, int ok)
{
	printf("%s: %s\n", what, ok ? "ok" : "WRONG");
	failures += !ok;
}

static void madt(const uint8_t *t, uint16_t cpus)
{
	unsigned lapics = 0, ioapics = 0;
	uint32_t ioapic_address = 0;
	for (uint32_t off = 44; off + 2 <= get32(t + 4) && t[off + 1]; off += t[off + 1]) {
		if (t[off] == 0 && (get32(t + off + 4) & 1) && t[off + 3] == lapics)
			lapics++;
		else if (t[off] == 1)
			ioapics++, ioapic_address = get32(t + off + 4);
	}
	printf("MADT: local APIC at 0x%x, %u enabled local APICs (IDs 0..%u), %u IOAPIC at 0x%x\n",
	       get32(t + 36), lapics, lapics - 1, ioapics, ioapic_address);
	check("MADT: one local APIC per vCPU", lapics == cpus);
	check("MADT: the IOAPIC at 0xfec00000", ioapics == 1 && ioapic_address == 0xfec00000u);
}

static void pm_timer(uint16_t port)
{
	uint32_t start = inl(port) & 0xffffff, elapsed = 0, reads = 0;
	while (elapsed < 35796 && reads < 100000000) {
		elapsed = ((inl(port) & 0xffffff) - start) & 0xffffff;
		reads++;
	}
	check("PM timer counts 10 ms forwards", elapsed >= 35796 && elapsed < 0x800000);
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint16_t cpus = 0;
	fw_cfg_read(FW_CFG_NB_CPUS, &cpus, 2);
	const uint8_t *rsdp = find_rsdp();
	if (!rsdp) {
		printf("FAIL: no RSDP in 0xe0000-0xfffff\n");
		return EXIT_FAIL;
	}
	printf("RSDP at 0x%x, revision %u\n", (uint32_t)rsdp, rsdp[15]);
	check("RSDP checksums (20 and 36 bytes)", sums_to_zero(rsdp, 20) && sums_to_zero(rsdp, 36));
	const uint8_t *rsdt = (const uint8_t *)get32(rsdp + 16), *xsdt = (const uint8_t *)get32(rsdp + 24);
	check("RSDT signature and checksum", signature_is(rsdt, "RSDT") && sums_to_zero(rsdt, get32(rsdt + 4)));
	check("XSDT signature and checksum", signature_is(xsdt, "XSDT") && sums_to_zero(xsdt, get32(xsdt + 4)));
	const uint8_t *fadt = find_table(xsdt, 8, "FACP"), *apic = find_table(xsdt, 8, "APIC");
	check("RSDT and XSDT list the same FADT and MADT",
	      fadt && apic && fadt == find_table(rsdt, 4, "FACP") && apic == find_table(rsdt, 4, "APIC"));
	if (!fadt || !apic)
		return EXIT_FAIL;
	check("FADT checksum", sums_to_zero(fadt, get32(fadt + 4)));
	check("MADT checksum", sums_to_zero(apic, get32(apic + 4)));
	const uint8_t *facs = (const uint8_t *)get32(fadt + 36), *dsdt = (const uint8_t *)get32(fadt + 40);
	check("FACS signature, 64 bytes", signature_is(facs, "FACS") && get32(facs + 4) == 64);
	check("DSDT signature and checksum", signature_is(dsdt, "DSDT") && sums_to_zero(dsdt, get32(dsdt + 4)));
	uint16_t pm1a_cnt = (uint16_t)get32(fadt + 64), pm_tmr = (uint16_t)get32(fadt + 76);
	printf("FADT: SCI IRQ %u, PM1a event 0x%x, PM1a control 0x%x, PM timer 0x%x\n",
	       fadt[46], get32(fadt + 56), pm1a_cnt, pm_tmr);
	check("PM1a control: SCI_EN set (ACPI mode, no SMI port)", (inw(pm1a_cnt) & 1) && get32(fadt + 48) == 0);
	madt(apic, cpus);
	pm_timer(pm_tmr);
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures ? EXIT_FAIL : EXIT_PASS;
}
