/* cmos.c: the RTC and CMOS RAM (cmos.h): the fixed clock, the memory
 * sizes, and the index/data port pair. */
#include <string.h>
#include "cmos.h"

#define KIB 1024u

static void put16(struct cmos *cmos, unsigned lo, uint64_t value)
{
	if (value > 0xffff)
		value = 0xffff;
	cmos->ram[lo] = (uint8_t)value;
	cmos->ram[lo + 1] = (uint8_t)(value >> 8);
}

void cmos_init(struct cmos *cmos, uint64_t mem_size)
{
	memset(cmos, 0, sizeof *cmos);
	pthread_mutex_init(&cmos->lock, NULL);
	uint8_t *r = cmos->ram;
	r[CMOS_SECONDS] = 0x00, r[CMOS_MINUTES] = 0x00, r[CMOS_HOURS] = 0x00;
	r[CMOS_WEEKDAY] = 0x07;               /* Saturday (Sunday = 1) */
	r[CMOS_DAY] = 0x01, r[CMOS_MONTH] = 0x01, r[CMOS_YEAR] = 0x00, r[CMOS_CENTURY] = 0x20;
	r[CMOS_STATUS_A] = 0x26;              /* 32.768 kHz base, 1024 Hz rate, no update in progress */
	r[CMOS_STATUS_B] = 0x02;              /* 24-hour, BCD, no interrupts */
	r[CMOS_STATUS_D] = 0x80;              /* the battery is good */
	r[CMOS_EQUIPMENT] = 0x06;             /* FPU, VGA/EGA display, no floppy */
	uint64_t mem_kib = mem_size / KIB;
	put16(cmos, CMOS_BASE_MEM_LO, mem_kib < 640 ? mem_kib : 640);
	uint64_t ext_kib = mem_kib > 1024 ? mem_kib - 1024 : 0;     /* above 1 MiB */
	put16(cmos, CMOS_EXT_MEM_LO, ext_kib);
	put16(cmos, CMOS_EXT_MEM2_LO, ext_kib);
	uint64_t high = mem_size > (16u << 20) ? (mem_size - (16u << 20)) >> 16 : 0;   /* 64 KiB units above 16 MiB */
	put16(cmos, CMOS_HIGH_MEM_LO, high);
}

void cmos_close(struct cmos *cmos)
{
	pthread_mutex_destroy(&cmos->lock);
}

uint8_t cmos_peek(struct cmos *cmos, uint8_t reg)
{
	pthread_mutex_lock(&cmos->lock);
	uint8_t value = cmos->ram[reg & (CMOS_SIZE - 1)];
	pthread_mutex_unlock(&cmos->lock);
	return value;
}

/* Status C's flags clear when read; the clock and status D are read-only. */
static uint8_t read_register(struct cmos *cmos, uint8_t reg)
{
	uint8_t value = cmos->ram[reg];
	if (reg == CMOS_STATUS_C)
		cmos->ram[reg] = 0;
	return value;
}

static void write_register(struct cmos *cmos, uint8_t reg, uint8_t value)
{
	if (reg == CMOS_STATUS_C || reg == CMOS_STATUS_D)
		return;
	if (reg == CMOS_STATUS_A)
		value &= 0x7f;                /* update-in-progress is the clock's to set */
	cmos->ram[reg] = value;
}

int cmos_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct cmos *cmos = owner;
	(void)cpu, (void)size;
	pthread_mutex_lock(&cmos->lock);
	if (offset == 0) {
		if (is_write) {
			cmos->index = data[0] & (CMOS_SIZE - 1);
			cmos->nmi_disabled = data[0] & CMOS_NMI_OFF;
		}   /* a read of the index port: 0xff, as on most chipsets */
	} else if (is_write) {
		write_register(cmos, cmos->index, data[0]);
	} else {
		data[0] = read_register(cmos, cmos->index);
	}
	pthread_mutex_unlock(&cmos->lock);
	return 0;
}
