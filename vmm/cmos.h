/* cmos.h: the MC146818 real-time clock and its CMOS RAM at ports
 * 0x70 (index, bit 7 = NMI disabled) and 0x71 (data). The clock is fixed
 * (2000-01-01 00:00:00, a Saturday, BCD and 24-hour) so that transcripts
 * are the same on every run; the update-in-progress bit is never set.
 * The rest is 128 bytes of RAM a guest may read and write: the shutdown
 * status byte (0x0F) that AP start-up code sets before INIT/SIPI, and the
 * memory sizes a PC BIOS leaves there. */
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

/* Bus handler (owner: the struct cmos) for ports 0x70-0x71. */
struct vcpu;
int cmos_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
