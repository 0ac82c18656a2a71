/* tests/test_linux.c: the Linux boot protocol without KVM: the setup
 * header's checks (bzimage.c), what linux_boot_load puts in RAM (zero
 * page, e820, initrd, command line, entry tables), the panic watch
 * (linux_panic.c) and ACPI soft-off's SLP_EN (acpi_pm.c). */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "acpi_pm.h"
#include "bzimage.h"
#include "linux_boot.h"
#include "linux_panic.h"

#define KERNEL_BYTES 0x1000
#define IMAGE_BYTES (1024 + KERNEL_BYTES)   /* boot sector, 1 setup sector, kernel */
#define MEM (64u << 20)

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A well-formed protocol 2.15 image: relocatable, 2 MiB aligned, 16 MiB preferred. */
static uint8_t *make_image(void)
{
	uint8_t *d = calloc(1, IMAGE_BYTES);
	d[BZ_SETUP_SECTS] = 1;
	put32(d + BZ_SYSSIZE, KERNEL_BYTES / 16);
	put16(d + BZ_BOOT_FLAG, 0xaa55);
	d[0x200] = 0xeb, d[BZ_JUMP_END] = 0x6a;
	memcpy(d + BZ_HEADER_MAGIC, "HdrS", 4);
	put16(d + BZ_VERSION, 0x020f);
	d[BZ_LOADFLAGS] = BZ_LOADED_HIGH;
	put32(d + BZ_INITRD_ADDR_MAX, 0x7fffffff);
	put32(d + BZ_KERNEL_ALIGN, 0x200000);
	d[BZ_RELOCATABLE] = 1;
	put16(d + BZ_XLOADFLAGS, BZ_XLF_KERNEL_64);
	put32(d + BZ_CMDLINE_SIZE, 255);
	put64(d + BZ_PREF_ADDRESS, 0x1000000);
	put32(d + BZ_INIT_SIZE, 0x400000);
	memset(d + 1024, 0x90, KERNEL_BYTES);
	return d;
}

static void test_header_checks(void)
{
	struct bzimage bz;
	char err[256];
	uint8_t *d = make_image();
	CU_ASSERT_TRUE(bzimage_detect(d, IMAGE_BYTES));
	CU_ASSERT_EQUAL(bzimage_parse(d, IMAGE_BYTES, &bz, err, sizeof err), 0);
	CU_ASSERT_EQUAL(bz.kernel_offset, 1024);
	CU_ASSERT_EQUAL(bz.kernel_size, KERNEL_BYTES);
	CU_ASSERT_EQUAL(bz.header_end, 0x26c);
	CU_ASSERT_EQUAL(bzimage_parse(d, 0x210, &bz, err, sizeof err), -1);      /* inside the header */
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "truncated"));
	CU_ASSERT_EQUAL(bzimage_parse(d, IMAGE_BYTES - 16, &bz, err, sizeof err), -1);   /* syssize */
	put16(d + BZ_VERSION, 0x020b);
	CU_ASSERT_EQUAL(bzimage_parse(d, IMAGE_BYTES, &bz, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "2.11 is too old"));
	put16(d + BZ_VERSION, 0x020f);
	d[BZ_JUMP_END] = 0xff;                                       /* header past the file's end? no: 0x301 */
	CU_ASSERT_EQUAL(bzimage_parse(d, 0x280, &bz, err, sizeof err), -1);
	d[BZ_JUMP_END] = 0x6a;
	put32(d + BZ_SYSSIZE, 0xffffffffu);                          /* 64 GiB of kernel claimed */
	CU_ASSERT_EQUAL(bzimage_parse(d, IMAGE_BYTES, &bz, err, sizeof err), -1);
	put32(d + BZ_SYSSIZE, KERNEL_BYTES / 16);
	d[BZ_SETUP_SECTS] = 255;                                     /* setup code past the file */
	CU_ASSERT_EQUAL(bzimage_parse(d, IMAGE_BYTES, &bz, err, sizeof err), -1);
	memcpy(d + BZ_HEADER_MAGIC, "HdrZ", 4);
	CU_ASSERT_FALSE(bzimage_detect(d, IMAGE_BYTES));
	free(d);
}

static void test_load_layout(void)
{
	struct boot_info boot;
	char err[256];
	uint8_t *d = make_image();
	uint8_t *mem = calloc(1, MEM);
	const uint8_t initrd[8192] = { 'i', 'n', 'i', 't' };
	CU_ASSERT_EQUAL_FATAL(linux_boot_load(d, IMAGE_BYTES, initrd, sizeof initrd, "console=ttyS0",
					      mem, MEM, &boot, err, sizeof err), 0);
	const uint8_t *zp = mem + LINUX_ZERO_PAGE;
	CU_ASSERT_EQUAL(boot.entry, 0x1000000 + 0x200);
	CU_ASSERT_EQUAL(boot.rsi, LINUX_ZERO_PAGE);
	CU_ASSERT_EQUAL(boot.code_sel, 0x10);
	CU_ASSERT_EQUAL(boot.data_sel, 0x18);
	CU_ASSERT_EQUAL(mem[0x1000000], 0x90);                        /* the kernel at its load address */
	CU_ASSERT_EQUAL(zp[BZ_TYPE_OF_LOADER], 0xff);
	CU_ASSERT_EQUAL(memcmp(zp + BZ_HEADER_MAGIC, "HdrS", 4), 0);   /* the header copied */
	CU_ASSERT_EQUAL(get32(zp + BZ_CMD_LINE_PTR), LINUX_CMDLINE);
	CU_ASSERT_STRING_EQUAL((char *)mem + LINUX_CMDLINE, "console=ttyS0");
	CU_ASSERT_EQUAL(get32(zp + BZ_RAMDISK_IMAGE), MEM - sizeof initrd);
	CU_ASSERT_EQUAL(get32(zp + BZ_RAMDISK_SIZE), sizeof initrd);
	CU_ASSERT_EQUAL(memcmp(mem + MEM - sizeof initrd, "init", 4), 0);
	CU_ASSERT_EQUAL(zp[0x1e8], 4);
	CU_ASSERT_EQUAL(get64(zp + 0x2d0 + 3 * 20), 0x100000);         /* RAM from 1 MiB ... */
	CU_ASSERT_EQUAL(get64(zp + 0x2d0 + 3 * 20 + 8), MEM - 0x100000);   /* ... to the end */
	CU_ASSERT_EQUAL(get64(mem + LINUX_PD + 8 * 8) & ~0xfffull, 8ull << 21);   /* 1:1, 2 MiB pages */
	CU_ASSERT_EQUAL(get64(mem + LINUX_PD + 3 * 4096 + 511 * 8) & ~0xfffull, 0xffe00000ull);
	/* an initrd that does not fit above the kernel's init_size */
	CU_ASSERT_EQUAL(linux_boot_load(d, IMAGE_BYTES, initrd, MEM - 0x1200000, NULL, mem, MEM, &boot,
					err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "initrd too large"));
	/* a command line longer than cmdline_size */
	char cmdline[300];
	memset(cmdline, 'x', sizeof cmdline - 1);
	cmdline[sizeof cmdline - 1] = '\0';
	CU_ASSERT_EQUAL(linux_boot_load(d, IMAGE_BYTES, NULL, 0, cmdline, mem, MEM, &boot, err, sizeof err), -1);
	free(mem);
	free(d);
}

/* The last event the text's lines gave (LINUX_RUNNING if none). */
static enum linux_console_event feed_event(struct linux_panic_watch *w, const char *text)
{
	enum linux_console_event last = LINUX_RUNNING;
	for (const char *p = text; *p; p++) {
		enum linux_console_event e = linux_panic_feed(w, (uint8_t)*p);
		if (e != LINUX_RUNNING)
			last = e;
	}
	return last;
}

static bool feed(struct linux_panic_watch *w, const char *text)
{
	return feed_event(w, text) == LINUX_PANICKED;
}

static void test_panic_watch(void)
{
	struct linux_panic_watch w = { 0 };
	CU_ASSERT_FALSE(feed(&w, "[    1.0] ---[ end Kernel panic - not syncing: x ]---\n"));   /* no panic yet */
	CU_ASSERT_FALSE(feed(&w, "[    1.1] Kernel panic - not syncing: Requested init /x failed\n"));
	CU_ASSERT_FALSE(feed(&w, "[    1.2] Call Trace:\n"));
	CU_ASSERT_TRUE(feed(&w, "[    1.3] ---[ end Kernel panic - not syncing: Requested init /x failed ]---\n"));
	char longline[600];
	memset(longline, 'a', sizeof longline - 2);
	longline[sizeof longline - 2] = '\n', longline[sizeof longline - 1] = '\0';
	struct linux_panic_watch w2 = { 0 };
	CU_ASSERT_FALSE(feed(&w2, longline));                                  /* kept bounded */
	struct linux_panic_watch w3 = { 0 };
	CU_ASSERT_EQUAL(feed_event(&w3, "[    9.8] mkvm-init: powering off\n"), LINUX_RUNNING);
	CU_ASSERT_EQUAL(feed_event(&w3, "[    9.9] reboot: System halted\n"), LINUX_HALTED);
}

static void test_acpi_soft_off_bit(void)
{
	struct acpi_pm pm;
	acpi_pm_init(&pm);
	uint8_t data[2] = { 0x01, 0x20 };                 /* SCI_EN | SLP_EN, SLP_TYP 0 */
	acpi_pm_io(&pm, NULL, ACPI_PM_CNT_OFF, 2, true, data);
	CU_ASSERT_EQUAL(pm.control, 0x0001);              /* SLP_EN is write-only */
}

CU_pSuite add_linux_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_header_checks), TEST(test_load_layout), TEST(test_panic_watch),
		TEST(test_acpi_soft_off_bit),
	};
	return ADD_SUITE("linux", NULL, NULL, tests);
}
