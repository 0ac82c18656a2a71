/* screen.c: pictures of the text screen (screen.h) and the VGA's colours. */
#include <string.h>
#include "screen.h"

const uint8_t screen_palette[16][3] = {
	{ 0x00, 0x00, 0x00 }, { 0x00, 0x00, 0xaa }, { 0x00, 0xaa, 0x00 }, { 0x00, 0xaa, 0xaa },
	{ 0xaa, 0x00, 0x00 }, { 0xaa, 0x00, 0xaa }, { 0xaa, 0x55, 0x00 }, { 0xaa, 0xaa, 0xaa },
	{ 0x55, 0x55, 0x55 }, { 0x55, 0x55, 0xff }, { 0x55, 0xff, 0x55 }, { 0x55, 0xff, 0xff },
	{ 0xff, 0x55, 0x55 }, { 0xff, 0x55, 0xff }, { 0xff, 0xff, 0x55 }, { 0xff, 0xff, 0xff },
};

void screen_capture(const struct vga *vga, struct screen_image *img)
{
	memcpy(img->cells, vga->cells, sizeof img->cells);
	vga_crtc_cursor(vga, &img->cursor_row, &img->cursor_col);
	bool visible = vga_cursor_lines(vga, &img->cursor_top, &img->cursor_bottom);
	img->cursor_shown = visible && img->cursor_row < VGA_ROWS;
	img->blink = vga->blink;
}

void screen_colours(uint8_t attr, bool blink_mode, unsigned *fg, unsigned *bg, bool *blinking)
{
	*fg = attr & 0x0f;
	*bg = (attr >> 4) & (blink_mode ? 0x07 : 0x0f);
	*blinking = blink_mode && (attr & 0x80);
}

unsigned screen_row_text(const struct screen_image *img, unsigned row, uint8_t text[VGA_COLS])
{
	unsigned len = 0;
	for (unsigned col = 0; col < VGA_COLS; col++) {
		uint8_t ch = img->cells[row][col][0];
		text[col] = ch == 0 ? ' ' : ch;          /* a NUL cell shows as a blank */
		if (text[col] != ' ')
			len = col + 1;
	}
	return len;
}
