/* pcboot.c: deciding that a guest boots as a PC, and opening its disks.
 * A flat real-mode image whose first sector ends in 0x55 0xAA is a boot
 * sector (no existing flat guest of this project has that signature: they
 * are entered at 0 as before); ELF and Multiboot images never are. */
#include <string.h>
#include "bios.h"
#include "multiboot.h"
#include "pcboot.h"
#include "status.h"

/* A boot-sector IMAGE reads as a disk of at least a 1.44 MB floppy's
 * size (and geometry), zeros past its end: tutorials load more sectors
 * than their image holds, which `qemu -fda` allows. An image of a floppy
 * format's exact size (a 360K bootOS disk) keeps its own size and so its
 * geometry, as under `qemu -fda`. */
#define BOOT_IMAGE_MIN_SIZE FLOPPY_144_SIZE

static bool is_elf(const uint8_t *data, size_t size)
{
	return size >= 4 && memcmp(data, "\x7f" "ELF", 4) == 0;
}

bool pcboot_wanted(const struct config *cfg, int index, const uint8_t *data, size_t size)
{
	if (cfg->boot_from_disk && index == 0)
		return true;
	return cfg->flat_mode == MODE_REAL && !cfg->multiboot && !cfg->smp && !is_elf(data, size) &&
	       !multiboot_detect(data, size) && disk_has_boot_signature(data, size);
}

int pcboot_open_disks(const struct config *cfg, const char *image_name, const uint8_t *data, size_t size,
		      struct disk disks[MAX_DISKS], int *ndisks, char *err, size_t errlen)
{
	*ndisks = 0;
	if (!cfg->boot_from_disk) {
		size_t min_size = disk_is_floppy_size(size) ? size : BOOT_IMAGE_MIN_SIZE;
		if (disk_from_bytes(&disks[0], image_name, data, size, min_size, err, errlen) < 0)
			return STATUS_VMM_ERROR;
		*ndisks = 1;
	}
	for (int i = 0; i < cfg->ndisks; i++) {
		if (*ndisks == MAX_DISKS) {
			error_format(err, errlen, "--disk %s: at most %d drives (0x80-0x%x)", cfg->disks[i],
				     MAX_DISKS, BOOT_DRIVE_FIRST + MAX_DISKS - 1);
			pcboot_close_disks(disks, *ndisks);
			return STATUS_USAGE;
		}
		bool boot = cfg->boot_from_disk && i == 0;
		if (disk_open(&disks[*ndisks], cfg->disks[i], cfg->disk_write, boot, err, errlen) < 0) {
			pcboot_close_disks(disks, *ndisks);
			return STATUS_IMAGE;
		}
		(*ndisks)++;
	}
	return STATUS_OK;
}

void pcboot_close_disks(struct disk disks[MAX_DISKS], int ndisks)
{
	for (int i = 0; i < ndisks; i++)
		disk_close(&disks[i]);
}

int pcboot_check(const struct config *cfg, int index, const uint8_t *data, size_t size,
		 char *err, size_t errlen)
{
	if (!pcboot_wanted(cfg, index, data, size)) {
		if (cfg->ndisks) {
			error_format(err, errlen, "--disk: %s is not a boot sector (no 0x55 0xAA at bytes 510-511), so no BIOS boots it",
				     cfg->images[index]);
			return STATUS_IMAGE;
		}
		return STATUS_OK;
	}
	if (cfg->mem_size < BIOS_MIN_RAM) {
		error_format(err, errlen, "a BIOS-booted guest needs --mem of at least 1M (the BIOS is at 0xF0000)");
		return STATUS_USAGE;
	}
	struct disk disks[MAX_DISKS];
	int ndisks;
	int status = pcboot_open_disks(cfg, cfg->images[index], data, size, disks, &ndisks, err, errlen);
	if (status == STATUS_OK)
		pcboot_close_disks(disks, ndisks);
	return status;
}
