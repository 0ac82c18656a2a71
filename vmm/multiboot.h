/* multiboot.h: loading a Multiboot (version 1) kernel. */
#ifndef MINIKVM_MULTIBOOT_H
#define MINIKVM_MULTIBOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot.h"

#define MULTIBOOT_HEADER_MAGIC     0x1BADB002u  /* in the kernel image */
#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u  /* in EAX at entry */
#define MULTIBOOT_SEARCH_BYTES     8192         /* the header lies in the first 8 KiB */

struct config;

/* Does any PT_LOAD segment of a loaded kernel touch [start, end)? */
bool multiboot_segments_overlap(const uint8_t *data, size_t size, uint64_t start, uint64_t end);

/* Does the image carry a valid Multiboot header (magic and checksum,
 * 4-byte aligned, in the first 8 KiB)? */
bool multiboot_detect(const uint8_t *data, size_t size);

/* Load a Multiboot ELF32 kernel, its modules (cfg->modules) and the
 * Multiboot info (memory, command line "IMAGE CMDLINE", modules, memory
 * map) into mem, the modules and the info in RAM that no kernel segment
 * occupies (above the kernel when it fits there, else the first free
 * gap of the memory map's RAM). Sets boot (pm32, entry) and *info_addr for EBX.
 * Returns 0, or -1 with a one-line reason in err. */
int multiboot_load(const uint8_t *data, size_t size, const char *image_path,
		   const struct config *cfg, uint8_t *mem, size_t mem_size,
		   struct boot_info *boot, uint32_t *info_addr, char *err, size_t errlen);

#endif
