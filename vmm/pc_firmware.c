/* pc_firmware.c: a BIOS's leftovers that PC test kernels rely on. A
 * kernel that drops to real mode (kvm-unit-tests' realmode) and enables
 * interrupts expects an IVT whose entries lead somewhere that returns,
 * and hardware interrupts at the BIOS's vectors (0x08, 0x70) with an EOI
 * sent for them; the PIC programming itself is irqchip_pic_setup. The
 * stubs live at F000:0000 (the BIOS area, "reserved" in the memory map):
 *   F000:0000  iret                           every other vector
 *   F000:0010  EOI to the master, iret        vectors 0x08-0x0f (IRQ0-7)
 *   F000:0020  EOI to both, iret              vectors 0x70-0x77 (IRQ8-15) */
#include <string.h>
#include "pc_firmware.h"

static const uint8_t stub_iret[] = { 0xcf };
static const uint8_t stub_irq_master[] = {
	0x50,             /* push ax */
	0xb0, 0x20,       /* mov al, 0x20 (EOI) */
	0xe6, 0x20,       /* out 0x20, al */
	0x58,             /* pop ax */
	0xcf,             /* iret */
};
static const uint8_t stub_irq_slave[] = {
	0x50, 0xb0, 0x20,
	0xe6, 0xa0,       /* out 0xa0, al */
	0xe6, 0x20,       /* out 0x20, al */
	0x58, 0xcf,
};

static uint16_t stub_for(unsigned vector)
{
	if (vector >= FIRMWARE_PIC_BASE && vector < FIRMWARE_PIC_BASE + 8)
		return 0x10;
	if (vector >= FIRMWARE_PIC2_BASE && vector < FIRMWARE_PIC2_BASE + 8)
		return 0x20;
	return 0x00;
}

int firmware_build_ivt(uint8_t *mem, size_t mem_size)
{
	if (mem_size < FIRMWARE_STUBS + FIRMWARE_STUBS_SIZE)
		return -1;
	uint8_t *stubs = mem + FIRMWARE_STUBS;
	memset(stubs, 0xcf, FIRMWARE_STUBS_SIZE);
	memcpy(stubs + 0x00, stub_iret, sizeof stub_iret);
	memcpy(stubs + 0x10, stub_irq_master, sizeof stub_irq_master);
	memcpy(stubs + 0x20, stub_irq_slave, sizeof stub_irq_slave);
	for (unsigned vector = 0; vector < 256; vector++) {
		uint16_t offset = stub_for(vector), segment = FIRMWARE_STUBS >> 4;
		memcpy(mem + vector * 4, &offset, 2);
		memcpy(mem + vector * 4 + 2, &segment, 2);
	}
	return 0;
}
