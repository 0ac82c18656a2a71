/* ide.h: the primary IDE (ATA) channel of a PC: a master and a slave
 * drive over two of the guest's --disk images, the command block at
 * 0x1F0-0x1F7 and the control block at 0x3F6 (alternate status, device
 * control). PIO only: IDENTIFY DEVICE, READ and WRITE SECTORS with LBA28
 * or CHS addresses, and the few housekeeping commands drivers send first;
 * IRQ14 through the guest's interrupt hook when a sector is ready or done,
 * unless the guest set nIEN. Writes go to the disk as disk.h says (a
 * private copy unless --disk-write). The device never touches kvm_run. */
#ifndef MINIKVM_IDE_H
#define MINIKVM_IDE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "abi.h"
#include "disk.h"
#include "keyboard.h"   /* struct irq_hook */

#define IDE_PORT_BASE    0x1f0   /* command block: 8 ports */
#define IDE_PORTS        8
#define IDE_CONTROL_PORT 0x3f6   /* alternate status (read), device control (write) */
#define IDE_IRQ          14

/* Command block offsets. */
enum {
	IDE_DATA = 0, IDE_ERROR_FEATURES = 1, IDE_COUNT = 2, IDE_LBA_LOW = 3,
	IDE_LBA_MID = 4, IDE_LBA_HIGH = 5, IDE_SELECT = 6, IDE_STATUS_COMMAND = 7,
};
/* Status bits. */
#define IDE_BSY  0x80
#define IDE_DRDY 0x40
#define IDE_DF   0x20
#define IDE_DSC  0x10
#define IDE_DRQ  0x08
#define IDE_ERR  0x01
/* Error bits. */
#define IDE_ABRT 0x04
#define IDE_IDNF 0x10
/* Select register bits, device control bits. */
#define IDE_SELECT_SLAVE 0x10
#define IDE_SELECT_LBA   0x40
#define IDE_CTL_NIEN     0x02
#define IDE_CTL_SRST     0x04
/* Commands. */
#define IDE_CMD_READ          0x20
#define IDE_CMD_READ_NORETRY  0x21
#define IDE_CMD_WRITE         0x30
#define IDE_CMD_WRITE_NORETRY 0x31
#define IDE_CMD_IDENTIFY      0xec
#define IDE_CMD_RECALIBRATE   0x10
#define IDE_CMD_INIT_PARAMS   0x91
#define IDE_CMD_SET_FEATURES  0xef
#define IDE_CMD_FLUSH         0xe7

/* What the data port is moving. */
enum ide_transfer { IDE_IDLE, IDE_TO_GUEST, IDE_FROM_GUEST };

struct ide {
	pthread_mutex_t lock;           /* the vCPUs of an SMP guest share it */
	struct disk *drives[2];         /* master, slave; NULL: absent */
	struct irq_hook irq;            /* IRQ14 */
	/* the task file, shared by both drives as on the cable */
	uint8_t features, count, lba_low, lba_mid, lba_high, select;
	uint8_t status, error, control;
	/* the sector moving through the data port */
	enum ide_transfer transfer;
	uint8_t buffer[SECTOR_SIZE];
	unsigned pos;
	uint64_t lba;                   /* the sector in buffer */
	unsigned remaining;             /* sectors still to move, the one in buffer included */
};

/* master and slave may be NULL (absent drives read status 0). */
void ide_init(struct ide *ide, struct disk *master, struct disk *slave, struct irq_hook irq);
void ide_close(struct ide *ide);

/* Bus handlers (owner: the struct ide). */
struct vcpu;
int ide_command_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int ide_control_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

/* The IDENTIFY DEVICE words of a disk. */
void ide_identify_words(const struct disk *disk, uint16_t words[256]);

#endif
