/* disk.h: a raw disk image a BIOS-booted guest reads and writes in
 * 512-byte sectors: checked when opened (a regular, non-empty file whose
 * size is a multiple of 512), mapped either as a private copy-on-write
 * copy (the default: the file never changes) or shared (--disk-write:
 * the guest's writes reach the file), with the CHS geometry the BIOS
 * reports for it. */
#ifndef MINIKVM_DISK_H
#define MINIKVM_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi.h"

#define MAX_DISKS 4
/* The CHS geometry the BIOS reports: a floppy's for an image of a floppy
 * format's exact size (boot loaders with a FAT12 BPB compute CHS with it),
 * else 16 heads x 63 sectors a track. */
#define DISK_HEADS 16
#define DISK_SECTORS_PER_TRACK 63
#define DISK_MAX_CYLINDERS 1024

struct disk {
	const char *name;       /* the file's base name, for messages and the transcript */
	uint8_t *data;          /* the whole image */
	size_t size;            /* bytes: a multiple of SECTOR_SIZE */
	bool mapped;            /* data is an mmap of the file (else malloc'ed) */
	bool shared;            /* writes reach the file */
	uint32_t cylinders, heads, sectors_per_track;   /* the CHS geometry */
};

/* Open a --disk file: private copy-on-write unless shared. A boot disk
 * must also carry the boot signature. 0, or -1 with a reason in err. */
int disk_open(struct disk *disk, const char *path, bool shared, bool boot, char *err, size_t errlen);
/* A disk made of an image already in memory (a boot-sector IMAGE): a
 * private copy, padded with zeros to whole sectors and to at least
 * min_size bytes. 0, or -1 with err. */
#define FLOPPY_144_SIZE (2880 * SECTOR_SIZE)
int disk_from_bytes(struct disk *disk, const char *name, const uint8_t *data, size_t size,
		    size_t min_size, char *err, size_t errlen);
void disk_close(struct disk *disk);

/* Does this image end its first sector with 0x55 0xAA? */
bool disk_has_boot_signature(const uint8_t *data, size_t size);

uint64_t disk_sectors(const struct disk *disk);
/* Is size exactly one of the floppy formats (360K, 720K, 1.2M, 1.44M, 2.88M)? */
bool disk_is_floppy_size(uint64_t size);
/* Copy count sectors from lba on (bounds checked): 0, or -1 past the end. */
int disk_read(const struct disk *disk, uint64_t lba, unsigned count, uint8_t *to);
int disk_write(struct disk *disk, uint64_t lba, unsigned count, const uint8_t *from);

#endif
