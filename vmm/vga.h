/* vga.h: the text screen: CGA/VGA text mode 3 (80x25 cells of a character
 * and an attribute) in guest RAM at 0xB8000, the CRT controller's index and
 * data ports 0x3D4/0x3D5 (the cursor registers read back), and what the
 * BIOS does to it (teletype, cursor, scrolling), keeping the BIOS data
 * area's cursor current. At the end of a run the screen is read back for
 * the transcript. */
#ifndef MINIKVM_VGA_H
#define MINIKVM_VGA_H

#include <stdbool.h>
#include <stdint.h>
#include "abi.h"

#define VGA_COLS 80
#define VGA_ROWS 25
#define VGA_PORTS 2
#define VGA_CRTC_REGS 0x19
#define VGA_ATTR_NORMAL 0x07     /* light grey on black */
#define VGA_CHAR_HEIGHT 16       /* scan lines of a cell */

struct vga {
	uint8_t *cells;          /* guest RAM at VGA_TEXT_BASE: VGA_ROWS x VGA_COLS x (char, attr) */
	uint8_t *bda;            /* guest RAM at BDA_BASE (cursor, mode) */
	uint8_t crtc_index;
	uint8_t crtc[VGA_CRTC_REGS];
	bool blink;              /* attribute bit 7 blinks (int 0x10 AX=0x1003), else a bright background */
};

/* mem must hold at least 1 MiB. */
void vga_init(struct vga *vga, uint8_t *mem);
/* Mode 3: blank screen, cursor home, the BDA's video fields. */
void vga_set_mode3(struct vga *vga, bool clear);

void vga_set_cursor(struct vga *vga, unsigned row, unsigned col);
void vga_get_cursor(const struct vga *vga, unsigned *row, unsigned *col);
/* int 0x10 AH=0x01's cursor shape: in the BDA, and scaled on the CRTC. */
void vga_set_cursor_shape(struct vga *vga, uint8_t start, uint8_t end);
void vga_put(struct vga *vga, unsigned row, unsigned col, uint8_t ch, uint8_t attr, bool with_attr);
void vga_get(const struct vga *vga, unsigned row, unsigned col, uint8_t *ch, uint8_t *attr);
/* Scroll the window [top..bottom] x [left..right] up (or down) by lines,
 * filling with blanks of attr; lines 0 (or more than the height) clears it. */
void vga_scroll(struct vga *vga, bool up, unsigned lines, uint8_t attr,
		unsigned top, unsigned left, unsigned bottom, unsigned right);
/* The BIOS teletype: BEL, BS, LF and CR move the cursor, anything else is
 * written at it; past the last row the screen scrolls. */
void vga_teletype(struct vga *vga, uint8_t ch);

/* Bus handler (owner: the struct vga) for the CRTC ports 0x3D4/0x3D5. */
struct vcpu;
int vga_crtc_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

/* Row's characters (a NUL cell as a blank); returns its length without
 * trailing blanks. */
unsigned vga_row_text(const struct vga *vga, unsigned row, uint8_t text[VGA_COLS]);
/* The cursor's scan lines in a cell as the CRTC has them: false if it
 * is hidden (start register bit 5, or start below end). */
bool vga_cursor_lines(const struct vga *vga, unsigned *top, unsigned *bottom);
/* The cursor where the CRTC's registers put it. */
void vga_crtc_cursor(const struct vga *vga, unsigned *row, unsigned *col);

#endif
