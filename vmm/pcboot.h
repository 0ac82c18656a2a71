/* pcboot.h: which guests boot as a PC (a boot-sector IMAGE, or the first
 * --disk without an IMAGE) and their disks: drive 0x80 is the boot-sector
 * IMAGE (a private copy) or the first --disk, then the --disk files in
 * order. The same checks run before /dev/kvm is opened (main.c) and when
 * the guest is built (guest.c). */
#ifndef MINIKVM_PCBOOT_H
#define MINIKVM_PCBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "disk.h"
#include "options.h"

/* Does image `index` (data, size) boot through the BIOS? */
bool pcboot_wanted(const struct config *cfg, int index, const uint8_t *data, size_t size);
/* Open the disks of that guest into disks[] (count in *ndisks). Returns
 * a process status: STATUS_OK, or why not (a message in err). */
int pcboot_open_disks(const struct config *cfg, const char *image_name, const uint8_t *data, size_t size,
		      struct disk disks[MAX_DISKS], int *ndisks, char *err, size_t errlen);
void pcboot_close_disks(struct disk disks[MAX_DISKS], int ndisks);
/* The whole check of a run's PC-style boot, for main's dry run. */
int pcboot_check(const struct config *cfg, int index, const uint8_t *data, size_t size,
		 char *err, size_t errlen);

#endif
