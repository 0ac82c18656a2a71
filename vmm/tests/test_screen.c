/* tests/test_screen.c: the screen's pieces without KVM: the PNG writer's
 * checksums (CRC-32 and Adler-32 against their published check values)
 * and stored blocks, the picture's cells and cursor, attribute colours,
 * code page 437 as UTF-8, and --screen-at's events. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "cp437.h"
#include "png.h"
#include "screen_at.h"
#include "screenshot.h"

static void test_checksums(void)
{
	CU_ASSERT_EQUAL(png_crc32(0, (const uint8_t *)"123456789", 9), 0xcbf43926u);
	CU_ASSERT_EQUAL(png_adler32(1, (const uint8_t *)"Wikipedia", 9), 0x11e60398u);
	CU_ASSERT_EQUAL(png_crc32(0, (const uint8_t *)"IEND", 4), 0xae426082u);
}

/* A picture bigger than one stored block (65535 bytes): the file's IDAT
 * holds two blocks, the first not final, the last final. */
static void test_png_stored_blocks(void)
{
	enum { W = 300, H = 300 };
	static uint8_t pixels[W * H];
	for (unsigned i = 0; i < sizeof pixels; i++)
		pixels[i] = (uint8_t)(i % 3);
	const uint8_t palette[3][3] = { { 0, 0, 0 }, { 255, 0, 0 }, { 0, 0, 255 } };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CU_ASSERT_EQUAL(png_write_indexed(out, W, H, pixels, palette, 3), 0);
	fclose(out);
	const uint8_t *p = (const uint8_t *)text;
	CU_ASSERT(memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0);
	const uint8_t *idat = memmem(p, len, "IDAT", 4);
	CU_ASSERT_PTR_NOT_NULL_FATAL(idat);
	const uint8_t *z = idat + 4;
	CU_ASSERT_EQUAL(z[0], 0x78);
	CU_ASSERT_EQUAL((z[0] << 8 | z[1]) % 31, 0);
	CU_ASSERT_EQUAL(z[2], 0);                              /* BFINAL 0, stored */
	CU_ASSERT_EQUAL(z[3] | z[4] << 8, 65535);
	CU_ASSERT_EQUAL((z[5] | z[6] << 8) ^ 0xffff, 65535);
	const uint8_t *second = z + 2 + 5 + 65535;
	CU_ASSERT_EQUAL(second[0], 1);                          /* BFINAL 1 */
	CU_ASSERT_EQUAL(second[1] | second[2] << 8, H * (W + 1) - 65535);
	free(text);
}

static void test_render_cells_and_cursor(void)
{
	static uint8_t mem[0x100000];
	struct vga vga;
	vga_init(&vga, mem);
	vga_set_mode3(&vga, true);
	vga_put(&vga, 0, 0, 0xdb, 0x1e, true);                 /* a full block, yellow on blue */
	vga_put(&vga, 0, 1, ' ', 0x9c, true);                  /* blinking: bit 7 is not a background */
	vga_set_cursor(&vga, 1, 2);
	struct screen_image img;
	screen_capture(&vga, &img);
	CU_ASSERT(img.cursor_shown);
	CU_ASSERT_EQUAL(img.cursor_top, 13);
	static uint8_t pixels[SCREENSHOT_HEIGHT * SCREENSHOT_WIDTH];
	screenshot_render(&img, pixels);
	CU_ASSERT_EQUAL(pixels[0], 14);                        /* the block's foreground */
	CU_ASSERT_EQUAL(pixels[8 + 3 * SCREENSHOT_WIDTH], 1);  /* cell 1: blue, not bright blue */
	unsigned x = 2 * 8, y = 16;
	CU_ASSERT_EQUAL(pixels[(y + 12) * SCREENSHOT_WIDTH + x], 0);
	CU_ASSERT_EQUAL(pixels[(y + 13) * SCREENSHOT_WIDTH + x], 7);   /* the cursor's lines */
	CU_ASSERT_EQUAL(pixels[(y + 14) * SCREENSHOT_WIDTH + x + 7], 7);
	CU_ASSERT_EQUAL(pixels[(y + 15) * SCREENSHOT_WIDTH + x], 0);
	vga.blink = false;
	screen_capture(&vga, &img);
	screenshot_render(&img, pixels);
	CU_ASSERT_EQUAL(pixels[8 + 3 * SCREENSHOT_WIDTH], 9);  /* now a bright blue background */
	vga_set_cursor(&vga, 25, 0);                           /* off the screen: not drawn */
	screen_capture(&vga, &img);
	CU_ASSERT_FALSE(img.cursor_shown);
}

static void test_cp437(void)
{
	char buf[4];
	CU_ASSERT_EQUAL(cp437_utf8('A', buf), 1u);
	CU_ASSERT_EQUAL(buf[0], 'A');
	CU_ASSERT_EQUAL(cp437_utf8(0xdb, buf), 3u);            /* U+2588 full block */
	CU_ASSERT(memcmp(buf, "\xe2\x96\x88", 3) == 0);
	CU_ASSERT_EQUAL(cp437_utf8(0x82, buf), 2u);            /* U+00E9 e acute */
	CU_ASSERT(memcmp(buf, "\xc3\xa9", 2) == 0);
	CU_ASSERT_EQUAL(cp437_unicode[0], 0x20);
}

static void test_screen_events(void)
{
	char err[160];
	struct screen_event ev[4];
	CU_ASSERT_EQUAL(screen_event_parse("out:3", &ev[0], err, sizeof err), 0);
	CU_ASSERT_EQUAL(screen_event_parse("text:ok", &ev[1], err, sizeof err), 0);
	CU_ASSERT_EQUAL(screen_event_parse("input:2", &ev[2], err, sizeof err), 0);
	CU_ASSERT_EQUAL(screen_event_parse("out:2", &ev[3], err, sizeof err), 0);
	const char *bad[] = { "out:", "out:0", "out:-1", "out:1x", "text:", "input:0", "at:5", "", "OUT:1" };
	struct screen_event junk;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CU_ASSERT_EQUAL(screen_event_parse(bad[i], &junk, err, sizeof err), -1);
	static uint8_t mem[0x100000];
	struct vga vga;
	vga_init(&vga, mem);
	vga_set_mode3(&vga, true);
	struct screen_at at;
	screen_at_init(&at, ev, 4, &vga);
	const char *output = "okok";
	for (size_t i = 0; i < 4; i++) {
		vga_teletype(&vga, (uint8_t)output[i]);
		screen_at_output(&at, (uint8_t)output[i], i + 1);
		screen_at_input(&at, i + 1, i + 1);
	}
	/* in the order they happened: at the 2nd byte text:ok and out:2 (in
	 * the events' order), then input:2 (told after that byte), then out:3 */
	CU_ASSERT_EQUAL(at.nshots, 4);
	CU_ASSERT_EQUAL(at.shots[0].event, 1);                 /* text:ok, byte 2 */
	CU_ASSERT_EQUAL(at.shots[1].event, 3);                 /* out:2 */
	CU_ASSERT_EQUAL(at.shots[2].event, 2);                 /* input:2 */
	CU_ASSERT_EQUAL(at.shots[3].event, 0);                 /* out:3 */
	CU_ASSERT_EQUAL(at.shots[3].output_bytes, 3u);
	CU_ASSERT_EQUAL(at.shots[3].image.cells[0][2][0], 'o');
	CU_ASSERT_EQUAL(at.shots[3].image.cells[0][3][0], ' ');   /* taken then, not later */
}

static const struct test_entry tests[] = {
	TEST(test_checksums), TEST(test_png_stored_blocks), TEST(test_render_cells_and_cursor),
	TEST(test_cp437), TEST(test_screen_events),
};

CU_pSuite add_screen_suite(void)
{
	return ADD_SUITE("screen", NULL, NULL, tests);
}
