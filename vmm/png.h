/* png.h: a PNG writer of our own for 8-bit palette images: the image data
 * in stored (uncompressed) deflate blocks inside a zlib stream, so no
 * compression library is needed; CRC-32 per chunk, Adler-32 per stream. */
#ifndef MINIKVM_PNG_H
#define MINIKVM_PNG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* width x height pixels, one palette index a byte, row by row; ncolours
 * RGB entries (1-256). 0, or -1 if a write failed. */
int png_write_indexed(FILE *out, unsigned width, unsigned height, const uint8_t *pixels,
		      const uint8_t (*palette)[3], unsigned ncolours);

uint32_t png_crc32(uint32_t crc, const uint8_t *data, size_t len);
uint32_t png_adler32(uint32_t adler, const uint8_t *data, size_t len);

#endif
