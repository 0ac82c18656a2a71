/* psf2c.c: a build-time tool. Reads a console font (PSF 1 or 2, 8x16,
 * with a Unicode table) on standard input and writes font8x16.c, the
 * screenshot's glyphs for the 256 characters of code page 437, each found
 * through its Unicode character (cp437.c). The font is not part of this
 * repository: it comes from the Debian package console-setup-linux
 * (.ci/install-deps), so nothing of it is committed. The block elements
 * a VGA font may lack (half blocks, dark shade) are drawn here; any other
 * character the font lacks is drawn as an empty box, and named on stderr. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../cp437.h"

#define MAX_FONT (4u << 20)
#define GLYPH_BYTES 16

static uint8_t font[MAX_FONT];
static size_t font_size;
static int glyph_of[0x10000];         /* Unicode -> glyph number + 1 */

static void die(const char *what)
{
	fprintf(stderr, "psf2c: %s\n", what);
	exit(1);
}

static unsigned le32(const uint8_t *p) { return p[0] | p[1] << 8 | p[2] << 16 | (unsigned)p[3] << 24; }

static void map(unsigned unicode, unsigned glyph)
{
	if (unicode < 0x10000 && !glyph_of[unicode])
		glyph_of[unicode] = (int)glyph + 1;
}

/* PSF1: 2-byte Unicode values per glyph, 0xFFFE starts sequences, 0xFFFF ends. */
static const uint8_t *read_psf1(unsigned *nglyphs)
{
	uint8_t mode = font[2];
	if (font[3] != GLYPH_BYTES)
		die("not an 8x16 font");
	*nglyphs = mode & 0x01 ? 512 : 256;
	size_t at = 4 + (size_t)*nglyphs * GLYPH_BYTES;
	if (at > font_size || !(mode & 0x06))
		die("a PSF1 font without a Unicode table");
	for (unsigned g = 0; g < *nglyphs && at + 1 < font_size; g++) {
		bool sequences = false;
		for (; at + 1 < font_size; at += 2) {
			unsigned u = font[at] | font[at + 1] << 8;
			if (u == 0xffff) { at += 2; break; }
			if (u == 0xfffe) sequences = true;
			else if (!sequences) map(u, g);
		}
	}
	return font + 4;
}

/* One UTF-8 character at p: its code point and length (0 if malformed). */
static unsigned utf8(const uint8_t *p, size_t left, unsigned *len)
{
	unsigned n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	*len = n;
	if (!n || n > left)
		return *len = 0, 0;
	unsigned u = n == 1 ? p[0] : p[0] & (0x3f >> (n - 1));
	for (unsigned i = 1; i < n; i++)
		u = u << 6 | (p[i] & 0x3f);
	return u;
}

/* PSF2: UTF-8 per glyph, 0xFE starts sequences, 0xFF ends. */
static const uint8_t *read_psf2(unsigned *nglyphs)
{
	if (font_size < 32)
		die("a truncated PSF2 header");
	unsigned header = le32(font + 8), flags = le32(font + 12), count = le32(font + 16);
	unsigned bytes = le32(font + 20), height = le32(font + 24), width = le32(font + 28);
	if (bytes != GLYPH_BYTES || height != 16 || width != 8)
		die("not an 8x16 font");
	size_t at = header + (size_t)count * bytes;
	if (at > font_size || !(flags & 1))
		die("a PSF2 font without a Unicode table");
	*nglyphs = count;
	for (unsigned g = 0; g < count && at < font_size; g++) {
		bool sequences = false;
		while (at < font_size) {
			if (font[at] == 0xff) { at++; break; }
			if (font[at] == 0xfe) { sequences = true; at++; continue; }
			unsigned len, u = utf8(font + at, font_size - at, &len);
			if (!len) { at++; continue; }
			if (!sequences) map(u, g);
			at += len;
		}
	}
	return font + header;
}

/* The block elements, computed: row r of the 16, bits of the 8 columns. */
static bool block_element(unsigned u, uint8_t glyph[GLYPH_BYTES])
{
	for (unsigned r = 0; r < GLYPH_BYTES; r++) {
		switch (u) {
		case 0x2580: glyph[r] = r < 8 ? 0xff : 0x00; break;      /* upper half */
		case 0x2584: glyph[r] = r < 8 ? 0x00 : 0xff; break;      /* lower half */
		case 0x258c: glyph[r] = 0xf0; break;                     /* left half */
		case 0x2590: glyph[r] = 0x0f; break;                     /* right half */
		case 0x2593: glyph[r] = r % 2 ? 0xbb : 0xee; break;      /* dark shade */
		default: return false;
		}
	}
	return true;
}

int main(void)
{
	font_size = fread(font, 1, sizeof font, stdin);
	unsigned nglyphs;
	const uint8_t *glyphs;
	if (font_size >= 4 && font[0] == 0x36 && font[1] == 0x04)
		glyphs = read_psf1(&nglyphs);
	else if (font_size >= 4 && le32(font) == 0x864ab572)
		glyphs = read_psf2(&nglyphs);
	else
		die("standard input is not a PSF console font");
	printf("/* font8x16.c: generated at build time by font/psf2c.c from a console\n"
	       " * font (see vmm/Makefile); not in the repository. */\n"
	       "#include \"font8x16.h\"\n\nconst uint8_t font8x16[256][16] = {\n");
	for (unsigned c = 0; c < 256; c++) {
		static const uint8_t box[GLYPH_BYTES] = { 0, 0, 0x7e, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x7e, 0, 0, 0 };
		static const uint8_t blank[GLYPH_BYTES];
		unsigned u = cp437_unicode[c];
		int g = glyph_of[u];
		uint8_t computed[GLYPH_BYTES];
		const uint8_t *glyph = g && (unsigned)g <= nglyphs ? glyphs + (size_t)(g - 1) * GLYPH_BYTES
			: u == 0x20 || u == 0xa0 ? blank : block_element(u, computed) ? computed : box;
		if (glyph == box)
			fprintf(stderr, "psf2c: no glyph for 0x%02x (U+%04X): an empty box\n", c, u);
		printf("\t{");
		for (unsigned i = 0; i < GLYPH_BYTES; i++)
			printf("%s0x%02x", i ? "," : "", glyph[i]);
		printf("},   /* 0x%02x */\n", c);
	}
	printf("};\n");
	return 0;
}
