/* disk.c: the IDE master, interrupt-driven: a command is written with
 * nIEN clear, the issuing CPU halts until IRQ14 (routed to it) arrives,
 * and the handler reads the status (which acknowledges the interrupt),
 * the sector for a read, and which CPU took it. One command at a time. */
#include "pcos.h"

#define IDE_DATA    0x1f0
#define IDE_COUNT   0x1f2
#define IDE_LBA0    0x1f3
#define IDE_DRIVE   0x1f6
#define IDE_STATUS  0x1f7
#define IDE_COMMAND 0x1f7
#define IDE_CONTROL 0x3f6
#define ST_BSY  0x80
#define ST_DRDY 0x40
#define ST_DRQ  0x08
#define ST_ERR  0x01
#define CMD_READ  0x20
#define CMD_WRITE 0x30

static struct disk_result *pending;
static bool reading;
static volatile int completed;

static void wait_ready(void)
{
	while ((inb(IDE_STATUS) & (ST_BSY | ST_DRDY)) != ST_DRDY)
		pause();
}

static void issue(uint32_t lba, uint8_t command, struct disk_result *r)
{
	wait_ready();
	pending = r;
	completed = 0;
	outb(IDE_CONTROL, 0);                     /* interrupts on */
	outb(IDE_COUNT, 1);
	outb(IDE_LBA0, (uint8_t)lba);
	outb(IDE_LBA0 + 1, (uint8_t)(lba >> 8));
	outb(IDE_LBA0 + 2, (uint8_t)(lba >> 16));
	outb(IDE_DRIVE, 0xe0 | ((lba >> 24) & 0x0f));
	outb(IDE_COMMAND, command);
}

void disk_read(uint32_t lba, struct disk_result *r)
{
	reading = true;
	issue(lba, CMD_READ, r);
	wait_until(&completed);
}

void disk_write(uint32_t lba, const uint8_t *data, struct disk_result *r)
{
	reading = false;
	issue(lba, CMD_WRITE, r);
	uint8_t status;
	while (((status = inb(IDE_STATUS)) & (ST_BSY | ST_DRQ)) != ST_DRQ)
		if (status & ST_ERR)
			fail("disk: WRITE SECTORS refused");
	__asm__ volatile("cld; rep outsl" : "+S"(data) : "c"(128), "d"(IDE_DATA) : "memory");
	wait_until(&completed);                   /* IRQ14 once the sector is written */
}

void disk_interrupt(void)
{
	uint8_t status = inb(IDE_STATUS);
	if (!pending)
		return;
	pending->status = status;
	pending->taken_by = lapic_id();
	if (reading && (status & ST_DRQ)) {
		void *to = pending->data;
		__asm__ volatile("cld; rep insl" : "+D"(to) : "c"(128), "d"(IDE_DATA) : "memory");
	}
	pending = 0;
	completed = 1;
}
