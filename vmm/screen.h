/* screen.h: a still picture of the text screen (vga.h): its 80x25 cells,
 * where the cursor is and whether it shows, and how attribute bytes
 * become colours. The transcript's screen records, --screen-at, the live
 * --screen and --screenshot all work from such a picture, taken at one
 * moment, so none of them reads guest RAM while it changes under them. */
#ifndef MINIKVM_SCREEN_H
#define MINIKVM_SCREEN_H

#include <stdbool.h>
#include <stdint.h>
#include "vga.h"

struct screen_image {
	uint8_t cells[VGA_ROWS][VGA_COLS][2];   /* character, attribute */
	unsigned cursor_row, cursor_col;        /* where the CRTC puts it (may be off the screen) */
	bool cursor_shown;                      /* on the screen, and not hidden */
	unsigned cursor_top, cursor_bottom;     /* its scan lines in the cell */
	bool blink;                             /* attribute bit 7 blinks, else bright background */
};

void screen_capture(const struct vga *vga, struct screen_image *img);

/* A cell's colours, 0-15 in the CGA/VGA order (0 black, 1 blue, 2 green,
 * 3 cyan, 4 red, 5 magenta, 6 brown, 7 light grey, 8-15 their bright
 * forms); blinking: bit 7 asks for a blink (in blink mode). */
void screen_colours(uint8_t attr, bool blink_mode, unsigned *fg, unsigned *bg, bool *blinking);

/* The 16 colours as RGB, as a VGA's default palette has them. */
extern const uint8_t screen_palette[16][3];

/* A row's characters (a NUL cell as a blank) and its length without
 * trailing blanks. */
unsigned screen_row_text(const struct screen_image *img, unsigned row, uint8_t text[VGA_COLS]);

#endif
