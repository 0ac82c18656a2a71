/* bios_disk.c: int 0x13 on the guest's disks (disk.c), drive 0x80 + i.
 * CHS calls use the geometry disk.c gives each disk (a floppy's for a
 * floppy-sized image, else 16 heads, 63 sectors a track); the LBA
 * extensions (AH=0x41-0x43, 0x48) take a disk address packet. A first
 * disk with a floppy's geometry is also floppy drive 0x00, as programs
 * written for `qemu -fda` name it (the same sectors; floppy answers to
 * AH=0x08 and 0x15, no LBA extensions). Every call ends with AH = status and CF = (status != 0), and the
 * status is kept in the BDA for AH=0x01. */
#include <string.h>
#include "bios_call.h"

enum {
	DISK_OK = 0x00, DISK_BAD_COMMAND = 0x01, DISK_NOT_FOUND = 0x04,
	DISK_BAD_SEGMENT = 0x09 /* the buffer is not in RAM */,
};
#define MAX_SECTORS_PER_CALL 128

#define FLOPPY_DRIVE 0x00

static bool floppy_geometry(const struct disk *disk)
{
	return disk->heads == 2;                                   /* disk.c gives 2 heads only to floppy sizes */
}

static bool is_floppy_call(const struct bios_call *c)
{
	return reg_lo(c->r.edx) == FLOPPY_DRIVE;
}

static struct disk *drive(struct bios_call *c)
{
	if (is_floppy_call(c))
		return c->bios->ndisks && floppy_geometry(&c->bios->disks[0]) ? &c->bios->disks[0] : NULL;
	int index = reg_lo(c->r.edx) - BOOT_DRIVE_FIRST;
	return index >= 0 && index < c->bios->ndisks ? &c->bios->disks[index] : NULL;
}

/* The CMOS drive type of a floppy geometry (AH=0x08's BL). */
static uint8_t floppy_type(const struct disk *disk)
{
	switch (disk->sectors_per_track) {
	case 9:  return disk->cylinders == 40 ? 1 : 3;             /* 360K, 720K */
	case 15: return 2;                                         /* 1.2M */
	case 18: return 4;                                         /* 1.44M */
	default: return 6;                                         /* 2.88M */
	}
}

static uint8_t transfer(struct disk *disk, bool write, uint64_t lba, unsigned count, uint8_t *buffer)
{
	if (!buffer)
		return DISK_BAD_SEGMENT;
	int done = write ? disk_write(disk, lba, count, buffer) : disk_read(disk, lba, count, buffer);
	return done < 0 ? DISK_NOT_FOUND : DISK_OK;
}

/* AH=0x02/0x03: AL sectors from cylinder CH (+ CL bits 6-7), head DH,
 * sector CL bits 0-5 (from 1), to or from ES:BX. */
static uint8_t chs_transfer(struct bios_call *c, struct disk *disk, bool write)
{
	unsigned count = reg_lo(c->r.eax);
	unsigned sector = reg_lo(c->r.ecx) & 0x3f, head = reg_hi(c->r.edx);
	unsigned cylinder = reg_hi(c->r.ecx) | (reg_lo(c->r.ecx) & 0xc0u) << 2;
	set_lo(&c->r.eax, 0);
	if (count == 0 || count > MAX_SECTORS_PER_CALL)
		return DISK_BAD_COMMAND;
	if (sector == 0 || sector > disk->sectors_per_track || head >= disk->heads || cylinder >= disk->cylinders)
		return DISK_NOT_FOUND;
	uint64_t lba = ((uint64_t)cylinder * disk->heads + head) * disk->sectors_per_track + sector - 1;
	uint8_t status = transfer(disk, write, lba, count,
				  bios_ptr(c, c->r.es, (uint16_t)c->r.ebx, count * SECTOR_SIZE));
	if (status == DISK_OK)
		set_lo(&c->r.eax, (uint8_t)count);
	return status;
}

/* The disk address packet at DS:SI. */
struct dap {
	uint8_t size, reserved;
	uint16_t count, offset, segment;
	uint64_t lba;
} __attribute__((packed));

/* AH=0x42/0x43: the packet's count is set to the sectors moved. */
static uint8_t lba_transfer(struct bios_call *c, struct disk *disk, bool write)
{
	struct dap *dap = (struct dap *)bios_ptr(c, c->r.ds, (uint16_t)c->r.esi, sizeof *dap);
	if (!dap || dap->size < 0x10)
		return DISK_BAD_COMMAND;
	unsigned count = dap->count;
	dap->count = 0;
	if (count == 0 || count > MAX_SECTORS_PER_CALL)
		return DISK_BAD_COMMAND;
	uint8_t status = transfer(disk, write, dap->lba, count,
				  bios_ptr(c, dap->segment, dap->offset, count * SECTOR_SIZE));
	if (status == DISK_OK)
		dap->count = (uint16_t)count;
	return status;
}

/* AH=0x08: the last cylinder, head and sector, and the number of disks. */
static uint8_t parameters(struct bios_call *c, struct disk *disk)
{
	bool floppy = is_floppy_call(c);                           /* before DL is overwritten */
	unsigned last_cylinder = disk->cylinders - 1;
	set_hi(&c->r.ecx, (uint8_t)last_cylinder);
	set_lo(&c->r.ecx, (uint8_t)(disk->sectors_per_track | (last_cylinder >> 8) << 6));
	set_hi(&c->r.edx, (uint8_t)(disk->heads - 1));
	set_lo(&c->r.edx, floppy ? 1 : (uint8_t)c->bios->ndisks);
	set_lo(&c->r.eax, 0);
	set_lo(&c->r.ebx, floppy ? floppy_type(disk) : 0);
	return DISK_OK;
}

/* AH=0x48: the extended parameters at DS:SI (v1.x, 26 bytes). */
static uint8_t extended_parameters(struct bios_call *c, struct disk *disk)
{
	uint8_t *p = bios_ptr(c, c->r.ds, (uint16_t)c->r.esi, 0x1a);
	if (!p || (p[0] | p[1] << 8) < 0x1a)
		return DISK_BAD_COMMAND;
	uint16_t size = 0x1a, flags = 0x0002;          /* CHS information valid */
	uint32_t geometry[3] = { disk->cylinders, disk->heads, disk->sectors_per_track };
	uint64_t sectors = disk_sectors(disk);
	uint16_t bytes = SECTOR_SIZE;
	memcpy(p, &size, 2), memcpy(p + 2, &flags, 2), memcpy(p + 4, geometry, 12);
	memcpy(p + 16, &sectors, 8), memcpy(p + 24, &bytes, 2);
	return DISK_OK;
}

static uint8_t disk_call(struct bios_call *c, struct disk *disk)
{
	uint8_t *bda = bios_bda(c);
	uint8_t function = reg_hi(c->r.eax);
	if (is_floppy_call(c) && function == 0x15) {               /* type: a floppy that sees disk changes */
		set_flag(c, FLAG_CF, false);
		set_hi(&c->r.eax, 0x02);
		return 0xff;
	}
	if (is_floppy_call(c) && function >= 0x41)                 /* no LBA extensions on a floppy */
		return DISK_BAD_COMMAND;
	switch (function) {
	case 0x00: return DISK_OK;                                 /* reset */
	case 0x01: return bda[BDA_DISK_STATUS];                    /* last status */
	case 0x02: return chs_transfer(c, disk, false);
	case 0x03: return chs_transfer(c, disk, true);
	case 0x04: return DISK_OK;                                 /* verify: AL stays */
	case 0x08: return parameters(c, disk);
	case 0x0c: case 0x0d: case 0x10: case 0x11: return DISK_OK; /* seek, reset, ready, recalibrate */
	case 0x15:                                                 /* type: a fixed disk of CX:DX sectors */
		set_word(&c->r.ecx, (uint16_t)(disk_sectors(disk) >> 16));
		set_word(&c->r.edx, (uint16_t)disk_sectors(disk));
		set_flag(c, FLAG_CF, false);
		set_hi(&c->r.eax, 0x03);
		return 0xff;                                       /* AH set here, not a status */
	case 0x41:                                                 /* extensions present? */
		if ((uint16_t)c->r.ebx != 0x55aa)
			return DISK_BAD_COMMAND;
		set_word(&c->r.ebx, 0xaa55);
		set_word(&c->r.ecx, 0x0001);                       /* packet calls (0x42-0x44, 0x47, 0x48) */
		set_flag(c, FLAG_CF, false);
		set_hi(&c->r.eax, 0x30);                           /* version 3.0 */
		return 0xff;
	case 0x42: return lba_transfer(c, disk, false);
	case 0x43: return lba_transfer(c, disk, true);
	case 0x44: case 0x47: return DISK_OK;                      /* verify, seek */
	case 0x48: return extended_parameters(c, disk);
	default:   return DISK_BAD_COMMAND;
	}
}

void bios_disk(struct bios_call *c)
{
	struct disk *disk = drive(c);
	uint8_t status = disk ? disk_call(c, disk) : DISK_BAD_COMMAND;
	if (status == 0xff)
		status = DISK_OK;                                  /* AH already answered */
	else
		bios_status(c, status);
	bios_bda(c)[BDA_DISK_STATUS] = status;
}

int bios_load_boot_sector(struct bios_call *c)
{
	if (c->bios->ndisks == 0)
		return -1;
	return disk_read(&c->bios->disks[0], 0, 1, c->bios->vm->mem + BOOT_SECTOR_ADDR);
}
