/* png.c: PNG files of palette images (png.h), written without zlib: the
 * deflate stream is made of stored blocks of at most 65535 bytes. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include "png.h"

#define STORED_MAX 65535u

uint32_t png_crc32(uint32_t crc, const uint8_t *data, size_t len)
{
	crc = ~crc;
	for (size_t i = 0; i < len; i++) {
		crc ^= data[i];
		for (int bit = 0; bit < 8; bit++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

uint32_t png_adler32(uint32_t adler, const uint8_t *data, size_t len)
{
	uint32_t a = adler & 0xffff, b = adler >> 16;
	for (size_t i = 0; i < len; i++) {
		a = (a + data[i]) % 65521u;
		b = (b + a) % 65521u;
	}
	return b << 16 | a;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

/* One chunk: length, type, data, CRC of type and data. */
static void write_chunk(FILE *out, const char type[4], const uint8_t *data, size_t len)
{
	uint8_t word[4];
	put32(word, (uint32_t)len);
	fwrite(word, 1, 4, out);
	fwrite(type, 1, 4, out);
	if (len)
		fwrite(data, 1, len, out);
	uint32_t crc = png_crc32(png_crc32(0, (const uint8_t *)type, 4), data, len);
	put32(word, crc);
	fwrite(word, 1, 4, out);
}

/* A zlib stream of raw in stored blocks: header, blocks, Adler-32. */
static uint8_t *zlib_stored(const uint8_t *raw, size_t len, size_t *out_len)
{
	size_t blocks = len / STORED_MAX + 1;
	uint8_t *z = malloc(2 + len + 5 * blocks + 4);
	if (!z)
		return NULL;
	size_t at = 0;
	z[at++] = 0x78, z[at++] = 0x01;               /* deflate, 32K window, no dictionary; (0x7801 % 31 == 0) */
	size_t done = 0;
	do {
		size_t n = len - done < STORED_MAX ? len - done : STORED_MAX;
		bool last = done + n == len;
		z[at++] = last ? 1 : 0;                  /* BFINAL, BTYPE 00 */
		z[at++] = (uint8_t)n, z[at++] = (uint8_t)(n >> 8);
		z[at++] = (uint8_t)~n, z[at++] = (uint8_t)(~n >> 8);
		memcpy(z + at, raw + done, n);
		at += n, done += n;
	} while (done < len);
	put32(z + at, png_adler32(1, raw, len));
	*out_len = at + 4;
	return z;
}

int png_write_indexed(FILE *out, unsigned width, unsigned height, const uint8_t *pixels,
		      const uint8_t (*palette)[3], unsigned ncolours)
{
	static const uint8_t signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t raw_len = (size_t)height * (width + 1);
	uint8_t *raw = malloc(raw_len);
	if (!raw)
		return -1;
	for (unsigned y = 0; y < height; y++) {          /* each row: filter type 0, then its pixels */
		raw[(size_t)y * (width + 1)] = 0;
		memcpy(raw + (size_t)y * (width + 1) + 1, pixels + (size_t)y * width, width);
	}
	size_t z_len;
	uint8_t *z = zlib_stored(raw, raw_len, &z_len);
	free(raw);
	if (!z)
		return -1;
	uint8_t header[13];
	put32(header, width);
	put32(header + 4, height);
	header[8] = 8;                                   /* bits per index */
	header[9] = 3;                                   /* colour type: palette */
	header[10] = header[11] = header[12] = 0;        /* deflate, adaptive filters, no interlace */
	fwrite(signature, 1, sizeof signature, out);
	write_chunk(out, "IHDR", header, sizeof header);
	write_chunk(out, "PLTE", &palette[0][0], 3 * (size_t)ncolours);
	write_chunk(out, "IDAT", z, z_len);
	write_chunk(out, "IEND", NULL, 0);
	free(z);
	return ferror(out) ? -1 : 0;
}
