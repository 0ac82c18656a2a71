/* bios_port.c: the BIOS service port. The ROM's stub for int N saves the
 * caller's registers as a frame on the caller's stack, puts the frame's
 * address at BIOS_FRAME_PTR and writes N to BIOS_SERVICE_PORT; here the
 * frame is read, the call done (this file: power-on, boot, memory size,
 * int 0x15; the others in bios_video.c, bios_disk.c, bios_keyboard.c and
 * bios_clock.c) and the frame written back for the stub to restore.
 * Everything in the frame is the guest's, so every address is checked. */
#include <string.h>
#include "bios_call.h"
#include "vcpu.h"

#define EQUIPMENT_WORD 0x0022      /* 80x25 colour, a maths coprocessor, no floppy */
#define BASE_MEMORY_KB 639         /* up to the EBDA */
#define SMAP 0x534d4150            /* 'SMAP' */
#define E820_ENTRY 20
#define SYSTEM_UNSUPPORTED 0x86

void bios_install(struct bios *bios, struct vm *vm, struct vga *vga, struct i8042 *kbc)
{
	bios->vm = vm;
	bios->vga = vga;
	bios->kbc = kbc;
	memcpy(vm->mem + BIOS_ROM_BASE, bios_rom_start, BIOS_ROM_SIZE);
}

/* The power-on self test's part in C: the BDA, the EBDA, the screen, and
 * the boot sector at 0x7C00 (the ROM has filled the IVT). */
static void power_on(struct bios_call *c)
{
	uint8_t *bda = bios_bda(c);
	memset(bda, 0, 0x100);
	bda[BDA_EQUIPMENT] = EQUIPMENT_WORD & 0xff, bda[BDA_EQUIPMENT + 1] = EQUIPMENT_WORD >> 8;
	bda[BDA_MEMORY_KB] = BASE_MEMORY_KB & 0xff, bda[BDA_MEMORY_KB + 1] = BASE_MEMORY_KB >> 8;
	bda[BDA_EBDA_SEG] = (EBDA_BASE >> 4) & 0xff, bda[BDA_EBDA_SEG + 1] = EBDA_BASE >> 12;
	bda[BDA_DISK_COUNT] = (uint8_t)c->bios->ndisks;
	c->bios->vm->mem[EBDA_BASE] = 1;                 /* its size in KiB */
	bios_keyboard_reset(c);
	vga_set_mode3(c->bios->vga, true);
	bios_load_boot_sector(c);
}

/* AX=0xE820: one entry of the memory map per call, EBX the cursor. */
static void memory_map(struct bios_call *c)
{
	size_t ram = c->bios->vm->mem_size;
	const struct { uint64_t base, length; uint32_t type; } map[] = {
		{ 0, EBDA_BASE, 1 },
		{ EBDA_BASE, 0xa0000 - EBDA_BASE, 2 },
		{ BIOS_ROM_BASE, BIOS_ROM_SIZE, 2 },
		{ BIOS_MIN_RAM, ram - BIOS_MIN_RAM, 1 },
	};
	unsigned entries = ram > BIOS_MIN_RAM ? 4 : 3;
	uint32_t index = c->r.ebx;
	uint8_t *out = bios_ptr(c, c->r.es, (uint16_t)c->r.edi, E820_ENTRY);
	if (c->r.edx != SMAP || index >= entries || c->r.ecx < E820_ENTRY || !out) {
		bios_status(c, SYSTEM_UNSUPPORTED);
		return;
	}
	memcpy(out, &map[index].base, 8);
	memcpy(out + 8, &map[index].length, 8);
	memcpy(out + 16, &map[index].type, 4);
	c->r.eax = SMAP;
	c->r.ecx = E820_ENTRY;
	c->r.ebx = index + 1 < entries ? index + 1 : 0;
	set_flag(c, FLAG_CF, false);
}

static void system_call(struct bios_call *c)
{
	size_t ram_kb = c->bios->vm->mem_size / 1024;
	size_t extended_kb = ram_kb > 1024 ? ram_kb - 1024 : 0;
	switch ((uint16_t)c->r.eax) {
	case 0xe820: memory_map(c); return;
	case 0xe801: {                                  /* KiB 1-16 MiB, 64 KiB blocks above */
		uint16_t low = (uint16_t)(extended_kb > 0x3c00 ? 0x3c00 : extended_kb);
		uint16_t high = (uint16_t)(ram_kb > 16384 ? (ram_kb - 16384) / 64 : 0);
		set_word(&c->r.eax, low), set_word(&c->r.ecx, low);
		set_word(&c->r.ebx, high), set_word(&c->r.edx, high);
		set_flag(c, FLAG_CF, false);
		return;
	}
	case 0x2400: case 0x2401:                       /* A20 off, on */
		c->bios->kbc->a20 = (uint16_t)c->r.eax == 0x2401;
		bios_status(c, 0);
		return;
	case 0x2402:                                    /* A20 state */
		set_lo(&c->r.eax, c->bios->kbc->a20);
		bios_status(c, 0);
		return;
	case 0x2403:                                    /* A20 gates: keyboard controller and port 0x92 */
		set_word(&c->r.ebx, 0x0003);
		bios_status(c, 0);
		return;
	}
	if (reg_hi(c->r.eax) == 0x86) {                 /* wait CX:DX microseconds */
		bios_wait(c);
		return;
	}
	if (reg_hi(c->r.eax) == 0x88) {                 /* KiB above 1 MiB */
		set_word(&c->r.eax, (uint16_t)(extended_kb > 0xffff ? 0xffff : extended_kb));
		set_flag(c, FLAG_CF, false);
		return;
	}
	bios_status(c, SYSTEM_UNSUPPORTED);
}

static void dispatch(struct bios_call *c, uint8_t service)
{
	uint8_t *bda = bios_bda(c);
	switch (service) {
	case 0x09: bios_keyboard_irq(c); break;
	case 0x10: bios_video(c); break;
	case 0x11: set_word(&c->r.eax, (uint16_t)(bda[BDA_EQUIPMENT] | bda[BDA_EQUIPMENT + 1] << 8)); break;
	case 0x12: set_word(&c->r.eax, (uint16_t)(bda[BDA_MEMORY_KB] | bda[BDA_MEMORY_KB + 1] << 8)); break;
	case 0x13: bios_disk(c); break;
	case 0x15: system_call(c); break;
	case 0x16: bios_keyboard(c); break;
	case 0x19: bios_load_boot_sector(c); break;
	case 0x1a: bios_clock(c); break;
	case BIOS_SVC_POST: power_on(c); break;
	default: break;                                 /* not a service: ignored */
	}
}

int bios_service_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct bios *bios = owner;
	(void)offset, (void)size;
	if (!is_write) {
		data[0] = 0xff;
		return VCPU_CONTINUE;
	}
	uint8_t *mem = bios->vm->mem;
	uint16_t frame_offset = (uint16_t)(mem[BIOS_FRAME_PTR] | mem[BIOS_FRAME_PTR + 1] << 8);
	uint16_t frame_segment = (uint16_t)(mem[BIOS_FRAME_PTR + 2] | mem[BIOS_FRAME_PTR + 3] << 8);
	uint8_t *frame = vm_guest_ptr(bios->vm, (uint64_t)frame_segment * 16 + frame_offset,
				      BIOS_FRAME_SIZE);
	bool repeat = mem[BIOS_AGAIN] != 0;
	mem[BIOS_AGAIN] = 0;
	if (!frame)
		return VCPU_CONTINUE;                   /* only a guest that forged the pointer gets here */
	struct bios_call call = { .bios = bios, .cpu = cpu, .result = VCPU_CONTINUE, .repeat = repeat };
	memcpy(&call.r, frame, BIOS_FRAME_SIZE);
	dispatch(&call, data[0]);
	memcpy(frame, &call.r, BIOS_FRAME_SIZE);
	mem[BIOS_AGAIN] = call.again;
	return call.result;
}
