/* bios_video.c: int 0x10 on the text screen (vga.c). Teletype output
 * (AH=0x0E) and strings (AH=0x13) are also the guest's output, as the
 * transcript and the terminal show it; the other calls change the screen
 * only. Only text mode 3 exists: a request for another mode gives mode 3. */
#include "bios_call.h"
#include "vcpu.h"

static void put_output(struct bios_call *c, uint8_t ch)
{
	vga_teletype(c->bios->vga, ch);
	if (c->result == VCPU_CONTINUE)
		c->result = vcpu_putc(c->cpu, ch);
}

/* AH=0x09/0x0A: CX copies of AL at the cursor (with BL as attribute for
 * 0x09), the cursor left where it is. */
static void write_chars(struct bios_call *c, bool with_attr)
{
	unsigned row, col;
	vga_get_cursor(c->bios->vga, &row, &col);
	unsigned count = (uint16_t)c->r.ecx;
	for (unsigned i = 0; i < count && row * VGA_COLS + col + i < VGA_ROWS * VGA_COLS; i++) {
		unsigned at = row * VGA_COLS + col + i;
		vga_put(c->bios->vga, at / VGA_COLS, at % VGA_COLS, reg_lo(c->r.eax), reg_lo(c->r.ebx), with_attr);
	}
}

/* AH=0x13: CX characters at ES:BP written from DH,DL; AL bit 1: the
 * string alternates characters and attributes, else BL is the attribute;
 * AL bit 0: the cursor stays after the string. */
static void write_string(struct bios_call *c)
{
	uint8_t mode = reg_lo(c->r.eax);
	unsigned count = (uint16_t)c->r.ecx, step = mode & 0x02 ? 2 : 1;
	uint8_t *text = bios_ptr(c, c->r.es, (uint16_t)c->r.ebp, count * step);
	if (!text)
		return;
	unsigned old_row, old_col;
	vga_get_cursor(c->bios->vga, &old_row, &old_col);
	vga_set_cursor(c->bios->vga, reg_hi(c->r.edx), reg_lo(c->r.edx));
	for (unsigned i = 0; i < count; i++) {
		uint8_t ch = text[i * step];
		unsigned row, col;
		vga_get_cursor(c->bios->vga, &row, &col);
		bool printable = ch != '\a' && ch != '\b' && ch != '\r' && ch != '\n';
		uint8_t attr = mode & 0x02 ? text[i * step + 1] : reg_lo(c->r.ebx);
		if (printable)                           /* the attribute first: put_output may take a picture */
			vga_put(c->bios->vga, row, col, ch, attr, true);
		put_output(c, ch);
	}
	if (!(mode & 0x01))
		vga_set_cursor(c->bios->vga, old_row, old_col);
}

static void scroll(struct bios_call *c, bool up)
{
	vga_scroll(c->bios->vga, up, reg_lo(c->r.eax), reg_hi(c->r.ebx),
		   reg_hi(c->r.ecx), reg_lo(c->r.ecx), reg_hi(c->r.edx), reg_lo(c->r.edx));
}

void bios_video(struct bios_call *c)
{
	struct vga *vga = c->bios->vga;
	unsigned row, col;
	uint8_t ch, attr;
	switch (reg_hi(c->r.eax)) {
	case 0x00:                                   /* set mode: always 3 */
		vga_set_mode3(vga, !(reg_lo(c->r.eax) & 0x80));
		set_lo(&c->r.eax, 0x30);
		break;
	case 0x01:                                   /* cursor shape: CH start, CL end */
		vga_set_cursor_shape(vga, reg_hi(c->r.ecx), reg_lo(c->r.ecx));
		break;
	case 0x02:                                   /* set cursor (page 0) */
		if (reg_hi(c->r.ebx) == 0 && reg_hi(c->r.edx) < VGA_ROWS && reg_lo(c->r.edx) < VGA_COLS)
			vga_set_cursor(vga, reg_hi(c->r.edx), reg_lo(c->r.edx));
		break;
	case 0x03:                                   /* get cursor and shape */
		vga_get_cursor(vga, &row, &col);
		set_hi(&c->r.edx, (uint8_t)row), set_lo(&c->r.edx, (uint8_t)col);
		set_hi(&c->r.ecx, vga->bda[0x61]), set_lo(&c->r.ecx, vga->bda[0x60]);   /* the shape as set */
		set_word(&c->r.eax, 0);
		break;
	case 0x05:                                   /* active page: only page 0 */
		break;
	case 0x06: case 0x07:
		scroll(c, reg_hi(c->r.eax) == 0x06);
		break;
	case 0x08:                                   /* character and attribute at the cursor */
		vga_get_cursor(vga, &row, &col);
		vga_get(vga, row, col, &ch, &attr);
		set_hi(&c->r.eax, attr), set_lo(&c->r.eax, ch);
		break;
	case 0x09: case 0x0a:
		write_chars(c, reg_hi(c->r.eax) == 0x09);
		break;
	case 0x0e:
		put_output(c, reg_lo(c->r.eax));
		break;
	case 0x0f:                                   /* mode 3, 80 columns, page 0 */
		set_word(&c->r.eax, 0x5003);
		set_hi(&c->r.ebx, 0);
		break;
	case 0x0b:                                   /* border and palette: nothing to show in text mode */
		break;
	case 0x10:
		if (reg_lo(c->r.eax) == 0x03)            /* AX=0x1003: BL = 1 blink, 0 bright backgrounds */
			vga->blink = reg_lo(c->r.ebx) != 0;
		break;
	case 0x12:
		if (reg_lo(c->r.ebx) == 0x10) {          /* EGA/VGA information: colour, 256 KiB */
			set_word(&c->r.ebx, 0x0003);
			set_word(&c->r.ecx, 0x0009);     /* switches: the usual EGA/VGA setting */
		}
		break;
	case 0x13:
		write_string(c);
		break;
	case 0x1a:
		if (reg_lo(c->r.eax) == 0x00) {          /* display combination: VGA with colour display */
			set_lo(&c->r.eax, 0x1a);
			set_word(&c->r.ebx, 0x0008);
		}
		break;
	default:                                     /* not supported: nothing changes */
		break;
	}
}
