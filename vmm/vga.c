/* vga.c: text mode 3 in guest RAM and the CRT controller's registers.
 * The cells are plain guest RAM (a guest may write them directly, as
 * tutorials do after entering protected mode); the CRTC registers hold the
 * cursor position (0x0E/0x0F) and shape (0x0A/0x0B), and read back what
 * was written. The BIOS's idea of the cursor is the BDA's (0040:0050),
 * which every BIOS move also writes to the CRTC. */
#include <string.h>
#include "vcpu.h"
#include "vga.h"

#define CRTC_CURSOR_START 0x0a
#define CRTC_CURSOR_END   0x0b
#define CRTC_CURSOR_HIGH  0x0e
#define CRTC_CURSOR_LOW   0x0f
/* BIOS data area offsets (from 0x400) */
#define BDA_VIDEO_MODE    0x49
#define BDA_COLUMNS       0x4a
#define BDA_PAGE_SIZE     0x4c
#define BDA_CURSOR        0x50    /* page 0: column, row */
#define BDA_CURSOR_SHAPE  0x60    /* end, start */
#define BDA_PAGE          0x62
#define BDA_CRTC_BASE     0x63
#define BDA_ROWS_MINUS1   0x84
#define BDA_CHAR_HEIGHT   0x85

void vga_init(struct vga *vga, uint8_t *mem)
{
	memset(vga, 0, sizeof *vga);
	vga->cells = mem + VGA_TEXT_BASE;
	vga->bda = mem + BDA_BASE;
	vga->crtc[CRTC_CURSOR_START] = 0x0d;
	vga->crtc[CRTC_CURSOR_END] = 0x0e;
	vga->blink = true;
}

/* The BIOS's cursor shape (CGA-style scan lines, as int 0x10 AH=0x01 takes
 * them) in the BDA, and on the CRTC scaled to the 16-line cell as VGA
 * BIOSes do it (0x0607, the underline, becomes lines 0x0D-0x0E, as under
 * SeaBIOS); bit 5 of start hides the cursor. */
void vga_set_cursor_shape(struct vga *vga, uint8_t start, uint8_t end)
{
	vga->bda[BDA_CURSOR_SHAPE] = end;
	vga->bda[BDA_CURSOR_SHAPE + 1] = start;
	uint8_t top = start & 0x3f, bottom = end & 0x1f;
	if (bottom < 8 && top < 0x20) {
		if (bottom == top + 1) {
			top = (uint8_t)((bottom + 1) * 2 - 3);
			bottom = (uint8_t)(top + 1);
		} else {
			top = (uint8_t)(top * 2 + 1);
			bottom = (uint8_t)((bottom + 1) * 2 - 1);
		}
	}
	vga->crtc[CRTC_CURSOR_START] = top;
	vga->crtc[CRTC_CURSOR_END] = bottom;
}

static uint8_t *cell(const struct vga *vga, unsigned row, unsigned col)
{
	return vga->cells + 2 * (row * VGA_COLS + col);
}

static void blank(struct vga *vga, unsigned row, unsigned left, unsigned right, uint8_t attr)
{
	for (unsigned col = left; col <= right; col++) {
		cell(vga, row, col)[0] = ' ';
		cell(vga, row, col)[1] = attr;
	}
}

void vga_set_mode3(struct vga *vga, bool clear)
{
	if (clear)
		for (unsigned row = 0; row < VGA_ROWS; row++)
			blank(vga, row, 0, VGA_COLS - 1, VGA_ATTR_NORMAL);
	vga->bda[BDA_VIDEO_MODE] = 3;
	vga->bda[BDA_COLUMNS] = VGA_COLS;
	vga->bda[BDA_COLUMNS + 1] = 0;
	vga->bda[BDA_PAGE_SIZE] = 0x00;
	vga->bda[BDA_PAGE_SIZE + 1] = 0x10;               /* 4096 bytes */
	vga_set_cursor_shape(vga, 0x06, 0x07);
	vga->blink = true;
	vga->bda[BDA_PAGE] = 0;
	vga->bda[BDA_CRTC_BASE] = CRTC_INDEX_PORT & 0xff;
	vga->bda[BDA_CRTC_BASE + 1] = CRTC_INDEX_PORT >> 8;
	vga->bda[BDA_ROWS_MINUS1] = VGA_ROWS - 1;
	vga->bda[BDA_CHAR_HEIGHT] = 16;
	vga_set_cursor(vga, 0, 0);
}

void vga_set_cursor(struct vga *vga, unsigned row, unsigned col)
{
	vga->bda[BDA_CURSOR] = (uint8_t)col;
	vga->bda[BDA_CURSOR + 1] = (uint8_t)row;
	unsigned pos = row * VGA_COLS + col;
	vga->crtc[CRTC_CURSOR_HIGH] = (uint8_t)(pos >> 8);
	vga->crtc[CRTC_CURSOR_LOW] = (uint8_t)pos;
}

void vga_get_cursor(const struct vga *vga, unsigned *row, unsigned *col)
{
	*col = vga->bda[BDA_CURSOR];
	*row = vga->bda[BDA_CURSOR + 1];
}

void vga_put(struct vga *vga, unsigned row, unsigned col, uint8_t ch, uint8_t attr, bool with_attr)
{
	if (row >= VGA_ROWS || col >= VGA_COLS)
		return;
	cell(vga, row, col)[0] = ch;
	if (with_attr)
		cell(vga, row, col)[1] = attr;
}

void vga_get(const struct vga *vga, unsigned row, unsigned col, uint8_t *ch, uint8_t *attr)
{
	if (row >= VGA_ROWS || col >= VGA_COLS) {
		*ch = ' ', *attr = VGA_ATTR_NORMAL;
		return;
	}
	*ch = cell(vga, row, col)[0];
	*attr = cell(vga, row, col)[1];
}

void vga_scroll(struct vga *vga, bool up, unsigned lines, uint8_t attr,
		unsigned top, unsigned left, unsigned bottom, unsigned right)
{
	if (bottom >= VGA_ROWS)
		bottom = VGA_ROWS - 1;
	if (right >= VGA_COLS)
		right = VGA_COLS - 1;
	if (top > bottom || left > right)
		return;
	unsigned height = bottom - top + 1, width = right - left + 1;
	if (lines == 0 || lines > height)
		lines = height;
	for (unsigned i = 0; i < height - lines; i++) {
		unsigned to = up ? top + i : bottom - i;
		unsigned from = up ? to + lines : to - lines;
		memmove(cell(vga, to, left), cell(vga, from, left), 2 * width);
	}
	for (unsigned i = 0; i < lines; i++)
		blank(vga, up ? bottom - i : top + i, left, right, attr);
}

void vga_teletype(struct vga *vga, uint8_t ch)
{
	unsigned row, col;
	vga_get_cursor(vga, &row, &col);
	if (row >= VGA_ROWS)
		row = VGA_ROWS - 1;
	switch (ch) {
	case '\a':
		return;
	case '\b':
		if (col > 0)
			col--;
		break;
	case '\r':
		col = 0;
		break;
	case '\n':
		row++;
		break;
	default:
		vga_put(vga, row, col, ch, 0, false);
		col++;
		break;
	}
	if (col >= VGA_COLS) {
		col = 0;
		row++;
	}
	if (row >= VGA_ROWS) {
		uint8_t attr = cell(vga, VGA_ROWS - 1, 0)[1];   /* the new line keeps the last line's colour */
		vga_scroll(vga, true, 1, attr, 0, 0, VGA_ROWS - 1, VGA_COLS - 1);
		row = VGA_ROWS - 1;
	}
	vga_set_cursor(vga, row, col);
}

int vga_crtc_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct vga *vga = owner;
	(void)cpu;
	/* A word access (out dx, ax) is the index then the data, as on a PC. */
	for (unsigned i = 0; i < size && offset + i < VGA_PORTS; i++) {
		bool is_index = offset + i == 0;
		if (is_index && is_write)
			vga->crtc_index = data[i];
		else if (is_index)
			data[i] = vga->crtc_index;
		else if (vga->crtc_index >= VGA_CRTC_REGS)
			data[i] = is_write ? data[i] : 0xff;
		else if (is_write)
			vga->crtc[vga->crtc_index] = data[i];
		else
			data[i] = vga->crtc[vga->crtc_index];
	}
	return VCPU_CONTINUE;
}

unsigned vga_row_text(const struct vga *vga, unsigned row, uint8_t text[VGA_COLS])
{
	unsigned len = 0;
	for (unsigned col = 0; col < VGA_COLS; col++) {
		uint8_t ch = cell(vga, row, col)[0];
		text[col] = ch == 0 ? ' ' : ch;          /* a NUL cell shows as a blank */
		if (text[col] != ' ')
			len = col + 1;
	}
	return len;
}

bool vga_cursor_lines(const struct vga *vga, unsigned *top, unsigned *bottom)
{
	uint8_t start = vga->crtc[CRTC_CURSOR_START], end = vga->crtc[CRTC_CURSOR_END];
	*top = start & 0x1f;
	*bottom = end & 0x1f;
	if (*bottom >= VGA_CHAR_HEIGHT)
		*bottom = VGA_CHAR_HEIGHT - 1;
	return !(start & 0x20) && *top <= *bottom;
}

void vga_crtc_cursor(const struct vga *vga, unsigned *row, unsigned *col)
{
	unsigned pos = (unsigned)vga->crtc[CRTC_CURSOR_HIGH] << 8 | vga->crtc[CRTC_CURSOR_LOW];
	*row = pos / VGA_COLS;
	*col = pos % VGA_COLS;
}
