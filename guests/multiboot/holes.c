/* holes.c: unbacked guest-physical addresses below 4 GiB behave as on a
 * PC in the one-guest machine: a read returns all ones and a write is
 * dropped (docs/DEVICES.md). Probes a hole just past the end of RAM (the
 * size fw_cfg reports) and one below the IOAPIC, at 1, 2 and 4 bytes. */
#include "lib.h"

static int probe(uint32_t addr)
{
	volatile uint8_t *b = (volatile uint8_t *)addr;
	volatile uint16_t *w = (volatile uint16_t *)addr;
	volatile uint32_t *l = (volatile uint32_t *)addr;
	*l = 0x12345678;                       /* dropped */
	*b = 0;
	uint32_t got_l = *l, got_w = *w, got_b = *b;
	int ok = got_l == 0xffffffffu && got_w == 0xffff && got_b == 0xff;
	printf("hole 0x%x: read32 0x%x read16 0x%x read8 0x%x after writes: %s\n",
	       addr, got_l, got_w, got_b, ok ? "ok" : "WRONG");
	return ok;
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint64_t ram = 0;
	fw_cfg_read(FW_CFG_RAM_SIZE, &ram, 8);
	int ok = probe((uint32_t)ram) & probe((uint32_t)ram + 0x123458) & probe(0xfe000000u);
	printf("%s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}
