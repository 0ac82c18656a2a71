/* loader.h: reads a guest image file and places it in guest RAM. */
#ifndef MINIKVM_LOADER_H
#define MINIKVM_LOADER_H

#include <stddef.h>
#include <stdint.h>
#include "boot.h"

#define MAX_IMAGE_FILE (1ul << 30)

/* Read a whole image file (regular files only, at most max bytes).
 * Returns 0, or -1 with a one-line reason in err. */
int loader_read_file(const char *path, size_t max, uint8_t **data, size_t *size,
		     char *err, size_t errlen);

/* Place an image (flat, ELF32 or ELF64) into mem and say how to enter it.
 * Every offset and address in the image is checked against the file and
 * the RAM before anything is copied. Returns 0, or -1 with err. */
int loader_load(const uint8_t *data, size_t size, enum guest_mode flat_mode,
		uint8_t *mem, size_t mem_size, struct boot_info *boot,
		char *err, size_t errlen);

/* An image's file name without its directories, as messages show it. */
const char *loader_base_name(const char *path);

/* The highest guest-physical address (exclusive) an image may occupy. */
size_t loader_ram_limit(enum guest_mode mode, size_t mem_size);

#endif
