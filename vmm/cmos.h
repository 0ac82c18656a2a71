/* cmos.h: the MC146818 real-time clock and its CMOS RAM at ports 0x70
 * (index, bit 7 = NMI disabled) and 0x71 (data), on a PC and on every
 * guest of the in-kernel irqchip. This file owns those two ports and the
 * 128 bytes behind them:
 *   - the clock (0x00-0x09, 0x32): it starts at 2000-01-01 00:00:00, a
 *     Saturday, BCD and 24-hour, when the machine is made, and runs with
 *     the host's monotonic clock, so a guest that reads it in its first
 *     second always sees the same time (transcripts stay the same); a
 *     guest may set it, and status B's DM and 24/12 bits choose the
 *     format. Status A's update-in-progress bit is set in the last
 *     2.228 ms before each second (244 us of warning plus the update);
 *   - the alarm (0x01, 0x03, 0x05; 0xC0-0xFF = any value) and status C's
 *     flags: update-ended (UF), alarm (AF) and IRQF, worked out when C is
 *     read from the seconds that passed since the last read; C clears
 *     when read, D is read-only;
 *   - the shutdown status byte (0x0F) that AP start-up code sets before
 *     INIT/SIPI, and the equipment byte and memory sizes a PC BIOS
 *     leaves (0x14-0x18, 0x30-0x31, 0x34-0x35); the rest is plain RAM.
 * Not modelled: IRQ8 (the alarm, update and periodic interrupts reach
 * status C but raise no line) and the periodic flag. An ACPI S3 sleep
 * (acpi_sleep.c) wakes at the alarm: cmos_seconds_to_alarm, cmos_skip.
 * The VMM's own code (the BIOS's int 1Ah) reads registers with
 * cmos_peek. */
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
	CMOS_SECONDS = 0x00, CMOS_SECONDS_ALARM = 0x01, CMOS_MINUTES = 0x02, CMOS_MINUTES_ALARM = 0x03,
	CMOS_HOURS = 0x04, CMOS_HOURS_ALARM = 0x05, CMOS_WEEKDAY = 0x06,
	CMOS_DAY = 0x07, CMOS_MONTH = 0x08, CMOS_YEAR = 0x09,
	CMOS_STATUS_A = 0x0a, CMOS_STATUS_B = 0x0b, CMOS_STATUS_C = 0x0c, CMOS_STATUS_D = 0x0d,
	CMOS_SHUTDOWN = 0x0f, CMOS_EQUIPMENT = 0x14,
	CMOS_BASE_MEM_LO = 0x15, CMOS_BASE_MEM_HI = 0x16, CMOS_EXT_MEM_LO = 0x17, CMOS_EXT_MEM_HI = 0x18,
	CMOS_EXT_MEM2_LO = 0x30, CMOS_EXT_MEM2_HI = 0x31, CMOS_CENTURY = 0x32,
	CMOS_HIGH_MEM_LO = 0x34, CMOS_HIGH_MEM_HI = 0x35,
};

#define CMOS_B_SET   0x80        /* status B: updates stopped while the clock is set */
#define CMOS_B_AIE   0x20        /* alarm interrupt enable */
#define CMOS_B_UIE   0x10        /* update-ended interrupt enable */
#define CMOS_B_DM    0x04        /* binary, not BCD */
#define CMOS_B_24H   0x02
#define CMOS_A_UIP   0x80
#define CMOS_C_IRQF  0x80
#define CMOS_C_AF    0x20
#define CMOS_C_UF    0x10

struct cmos {
	pthread_mutex_t lock;
	uint8_t index;               /* without the NMI bit */
	bool nmi_disabled;
	uint8_t ram[CMOS_SIZE];
	/* The clock: rtc_time.h's seconds = base_s + whole seconds since
	 * start_ns on now_ns (the host's monotonic clock; tests set their own). */
	uint64_t (*now_ns)(void);
	uint64_t start_ns;
	int64_t base_s;
	int64_t flags_seen_s;        /* the last second status C's flags account for */
};

/* The clock from 2000-01-01 00:00:00 on, and the sizes of a guest with
 * mem_size bytes of RAM. */
void cmos_init(struct cmos *cmos, uint64_t mem_size);
void cmos_close(struct cmos *cmos);

/* A register's value as the guest would read it, without a read's side
 * effects (status C stays set); any thread. reg < CMOS_SIZE. */
uint8_t cmos_peek(struct cmos *cmos, uint8_t reg);

/* Seconds from now until the alarm next goes off (1..86400), or -1 if
 * its interrupt is not enabled (status B's AIE). */
int64_t cmos_seconds_to_alarm(struct cmos *cmos);
/* Move the clock on (a machine that slept through them). */
void cmos_skip(struct cmos *cmos, int64_t seconds);

/* Bus handler (owner: the struct cmos) for ports 0x70-0x71. */
struct vcpu;
int cmos_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
