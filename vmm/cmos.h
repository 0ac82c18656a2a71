/* cmos.h: the MC146818 real-time clock and its CMOS RAM at ports 0x70
 * (index, bit 7 = NMI disabled) and 0x71 (data), on a PC and on every
 * guest of the in-kernel irqchip. This file owns those two ports and the
 * 128 bytes behind them:
 *   - the clock (0x00-0x09, 0x32): fixed at 2000-01-01 00:00:00, a
 *     Saturday, BCD and 24-hour, so that transcripts are the same on
 *     every run; the update-in-progress bit is never set;
 *   - status A-D (0x0A-0x0D): C clears when read, C and D read-only;
 *   - the shutdown status byte (0x0F) that AP start-up code sets before
 *     INIT/SIPI, and the equipment byte and memory sizes a PC BIOS
 *     leaves (0x14-0x18, 0x30-0x31, 0x34-0x35);
 *   - the rest, alarm registers (0x01, 0x03, 0x05) included, plain RAM.
 * Not here yet: alarm, periodic and update-ended interrupts (IRQ8) and a
 * clock that advances; they belong in this file, driven through
 * cmos_io's register writes. The VMM's own code (the BIOS's int 1Ah)
 * reads registers with cmos_peek. */
#ifndef MINIKVM_CMOS_H
#define MINIKVM_CMOS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMOS_PORT_BASE 0x70
#define CMOS_PORTS     2
#define CMOS_SIZE      128
#define CMOS_NMI_OFF   0x80      /* index port bit 7 */

/* Registers. */
enum {
	CMOS_SECONDS = 0x00, CMOS_MINUTES = 0x02, CMOS_HOURS = 0x04, CMOS_WEEKDAY = 0x06,
	CMOS_DAY = 0x07, CMOS_MONTH = 0x08, CMOS_YEAR = 0x09,
	CMOS_STATUS_A = 0x0a, CMOS_STATUS_B = 0x0b, CMOS_STATUS_C = 0x0c, CMOS_STATUS_D = 0x0d,
	CMOS_SHUTDOWN = 0x0f, CMOS_EQUIPMENT = 0x14,
	CMOS_BASE_MEM_LO = 0x15, CMOS_BASE_MEM_HI = 0x16, CMOS_EXT_MEM_LO = 0x17, CMOS_EXT_MEM_HI = 0x18,
	CMOS_EXT_MEM2_LO = 0x30, CMOS_EXT_MEM2_HI = 0x31, CMOS_CENTURY = 0x32,
	CMOS_HIGH_MEM_LO = 0x34, CMOS_HIGH_MEM_HI = 0x35,
};

struct cmos {
	pthread_mutex_t lock;
	uint8_t index;               /* without the NMI bit */
	bool nmi_disabled;
	uint8_t ram[CMOS_SIZE];
};

/* The fixed clock and the sizes of a guest with mem_size bytes of RAM. */
void cmos_init(struct cmos *cmos, uint64_t mem_size);
void cmos_close(struct cmos *cmos);

/* A register's value as the guest would read it, without a read's side
 * effects (status C stays set); any thread. reg < CMOS_SIZE. */
uint8_t cmos_peek(struct cmos *cmos, uint8_t reg);

/* Bus handler (owner: the struct cmos) for ports 0x70-0x71. */
struct vcpu;
int cmos_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
