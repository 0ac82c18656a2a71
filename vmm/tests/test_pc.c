/* tests/test_pc.c: the PC-boot pieces without KVM: the US layout both ways
 * (every printable byte typed comes back as itself from the BIOS's
 * translation), escape sequences, the text screen's teletype, scrolling
 * and CRTC read-back, the i8042's replies, IRQ1 and reset, disk bounds. */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "fuzz/fake_vcpu.h"
#include "disk.h"
#include "i8042.h"
#include "scancode.h"
#include "vga.h"

/* ---- scan codes ---- */

/* Type byte, run the make codes through the BIOS's translation with the
 * modifiers they set, and return the key word of the non-modifier key. */
static uint16_t typed(const char *text)
{
	struct key_press key;
	int used = scancode_parse((const uint8_t *)text, strlen(text), false, &key);
	CU_ASSERT_EQUAL_FATAL(used, (int)strlen(text));
	uint8_t bytes[SC_MAX_BYTES];
	unsigned n = scancode_bytes(&key, bytes);
	bool shift = false, ctrl = false, alt = false, extended = false;
	uint16_t word = 0;
	for (unsigned i = 0; i < n; i++) {
		if (bytes[i] == SC_EXTENDED) { extended = true; continue; }
		bool make = !(bytes[i] & SC_BREAK);
		uint8_t code = bytes[i] & 0x7f;
		if (code == SC_LSHIFT) shift = make;
		else if (code == SC_LCTRL) ctrl = make;
		else if (code == SC_LALT) alt = make;
		else if (make) word = scancode_key_word(code, extended, shift, ctrl, alt, false);
		extended = false;
	}
	return word;
}

static void test_every_printable_byte_round_trips(void)
{
	for (int c = 0x20; c < 0x7f; c++) {
		char text[2] = { (char)c, 0 };
		uint16_t word = typed(text);
		CU_ASSERT_EQUAL(word & 0xff, c);
		if ((word & 0xff) != c)
			printf("\nbyte 0x%02x came back as 0x%04x\n", c, word);
	}
}

static void test_control_keys(void)
{
	CU_ASSERT_EQUAL(typed("\n"), 0x1c0d);      /* Enter */
	CU_ASSERT_EQUAL(typed("\r"), 0x1c0d);
	CU_ASSERT_EQUAL(typed("\b"), 0x0e08);      /* Backspace */
	CU_ASSERT_EQUAL(typed("\x7f"), 0x0e08);
	CU_ASSERT_EQUAL(typed("\t"), 0x0f09);
	CU_ASSERT_EQUAL(typed("\x1b"), 0x011b);    /* Esc alone */
	CU_ASSERT_EQUAL(typed("\x03"), 0x2e03);    /* Ctrl+C */
	CU_ASSERT_EQUAL(typed("\x1bx"), 0x2d00);   /* Alt+x */
}

static void test_escape_sequences(void)
{
	CU_ASSERT_EQUAL(typed("\x1b[A"), 0x4800);
	CU_ASSERT_EQUAL(typed("\x1b[B"), 0x5000);
	CU_ASSERT_EQUAL(typed("\x1b[C"), 0x4d00);
	CU_ASSERT_EQUAL(typed("\x1b[D"), 0x4b00);
	CU_ASSERT_EQUAL(typed("\x1bOP"), 0x3b00);  /* F1 */
	CU_ASSERT_EQUAL(typed("\x1b[21~"), 0x4400);/* F10 */
	CU_ASSERT_EQUAL(typed("\x1b[23~"), 0x8500);/* F11 */
	CU_ASSERT_EQUAL(typed("\x1b[24~"), 0x8600);/* F12 */
	struct key_press key;
	CU_ASSERT_EQUAL(scancode_parse((const uint8_t *)"\x1b[2", 3, true, &key), -1);  /* wait for more */
	CU_ASSERT_EQUAL(scancode_parse((const uint8_t *)"\x1b[2", 3, false, &key), 1);  /* Esc alone */
	CU_ASSERT_EQUAL(scancode_parse((const uint8_t *)"\x80", 1, false, &key), 0);    /* no key */
}

static void test_arrow_bytes_have_e0(void)
{
	struct key_press key;
	scancode_parse((const uint8_t *)"\x1b[A", 3, false, &key);
	uint8_t bytes[SC_MAX_BYTES];
	CU_ASSERT_EQUAL(scancode_bytes(&key, bytes), 4u);
	CU_ASSERT(memcmp(bytes, "\xe0\x48\xe0\xc8", 4) == 0);
}

/* ---- the text screen ---- */

static uint8_t *ram;
static struct vga vga;

static void screen_setup(void)
{
	ram = calloc(1, 1 << 20);
	vga_init(&vga, ram);
	vga_set_mode3(&vga, true);
}

static void test_teletype_wraps_and_scrolls(void)
{
	screen_setup();
	for (int row = 0; row < VGA_ROWS; row++) {
		char line[8];
		snprintf(line, sizeof line, "r%d\r\n", row);
		for (char *p = line; *p; p++)
			vga_teletype(&vga, (uint8_t)*p);
	}
	uint8_t text[VGA_COLS];
	CU_ASSERT_EQUAL(vga_row_text(&vga, 0, text), 2u);        /* r0 scrolled away */
	CU_ASSERT(memcmp(text, "r1", 2) == 0);
	CU_ASSERT_EQUAL(vga_row_text(&vga, VGA_ROWS - 1, text), 0u);
	unsigned row, col;
	vga_crtc_cursor(&vga, &row, &col);
	CU_ASSERT_EQUAL(row, VGA_ROWS - 1u);
	CU_ASSERT_EQUAL(col, 0u);
	vga_teletype(&vga, 'x'), vga_teletype(&vga, '\b'), vga_teletype(&vga, 'y');
	CU_ASSERT_EQUAL(vga_row_text(&vga, VGA_ROWS - 1, text), 1u);
	CU_ASSERT_EQUAL(text[0], 'y');
	free(ram);
}

static void test_crtc_reads_back(void)
{
	screen_setup();
	uint8_t b = 0x0e;
	vga_crtc_io(&vga, NULL, 0, 1, true, &b);
	b = 0x01;
	vga_crtc_io(&vga, NULL, 1, 1, true, &b);
	uint8_t word[2] = { 0x0f, 0x23 };                  /* out dx, ax: index then data */
	vga_crtc_io(&vga, NULL, 0, 2, true, word);
	unsigned row, col;
	vga_crtc_cursor(&vga, &row, &col);
	CU_ASSERT_EQUAL(row * VGA_COLS + col, 0x123u);
	b = 0x0e;
	vga_crtc_io(&vga, NULL, 0, 1, true, &b);
	vga_crtc_io(&vga, NULL, 1, 1, false, &b);
	CU_ASSERT_EQUAL(b, 0x01);
	b = 0x40;                                          /* no such register */
	vga_crtc_io(&vga, NULL, 0, 1, true, &b);
	vga_crtc_io(&vga, NULL, 1, 1, false, &b);
	CU_ASSERT_EQUAL(b, 0xff);
	free(ram);
}

static void test_scroll_window_clears(void)
{
	screen_setup();
	vga_put(&vga, 3, 3, 'A', 0x1f, true);
	vga_scroll(&vga, true, 0, 0x70, 0, 0, 100, 100);  /* lines 0: clear, bounds clamped */
	uint8_t ch, attr;
	vga_get(&vga, 3, 3, &ch, &attr);
	CU_ASSERT_EQUAL(ch, ' ');
	CU_ASSERT_EQUAL(attr, 0x70);
	free(ram);
}

/* ---- the i8042 ---- */

static int raised;
static void count_raise(void *guest, int line) { (void)guest, (void)line; raised++; }
static void no_withdraw(void *guest, int line) { (void)guest, (void)line; }

static uint8_t port_in(struct i8042 *kbc, struct vcpu *cpu, bool status)
{
	uint8_t b = 0;
	(status ? i8042_command_io : i8042_data_io)(kbc, cpu, 0, 1, false, &b);
	return b;
}

static int port_out(struct i8042 *kbc, struct vcpu *cpu, bool command, uint8_t b)
{
	return (command ? i8042_command_io : i8042_data_io)(kbc, cpu, 0, 1, true, &b);
}

static void test_i8042_keys_and_commands(void)
{
	struct vcpu *cpu = fake_vcpu_setup((const uint8_t *)"A", 1, 1 << 16);
	struct i8042 kbc;
	raised = 0;
	i8042_init(&kbc, &fake_guest()->kbd, (struct irq_hook){ .raise = count_raise, .withdraw = no_withdraw });
	/* the key comes as Shift make, A make, A break, Shift break, one IRQ1 each */
	const uint8_t expected[] = { 0x2a, 0x1e, 0x9e, 0xaa };
	for (unsigned i = 0; i < sizeof expected; i++) {
		CU_ASSERT(port_in(&kbc, cpu, true) & 0x01);
		CU_ASSERT_EQUAL(port_in(&kbc, cpu, false), expected[i]);
	}
	CU_ASSERT_EQUAL(raised, 4);
	CU_ASSERT_FALSE(port_in(&kbc, cpu, true) & 0x01);
	CU_ASSERT_FALSE(i8042_may_produce(&kbc));
	port_out(&kbc, cpu, true, 0xaa);                  /* self-test */
	CU_ASSERT_EQUAL(port_in(&kbc, cpu, false), 0x55);
	port_out(&kbc, cpu, true, 0x60);                  /* command byte: IRQ1 off */
	port_out(&kbc, cpu, false, 0x44);
	port_out(&kbc, cpu, true, 0x20);
	CU_ASSERT_EQUAL(port_in(&kbc, cpu, false), 0x44);
	port_out(&kbc, cpu, false, 0xff);                 /* keyboard reset: ACK, passed */
	CU_ASSERT_EQUAL(port_in(&kbc, cpu, false), 0xfa);
	CU_ASSERT_EQUAL(port_in(&kbc, cpu, false), 0xaa);
	port_out(&kbc, cpu, true, 0xdd);                  /* A20 off, read the output port */
	port_out(&kbc, cpu, true, 0xd0);
	CU_ASSERT_EQUAL(port_in(&kbc, cpu, false) & 0x02, 0);
	CU_ASSERT_EQUAL(port_out(&kbc, cpu, true, 0xfe), VCPU_STOP);
	CU_ASSERT_EQUAL(cpu->end.reason, REASON_REBOOT);
	fake_vcpu_teardown();
}

/* ---- disks ---- */

static void test_disk_bounds(void)
{
	struct disk disk;
	char err[128];
	uint8_t image[700] = { 0 }, sector[SECTOR_SIZE];
	image[510] = 0x55, image[511] = 0xaa, image[600] = 7;
	CU_ASSERT_EQUAL(disk_from_bytes(&disk, "x", image, sizeof image, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL(disk_sectors(&disk), 2u);         /* padded */
	CU_ASSERT_EQUAL(disk_read(&disk, 1, 1, sector), 0);
	CU_ASSERT_EQUAL(sector[600 - 512], 7);
	CU_ASSERT_EQUAL(sector[511], 0);
	CU_ASSERT_EQUAL(disk_read(&disk, 1, 2, sector), -1);
	CU_ASSERT_EQUAL(disk_read(&disk, UINT64_MAX, 1, sector), -1);
	CU_ASSERT(disk_has_boot_signature(disk.data, disk.size));
	disk_close(&disk);
	CU_ASSERT_EQUAL(disk_from_bytes(&disk, "x", image, sizeof image, 5000, err, sizeof err), 0);
	CU_ASSERT_EQUAL(disk_sectors(&disk), 10u);        /* at least min_size */
	CU_ASSERT_EQUAL(disk.heads, DISK_HEADS);
	CU_ASSERT_EQUAL(disk.sectors_per_track, DISK_SECTORS_PER_TRACK);
	disk_close(&disk);
	/* padded to a 1.44 MB floppy: its geometry, 80 x 2 x 18 */
	CU_ASSERT_EQUAL(disk_from_bytes(&disk, "x", image, sizeof image, FLOPPY_144_SIZE, err, sizeof err), 0);
	CU_ASSERT_EQUAL(disk.cylinders, 80u);
	CU_ASSERT_EQUAL(disk.heads, 2u);
	CU_ASSERT_EQUAL(disk.sectors_per_track, 18u);
	disk_close(&disk);
}

static const struct test_entry tests[] = {
	TEST(test_every_printable_byte_round_trips), TEST(test_control_keys),
	TEST(test_escape_sequences), TEST(test_arrow_bytes_have_e0),
	TEST(test_teletype_wraps_and_scrolls), TEST(test_crtc_reads_back), TEST(test_scroll_window_clears),
	TEST(test_i8042_keys_and_commands), TEST(test_disk_bounds),
};

CU_pSuite add_pc_suite(void)
{
	return ADD_SUITE("pc", NULL, NULL, tests);
}
