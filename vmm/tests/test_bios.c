/* tests/test_bios.c: the BIOS's calls as the ROM makes them, without KVM:
 * a register frame in a RAM of 2 MiB, its address at F000:0000, the
 * interrupt number written to the service port. Disk reads and writes with
 * their status codes, the E820 walk, the keyboard buffer, teletype output,
 * and frames and buffers the guest has pointed anywhere. */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "fuzz/fake_vcpu.h"
#include "bios_call.h"

#define RAM (2u << 20)
#define FRAME 0x7000u

static struct vm vm;
static struct vga vga;
static struct i8042 kbc;
static struct bios bios;
static struct cmos cmos;

static uint64_t still_clock(void)
{
	return 0;                                       /* the RTC stands still in these tests */
}
static struct vcpu *cpu;
static uint8_t disk_image[8 * SECTOR_SIZE];

static void machine_up(void)
{
	cpu = fake_vcpu_setup(NULL, 0, 1 << 16);
	vm = (struct vm){ .mem = calloc(1, RAM), .mem_size = RAM };
	vga_init(&vga, vm.mem);
	i8042_init(&kbc, &fake_guest()->kbd, (struct irq_hook){ 0 });
	memset(&bios, 0, sizeof bios);
	bios.vm = &vm, bios.vga = &vga, bios.kbc = &kbc;
	cmos_init(&cmos, RAM);
	cmos.now_ns = still_clock;
	cmos.start_ns = 0;
	bios.cmos = &cmos;
	for (unsigned i = 0; i < sizeof disk_image; i++)
		disk_image[i] = (uint8_t)(i / SECTOR_SIZE);    /* each sector holds its number */
	char err[64];
	disk_from_bytes(&bios.disks[0], "d", disk_image, sizeof disk_image, 0, err, sizeof err);
	bios.ndisks = 1;
	vm.mem[BIOS_FRAME_PTR] = FRAME & 0xff, vm.mem[BIOS_FRAME_PTR + 1] = FRAME >> 8;
}

static void machine_down(void)
{
	disk_close(&bios.disks[0]);
	cmos_close(&cmos);
	free(vm.mem);
	fake_vcpu_teardown();
}

/* Call service n on the frame r; the answer comes back in r. */
static int call(uint8_t n, struct bios_frame *r)
{
	memcpy(vm.mem + FRAME, r, BIOS_FRAME_SIZE);
	int result = bios_service_io(&bios, cpu, 0, 1, true, &n);
	memcpy(r, vm.mem + FRAME, BIOS_FRAME_SIZE);
	return result;
}

static void test_power_on_loads_the_boot_sector(void)
{
	machine_up();
	struct bios_frame r = { 0 };
	call(BIOS_SVC_POST, &r);
	CU_ASSERT_EQUAL(vm.mem[BOOT_SECTOR_ADDR + 1], 0);
	CU_ASSERT_EQUAL(vm.mem[BDA_BASE + BDA_DISK_COUNT], 1);
	CU_ASSERT_EQUAL(vm.mem[BDA_BASE + 0x49], 3);           /* video mode */
	machine_down();
}

static void test_chs_read_and_errors(void)
{
	machine_up();
	/* two sectors from sector 3 (LBA 2) to 1000:0000 */
	struct bios_frame r = { .eax = 0x0202, .ecx = 0x0003, .edx = 0x0080, .es = 0x1000, .ebx = 0 };
	call(0x13, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(r.eax & 0xffff, 0x0002);
	CU_ASSERT_EQUAL(vm.mem[0x10000], 2);
	CU_ASSERT_EQUAL(vm.mem[0x10000 + SECTOR_SIZE], 3);
	/* past the end of the 8-sector disk: 0x04, AL = 0 */
	r = (struct bios_frame){ .eax = 0x0205, .ecx = 0x0007, .edx = 0x0080, .es = 0x1000 };
	call(0x13, &r);
	CU_ASSERT(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(r.eax & 0xffff, 0x0400);
	/* sector 0 does not exist in CHS; count 0 is a bad command; so is drive 0x81 */
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0000, .edx = 0x0080 };
	call(0x13, &r);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x04);
	r = (struct bios_frame){ .eax = 0x0200, .ecx = 0x0001, .edx = 0x0080 };
	call(0x13, &r);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x01);
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0001, .edx = 0x0081 };
	call(0x13, &r);
	CU_ASSERT(r.flags & FLAG_CF);
	/* AH=0x01 gives the last status */
	r = (struct bios_frame){ .eax = 0x0100, .edx = 0x0080 };
	call(0x13, &r);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x01);
	/* a buffer that runs past RAM: 0x09, nothing written */
	r = (struct bios_frame){ .eax = 0x0280, .ecx = 0x0001, .edx = 0x0080, .es = 0xffff, .ebx = 0xffff };
	vm.mem_size = 0x100000 + 0x8000;                       /* pretend RAM ends soon after 1 MiB */
	call(0x13, &r);
	vm.mem_size = RAM;
	CU_ASSERT(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x09);             /* the buffer is not RAM */
	machine_down();
}

/* A floppy-sized boot image: CHS as a FAT12 boot loader computes it. */
static void test_floppy_geometry(void)
{
	machine_up();
	disk_close(&bios.disks[0]);
	char err[64];
	static uint8_t floppy[FLOPPY_144_SIZE];
	floppy[19 * SECTOR_SIZE] = 0x19;                       /* LBA 19: cylinder 0, head 1, sector 2 */
	floppy[36 * SECTOR_SIZE] = 0x36;                       /* LBA 36: cylinder 1, head 0, sector 1 */
	disk_from_bytes(&bios.disks[0], "f", floppy, sizeof floppy, 0, err, sizeof err);
	struct bios_frame r = { .eax = 0x0800, .edx = 0x0080 };
	call(0x13, &r);
	CU_ASSERT_EQUAL(r.ecx & 0xffff, (79 << 8) | 18);        /* last cylinder 79, 18 sectors */
	CU_ASSERT_EQUAL((r.edx >> 8) & 0xff, 1);                /* last head 1 */
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0002, .edx = 0x0180, .es = 0x1000 };
	call(0x13, &r);
	CU_ASSERT_EQUAL(vm.mem[0x10000], 0x19);
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0101, .edx = 0x0080, .es = 0x1000 };
	call(0x13, &r);
	CU_ASSERT_EQUAL(vm.mem[0x10000], 0x36);
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0013, .edx = 0x0080 };   /* sector 19 */
	call(0x13, &r);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x04);
	machine_down();
}

static void test_lba_write_then_read(void)
{
	machine_up();
	memset(vm.mem + 0x20000, 0xab, SECTOR_SIZE);
	uint8_t dap[16] = { 0x10, 0, 1, 0, 0x00, 0x00, 0x00, 0x20, 5 };   /* 1 sector, 2000:0000, LBA 5 */
	memcpy(vm.mem + 0x600, dap, sizeof dap);
	struct bios_frame r = { .eax = 0x4300, .edx = 0x0080, .ds = 0, .esi = 0x600 };
	call(0x13, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(bios.disks[0].data[5 * SECTOR_SIZE], 0xab);
	CU_ASSERT_EQUAL(bios.disks[0].data[4 * SECTOR_SIZE], 4);
	/* LBA far past the end, and one that would wrap: 0x04, count 0 */
	uint64_t huge = UINT64_MAX;
	memcpy(vm.mem + 0x600 + 8, &huge, 8);
	r = (struct bios_frame){ .eax = 0x4200, .edx = 0x0080, .esi = 0x600 };
	call(0x13, &r);
	CU_ASSERT(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL((r.eax >> 8) & 0xff, 0x04);
	CU_ASSERT_EQUAL(vm.mem[0x600 + 2], 0);
	machine_down();
}

static void test_e820_walk(void)
{
	machine_up();
	uint32_t ebx = 0;
	uint64_t total = 0;
	int entries = 0;
	do {
		struct bios_frame r = { .eax = 0xe820, .edx = 0x534d4150, .ecx = 20, .ebx = ebx, .edi = 0x800 };
		call(0x15, &r);
		CU_ASSERT_FALSE_FATAL(r.flags & FLAG_CF);
		CU_ASSERT_EQUAL(r.eax, 0x534d4150u);
		uint64_t length;
		uint32_t type;
		memcpy(&length, vm.mem + 0x808, 8), memcpy(&type, vm.mem + 0x810, 4);
		if (type == 1)
			total += length;
		ebx = r.ebx;
		entries++;
	} while (ebx && entries < 10);
	CU_ASSERT_EQUAL(entries, 4);
	CU_ASSERT_EQUAL(total, 0x9fc00u + RAM - 0x100000u);
	struct bios_frame bad = { .eax = 0xe820, .edx = 0x12345678, .ecx = 20 };
	call(0x15, &bad);
	CU_ASSERT(bad.flags & FLAG_CF);
	machine_down();
}

static void test_keyboard_buffer_from_irq1(void)
{
	machine_up();
	struct bios_frame r = { 0 };
	call(BIOS_SVC_POST, &r);
	const uint8_t codes[] = { 0x2a, 0x1e, 0x9e, 0xaa, 0xe0, 0x48, 0xe0, 0xc8 };   /* A, up */
	for (unsigned i = 0; i < sizeof codes; i++) {
		r = (struct bios_frame){ .eax = codes[i] };
		call(0x09, &r);
	}
	r = (struct bios_frame){ .eax = 0x0100 };
	call(0x16, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_ZF);
	CU_ASSERT_EQUAL(r.eax & 0xffff, 0x1e41);
	r = (struct bios_frame){ .eax = 0x0000 };
	call(0x16, &r);
	CU_ASSERT_EQUAL(r.eax & 0xffff, 0x1e41);
	r = (struct bios_frame){ .eax = 0x0000 };
	call(0x16, &r);
	CU_ASSERT_EQUAL(r.eax & 0xffff, 0x4800);
	/* empty, and no key can ever come: the wait ends the run */
	r = (struct bios_frame){ .eax = 0x0000 };
	CU_ASSERT_EQUAL(call(0x16, &r), VCPU_STOP);
	CU_ASSERT_EQUAL(cpu->end.kind, END_HALT);
	machine_down();
}

static void test_hostile_buffer_bounds(void)
{
	machine_up();
	struct bios_frame r = { 0 };
	call(BIOS_SVC_POST, &r);
	vm.mem[BDA_BASE + BDA_KBD_START] = 0xf0, vm.mem[BDA_BASE + BDA_KBD_END] = 0x10;   /* nonsense bounds */
	r = (struct bios_frame){ .eax = 0x1e };
	call(0x09, &r);                                        /* dropped, nothing written outside */
	vm.mem[BDA_BASE + 0x50] = 200, vm.mem[BDA_BASE + 0x51] = 250;     /* cursor off the screen */
	r = (struct bios_frame){ .eax = 0x0e41 };
	call(0x10, &r);
	r = (struct bios_frame){ .eax = 0x0941, .ecx = 0xffff };
	call(0x10, &r);
	r = (struct bios_frame){ .eax = 0x1301, .ecx = 0xffff, .es = 0xffff, .ebp = 0xffff };
	call(0x10, &r);
	/* a frame pointer beyond RAM: ignored */
	vm.mem[BIOS_FRAME_PTR + 2] = 0xff, vm.mem[BIOS_FRAME_PTR + 3] = 0xff;
	vm.mem_size = 0x100000;
	uint8_t n = 0x13;
	CU_ASSERT_EQUAL(bios_service_io(&bios, cpu, 0, 1, true, &n), VCPU_CONTINUE);
	vm.mem_size = RAM;
	machine_down();
}

static void test_real_time_clock(void)
{
	machine_up();
	struct bios_frame r = { .eax = 0x0200, .flags = FLAG_CF };
	call(0x1a, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(r.ecx & 0xffff, 0x0000);               /* 00:00:00 */
	CU_ASSERT_EQUAL(r.edx & 0xffff, 0x0000);
	r = (struct bios_frame){ .eax = 0x0400 };
	call(0x1a, &r);
	CU_ASSERT_EQUAL(r.ecx & 0xffff, 0x2000);               /* 2000-01-01 */
	CU_ASSERT_EQUAL(r.edx & 0xffff, 0x0101);
	r = (struct bios_frame){ .eax = 0x0300, .ecx = 0x2359, .edx = 0x5900 };
	call(0x1a, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	r = (struct bios_frame){ .eax = 0x0200 };
	call(0x1a, &r);
	CU_ASSERT_EQUAL(r.ecx & 0xffff, 0x2359);
	CU_ASSERT_EQUAL(r.edx & 0xff00, 0x5900);
	/* not BCD, out of range, and a date with month 0: refused, nothing kept */
	const uint32_t bad[][3] = { { 0x0300, 0x1a00, 0 }, { 0x0300, 0x2400, 0 }, { 0x0300, 0x0060, 0 },
				    { 0x0500, 0x2026, 0x0001 }, { 0x0500, 0x2026, 0x1300 }, { 0x0600, 0, 0 } };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = (struct bios_frame){ .eax = bad[i][0], .ecx = bad[i][1], .edx = bad[i][2] };
		call(0x1a, &r);
		CU_ASSERT(r.flags & FLAG_CF);
	}
	r = (struct bios_frame){ .eax = 0x0200 };
	call(0x1a, &r);
	CU_ASSERT_EQUAL(r.ecx & 0xffff, 0x2359);
	r = (struct bios_frame){ .eax = 0x0700, .flags = FLAG_CF };
	call(0x1a, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	machine_down();
}

static void test_wait_asks_again_until_the_time_is_up(void)
{
	machine_up();
	struct bios_frame r = { .eax = 0x8600, .ecx = 0, .edx = 0, .flags = FLAG_CF };
	call(0x15, &r);                                        /* 0 us: done at once */
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(vm.mem[BIOS_AGAIN], 0);
	r = (struct bios_frame){ .eax = 0x8600, .ecx = 0x0001, .edx = 0x86a0 };   /* 100 ms */
	int calls = 1;
	call(0x15, &r);
	while (vm.mem[BIOS_AGAIN] && calls < 100) {            /* the ROM asks again */
		r = (struct bios_frame){ .eax = 0x8600, .ecx = 0x0001, .edx = 0x86a0 };
		call(0x15, &r);
		calls++;
	}
	CU_ASSERT(calls >= 2 && calls <= 4);                   /* slices of at most 50 ms */
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(r.eax & 0xff00, 0);
	machine_down();
}

static void test_floppy_drive_zero(void)
{
	machine_up();
	/* an 8-sector disk is not floppy-sized: drive 0x00 does not exist */
	struct bios_frame r = { .eax = 0x0201, .ecx = 0x0001, .edx = 0x0000, .es = 0x1000 };
	call(0x13, &r);
	CU_ASSERT(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(r.eax & 0xff00, 0x0100);
	/* a 360K floppy: drive 0x00 is drive 0x80's sectors with floppy answers */
	static uint8_t floppy[368640];
	floppy[9 * SECTOR_SIZE] = 0x5a;                        /* cylinder 0, head 1, sector 1 */
	char err[64];
	disk_close(&bios.disks[0]);
	CU_ASSERT_EQUAL(disk_from_bytes(&bios.disks[0], "f", floppy, sizeof floppy, sizeof floppy, err, sizeof err), 0);
	CU_ASSERT(disk_is_floppy_size(sizeof floppy));
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0001, .edx = 0x0100, .es = 0x1000 };
	call(0x13, &r);
	CU_ASSERT_FALSE(r.flags & FLAG_CF);
	CU_ASSERT_EQUAL(vm.mem[0x10000], 0x5a);
	r = (struct bios_frame){ .eax = 0x0800, .edx = 0x0000 };
	call(0x13, &r);
	CU_ASSERT_EQUAL(r.ebx & 0xff, 1);                      /* a 360K drive */
	CU_ASSERT_EQUAL(r.edx & 0xffff, 0x0101);               /* last head 1, one floppy */
	CU_ASSERT_EQUAL(r.ecx & 0xffff, 0x2709);               /* last cylinder 39, 9 sectors */
	r = (struct bios_frame){ .eax = 0x1500, .edx = 0x0000 };
	call(0x13, &r);
	CU_ASSERT_EQUAL(r.eax & 0xff00, 0x0200);
	r = (struct bios_frame){ .eax = 0x4100, .ebx = 0x55aa, .edx = 0x0000 };
	call(0x13, &r);
	CU_ASSERT(r.flags & FLAG_CF);                          /* no LBA extensions on a floppy */
	r = (struct bios_frame){ .eax = 0x0201, .ecx = 0x0001, .edx = 0x0101, .es = 0x1000 };
	call(0x13, &r);                                        /* drive 0x01: none */
	CU_ASSERT(r.flags & FLAG_CF);
	machine_down();
}

static void test_cursor_shape_and_blink(void)
{
	machine_up();
	struct bios_frame r = { 0 };
	call(BIOS_SVC_POST, &r);
	unsigned top, bottom;
	CU_ASSERT(vga_cursor_lines(&vga, &top, &bottom));
	CU_ASSERT_EQUAL(top, 13);
	CU_ASSERT_EQUAL(bottom, 14);   /* 0x0607 as SeaBIOS scales it */
	const struct { uint16_t cx; unsigned top, bottom; bool shown; } shapes[] = {
		{ 0x0007, 1, 15, true }, { 0x0407, 9, 15, true }, { 0x000f, 0, 15, true },
		{ 0x0e0f, 14, 15, true }, { 0x2000, 0, 0, false }, { 0x0705, 15, 11, false },
	};
	for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
		r = (struct bios_frame){ .eax = 0x0100, .ecx = shapes[i].cx };
		call(0x10, &r);
		bool shown = vga_cursor_lines(&vga, &top, &bottom);
		CU_ASSERT_EQUAL(shown, shapes[i].shown);
		if (shown)
			CU_ASSERT(top == shapes[i].top && bottom == shapes[i].bottom);
		r = (struct bios_frame){ .eax = 0x0300 };
		call(0x10, &r);
		CU_ASSERT_EQUAL(r.ecx & 0xffff, shapes[i].cx);     /* read back as set */
	}
	CU_ASSERT(vga.blink);
	r = (struct bios_frame){ .eax = 0x1003, .ebx = 0 };
	call(0x10, &r);
	CU_ASSERT_FALSE(vga.blink);
	r = (struct bios_frame){ .eax = 0x1a00 };
	call(0x10, &r);
	CU_ASSERT_EQUAL(r.eax & 0xff, 0x1a);
	CU_ASSERT_EQUAL(r.ebx & 0xffff, 0x0008);
	machine_down();
}

static const struct test_entry tests[] = {
	TEST(test_power_on_loads_the_boot_sector), TEST(test_chs_read_and_errors),
	TEST(test_floppy_geometry), TEST(test_lba_write_then_read), TEST(test_e820_walk), TEST(test_keyboard_buffer_from_irq1),
	TEST(test_hostile_buffer_bounds), TEST(test_real_time_clock), TEST(test_wait_asks_again_until_the_time_is_up),
	TEST(test_floppy_drive_zero), TEST(test_cursor_shape_and_blink),
};

CU_pSuite add_bios_suite(void)
{
	return ADD_SUITE("bios", NULL, NULL, tests);
}
