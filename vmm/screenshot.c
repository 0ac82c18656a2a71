/* screenshot.c: --screenshot (screenshot.h): the text screen drawn with
 * the 8x16 font (font8x16.c, generated at build time) into a palette
 * picture, written by png.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "font8x16.h"
#include "png.h"
#include "screenshot.h"

#define CELL_W 8
#define CELL_H 16

static FILE *screenshot_file;

static void draw_cell(const struct screen_image *img, unsigned row, unsigned col, uint8_t *pixels)
{
	uint8_t ch = img->cells[row][col][0], attr = img->cells[row][col][1];
	unsigned fg, bg;
	bool blinking;
	screen_colours(attr, img->blink, &fg, &bg, &blinking);
	bool cursor_here = img->cursor_shown && row == img->cursor_row && col == img->cursor_col;
	for (unsigned y = 0; y < CELL_H; y++) {
		uint8_t bits = font8x16[ch][y];
		if (cursor_here && y >= img->cursor_top && y <= img->cursor_bottom)
			bits = 0xff;                     /* the cursor's lines, in the cell's foreground */
		uint8_t *line = pixels + (size_t)(row * CELL_H + y) * SCREENSHOT_WIDTH + col * CELL_W;
		for (unsigned x = 0; x < CELL_W; x++)
			line[x] = (uint8_t)(bits & (0x80 >> x) ? fg : bg);
	}
}

void screenshot_render(const struct screen_image *img, uint8_t pixels[SCREENSHOT_HEIGHT * SCREENSHOT_WIDTH])
{
	for (unsigned row = 0; row < VGA_ROWS; row++)
		for (unsigned col = 0; col < VGA_COLS; col++)
			draw_cell(img, row, col, pixels);
}

int screenshot_open(const char *path, char *err, size_t errlen)
{
	screenshot_file = fopen(path, "wb");
	if (!screenshot_file) {
		snprintf(err, errlen, "--screenshot %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

void screenshot_abandon(const char *path)
{
	if (!screenshot_file)
		return;
	fclose(screenshot_file);
	screenshot_file = NULL;
	unlink(path);
}

int screenshot_write(const struct screen_image *img, const char *path)
{
	uint8_t *pixels = malloc(SCREENSHOT_HEIGHT * SCREENSHOT_WIDTH);
	int failed = !screenshot_file || !pixels;
	if (!failed) {
		screenshot_render(img, pixels);
		failed = png_write_indexed(screenshot_file, SCREENSHOT_WIDTH, SCREENSHOT_HEIGHT, pixels,
					   screen_palette, 16) < 0;
	}
	free(pixels);
	if (screenshot_file)
		failed |= fclose(screenshot_file) != 0;
	screenshot_file = NULL;
	if (failed)
		fprintf(stderr, "mini-kvm: error writing the screenshot %s\n", path);
	return failed ? -1 : 0;
}
