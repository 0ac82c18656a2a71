/* bios.h: the VMM's half of the BIOS (the other half is bios/bios.asm, the
 * ROM): the service port the ROM's stubs write an interrupt number to, and
 * the calls themselves (video, disk, keyboard, memory map, A20, ticks,
 * boot), done on the caller's register frame in guest memory. It also
 * places the ROM and the BIOS data area. docs/BIOS.md lists every call. */
#ifndef MINIKVM_BIOS_H
#define MINIKVM_BIOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cmos.h"
#include "disk.h"
#include "i8042.h"
#include "vga.h"
#include "vm.h"

#define BIOS_ROM_SIZE 0x10000
#define BIOS_MIN_RAM  0x100000     /* the ROM ends at 1 MiB */
#define PC_TIMER_HZ   18           /* IRQ0's rate for BIOS guests unless --timer-hz */

struct bios {
	struct vm *vm;
	struct vga *vga;
	struct i8042 *kbc;
	struct disk disks[MAX_DISKS];   /* drive 0x80 + i */
	int ndisks;
	bool extended_prefix;           /* IRQ1 saw 0xE0: the next code is a grey key */
	struct cmos *cmos;              /* the real-time clock int 0x1A reads and sets */
	bool waiting;                   /* int 0x15 AH=0x86 under way, until wait_until (us) */
	uint64_t wait_until;
};


/* The ROM as built from bios/bios.asm (bios_rom.S). */
extern const uint8_t bios_rom_start[], bios_rom_end[];

/* Copy the ROM to 0xF0000 and say how to enter it (F000:FFF0). */
void bios_install(struct bios *bios, struct vm *vm, struct vga *vga, struct i8042 *kbc);

/* Bus handler (owner: the struct bios) for BIOS_SERVICE_PORT. */
struct vcpu;
int bios_service_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
