/* ide.c: the primary IDE channel (ide.h): its task file, the PIO data
 * transfers of IDENTIFY, READ SECTORS and WRITE SECTORS, the status the
 * guest polls, and IRQ14. Every register access comes through the two bus
 * handlers, under the channel's lock. */
#include <string.h>
#include "ide.h"

#define LBA28_MAX 0x0fffffffu

static struct disk *selected(const struct ide *ide)
{
	return ide->drives[(ide->select & IDE_SELECT_SLAVE) ? 1 : 0];
}

/* A sector is ready or a command has ended: interrupt, unless nIEN. */
static void interrupt(struct ide *ide)
{
	if (!(ide->control & IDE_CTL_NIEN) && ide->irq.raise)
		ide->irq.raise(ide->irq.guest, IDE_IRQ);
}

static void withdraw_interrupt(struct ide *ide)
{
	if (ide->irq.withdraw)
		ide->irq.withdraw(ide->irq.guest, IDE_IRQ);
}

static void finish(struct ide *ide, uint8_t error)
{
	ide->transfer = IDE_IDLE;
	ide->pos = 0;
	ide->remaining = 0;
	ide->error = error;
	ide->status = IDE_DRDY | IDE_DSC | (error ? IDE_ERR : 0);
	interrupt(ide);
}

/* Power-on or SRST: the diagnostic result and the signature of an ATA disk. */
static void reset(struct ide *ide)
{
	ide->transfer = IDE_IDLE;
	ide->pos = ide->remaining = 0;
	ide->features = 0;
	ide->count = 1, ide->lba_low = 1, ide->lba_mid = 0, ide->lba_high = 0;
	ide->select = 0xa0;
	ide->error = 0x01;              /* diagnostics passed */
	ide->status = IDE_DRDY | IDE_DSC;
}

void ide_init(struct ide *ide, struct disk *master, struct disk *slave, struct irq_hook irq)
{
	memset(ide, 0, sizeof *ide);
	pthread_mutex_init(&ide->lock, NULL);
	ide->drives[0] = master;
	ide->drives[1] = slave;
	ide->irq = irq;
	reset(ide);
}

void ide_close(struct ide *ide)
{
	pthread_mutex_destroy(&ide->lock);
}

/* ---- IDENTIFY ---- */

/* ATA strings: two characters a word, the first in the high byte, padded with blanks. */
static void put_string(uint16_t *words, unsigned nwords, const char *text)
{
	size_t len = strlen(text);
	for (unsigned i = 0; i < nwords; i++) {
		uint8_t hi = 2 * i < len ? (uint8_t)text[2 * i] : ' ';
		uint8_t lo = 2 * i + 1 < len ? (uint8_t)text[2 * i + 1] : ' ';
		words[i] = (uint16_t)(hi << 8 | lo);
	}
}

void ide_identify_words(const struct disk *disk, uint16_t words[256])
{
	memset(words, 0, 256 * sizeof words[0]);
	uint64_t sectors = disk_sectors(disk);
	uint32_t lba28 = sectors > LBA28_MAX ? LBA28_MAX : (uint32_t)sectors;
	uint32_t chs = disk->cylinders * disk->heads * disk->sectors_per_track;
	words[0] = 0x0040;                              /* fixed disk */
	words[1] = (uint16_t)disk->cylinders;
	words[3] = (uint16_t)disk->heads;
	words[6] = (uint16_t)disk->sectors_per_track;
	put_string(&words[10], 10, "MINIKVM0001");      /* serial number */
	put_string(&words[23], 4, "1.0");               /* firmware revision */
	put_string(&words[27], 20, "MINI-KVM HARDDISK");
	words[47] = 0x8000;                             /* READ/WRITE MULTIPLE: not supported */
	words[49] = 0x0200;                             /* LBA supported */
	words[53] = 0x0001;                             /* words 54-58 valid */
	words[54] = words[1], words[55] = words[3], words[56] = words[6];
	words[57] = (uint16_t)chs, words[58] = (uint16_t)(chs >> 16);
	words[60] = (uint16_t)lba28, words[61] = (uint16_t)(lba28 >> 16);
	words[80] = 0x001e;                             /* ATA-1 to ATA-4 */
}

static void start_identify(struct ide *ide)
{
	uint16_t words[256];
	ide_identify_words(selected(ide), words);
	for (unsigned i = 0; i < 256; i++) {
		ide->buffer[2 * i] = (uint8_t)words[i];
		ide->buffer[2 * i + 1] = (uint8_t)(words[i] >> 8);
	}
	ide->transfer = IDE_TO_GUEST;
	ide->pos = 0;
	ide->remaining = 1;
	ide->status = IDE_DRDY | IDE_DSC | IDE_DRQ;
	interrupt(ide);
}

/* ---- READ and WRITE SECTORS ---- */

/* The task file's address as an LBA; false for a CHS address that names
 * no sector (sector 0, or a head or cylinder past the geometry). */
static bool task_file_lba(const struct ide *ide, const struct disk *disk, uint64_t *lba)
{
	if (ide->select & IDE_SELECT_LBA) {
		*lba = (uint64_t)(ide->select & 0x0f) << 24 | (uint32_t)ide->lba_high << 16 |
		       (uint32_t)ide->lba_mid << 8 | ide->lba_low;
		return true;
	}
	unsigned cylinder = (unsigned)ide->lba_high << 8 | ide->lba_mid;
	unsigned head = ide->select & 0x0f, sector = ide->lba_low;
	if (sector == 0 || sector > disk->sectors_per_track || head >= disk->heads ||
	    cylinder >= disk->cylinders)
		return false;
	*lba = ((uint64_t)cylinder * disk->heads + head) * disk->sectors_per_track + sector - 1;
	return true;
}

static void start_transfer(struct ide *ide, bool to_guest)
{
	struct disk *disk = selected(ide);
	uint64_t lba;
	unsigned count = ide->count ? ide->count : 256;
	if (!task_file_lba(ide, disk, &lba) || lba + count > disk_sectors(disk)) {
		finish(ide, IDE_IDNF | IDE_ABRT);
		return;
	}
	ide->lba = lba;
	ide->remaining = count;
	ide->pos = 0;
	ide->status = IDE_DRDY | IDE_DSC | IDE_DRQ;
	if (to_guest) {
		ide->transfer = IDE_TO_GUEST;
		disk_read(disk, lba, 1, ide->buffer);
		interrupt(ide);
	} else {
		ide->transfer = IDE_FROM_GUEST;   /* PIO out: the first sector is asked for without an interrupt */
	}
}

/* The guest has taken or given the whole buffer. */
static void sector_done(struct ide *ide)
{
	struct disk *disk = selected(ide);
	if (ide->transfer == IDE_FROM_GUEST && disk_write(disk, ide->lba, 1, ide->buffer) < 0) {
		finish(ide, IDE_IDNF | IDE_ABRT);
		return;
	}
	ide->remaining--;
	ide->lba++;
	ide->pos = 0;
	if (ide->remaining == 0) {
		bool wrote = ide->transfer == IDE_FROM_GUEST;
		ide->transfer = IDE_IDLE;
		ide->status = IDE_DRDY | IDE_DSC;
		if (wrote)
			interrupt(ide);   /* a read's last interrupt came with its data */
		return;
	}
	if (ide->transfer == IDE_TO_GUEST)
		disk_read(disk, ide->lba, 1, ide->buffer);
	interrupt(ide);
}

static void data_access(struct ide *ide, unsigned size, bool is_write, uint8_t *data)
{
	bool moving = is_write ? ide->transfer == IDE_FROM_GUEST : ide->transfer == IDE_TO_GUEST;
	if (!moving)
		return;                 /* no DRQ: reads 0xff, writes dropped */
	for (unsigned i = 0; i < size && ide->pos < SECTOR_SIZE; i++) {
		if (is_write)
			ide->buffer[ide->pos++] = data[i];
		else
			data[i] = ide->buffer[ide->pos++];
	}
	if (ide->pos == SECTOR_SIZE)
		sector_done(ide);
}

static void command(struct ide *ide, uint8_t cmd)
{
	if (!selected(ide) || (ide->status & IDE_BSY))
		return;                 /* an absent drive hears nothing */
	withdraw_interrupt(ide);
	ide->transfer = IDE_IDLE;
	switch (cmd) {
	case IDE_CMD_IDENTIFY:
		start_identify(ide);
		break;
	case IDE_CMD_READ: case IDE_CMD_READ_NORETRY:
		start_transfer(ide, true);
		break;
	case IDE_CMD_WRITE: case IDE_CMD_WRITE_NORETRY:
		start_transfer(ide, false);
		break;
	case IDE_CMD_RECALIBRATE: case IDE_CMD_INIT_PARAMS: case IDE_CMD_SET_FEATURES: case IDE_CMD_FLUSH:
		finish(ide, 0);
		break;
	default:
		finish(ide, IDE_ABRT);
	}
}

/* ---- the bus ---- */

static uint8_t status_of_selected(const struct ide *ide)
{
	return selected(ide) ? ide->status : 0;
}

static void register_write(struct ide *ide, unsigned reg, uint8_t value)
{
	switch (reg) {
	case IDE_ERROR_FEATURES: ide->features = value; break;
	case IDE_COUNT: ide->count = value; break;
	case IDE_LBA_LOW: ide->lba_low = value; break;
	case IDE_LBA_MID: ide->lba_mid = value; break;
	case IDE_LBA_HIGH: ide->lba_high = value; break;
	case IDE_SELECT: ide->select = value | 0xa0; break;
	case IDE_STATUS_COMMAND: command(ide, value); break;
	}
}

static uint8_t register_read(struct ide *ide, unsigned reg)
{
	switch (reg) {
	case IDE_ERROR_FEATURES: return ide->error;
	case IDE_COUNT: return ide->count;
	case IDE_LBA_LOW: return ide->lba_low;
	case IDE_LBA_MID: return ide->lba_mid;
	case IDE_LBA_HIGH: return ide->lba_high;
	case IDE_SELECT: return ide->select;
	default:                        /* status: reading it acknowledges the interrupt */
		withdraw_interrupt(ide);
		return status_of_selected(ide);
	}
}

int ide_command_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct ide *ide = owner;
	(void)cpu;
	pthread_mutex_lock(&ide->lock);
	if (offset == IDE_DATA)
		data_access(ide, size, is_write, data);
	else if (is_write)
		register_write(ide, (unsigned)offset, data[0]);
	else
		data[0] = register_read(ide, (unsigned)offset);
	pthread_mutex_unlock(&ide->lock);
	return 0;
}

int ide_control_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct ide *ide = owner;
	(void)cpu, (void)offset, (void)size;
	pthread_mutex_lock(&ide->lock);
	if (!is_write) {
		data[0] = status_of_selected(ide);   /* alternate status: no acknowledgement */
	} else {
		bool was_resetting = ide->control & IDE_CTL_SRST;
		ide->control = data[0];
		if (data[0] & IDE_CTL_SRST) {
			withdraw_interrupt(ide);
			ide->transfer = IDE_IDLE;
			ide->status = IDE_BSY;
		} else if (was_resetting) {
			reset(ide);
		}
	}
	pthread_mutex_unlock(&ide->lock);
	return 0;
}
