/* tests/test_multiboot.c: the Multiboot loader (header detection, the
 * flags it refuses, the info it builds, modules), the fw_cfg items and
 * the debug-exit status. Kernels are made up in memory: a minimal ELF32
 * with one PT_LOAD segment and a Multiboot header after the headers. */
#include <elf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../debug_exit.h"
#include "../fw_cfg.h"
#include "../multiboot.h"
#include "../options.h"
#include "tests.h"

#define MEM (8u << 20)
#define LOAD_ADDR 0x200000u
#define HEADER_OFF 0x60u

static uint8_t kernel[512];
static uint8_t *mem;

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

/* An ELF32 kernel loaded at paddr with memsz bytes, and a Multiboot
 * header with flags (checksum fixed up unless bad_checksum). */
static size_t make_kernel(uint32_t paddr, uint32_t memsz, uint32_t flags, int bad_checksum)
{
	memset(kernel, 0, sizeof kernel);
	Elf32_Ehdr eh = { .e_type = ET_EXEC, .e_machine = EM_386, .e_version = EV_CURRENT,
			  .e_entry = paddr, .e_phoff = sizeof eh, .e_ehsize = sizeof eh,
			  .e_phentsize = sizeof(Elf32_Phdr), .e_phnum = 1 };
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS32;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	Elf32_Phdr ph = { .p_type = PT_LOAD, .p_offset = 0, .p_vaddr = paddr, .p_paddr = paddr,
			  .p_filesz = sizeof kernel, .p_memsz = memsz };
	memcpy(kernel, &eh, sizeof eh);
	memcpy(kernel + sizeof eh, &ph, sizeof ph);
	put32(kernel + HEADER_OFF, MULTIBOOT_HEADER_MAGIC);
	put32(kernel + HEADER_OFF + 4, flags);
	put32(kernel + HEADER_OFF + 8, -(MULTIBOOT_HEADER_MAGIC + flags) + (bad_checksum ? 1 : 0));
	return sizeof kernel;
}

static int setup(void)
{
	mem = calloc(1, MEM);
	return mem ? 0 : -1;
}

static int teardown(void)
{
	free(mem);
	return 0;
}

static int load(const struct config *cfg, size_t size, struct boot_info *boot, uint32_t *info, char *err)
{
	memset(mem, 0, MEM);
	return multiboot_load(kernel, size, "dir/kernel.elf", cfg, mem, MEM, boot, info, err, 256);
}

static void test_detect(void)
{
	size_t size = make_kernel(LOAD_ADDR, sizeof kernel, 0, 0);
	CU_ASSERT_TRUE(multiboot_detect(kernel, size));
	CU_ASSERT_FALSE(multiboot_detect(kernel, HEADER_OFF + 8));          /* cut inside the header */
	make_kernel(LOAD_ADDR, sizeof kernel, 0, 1);
	CU_ASSERT_FALSE(multiboot_detect(kernel, size));                    /* bad checksum */
	uint8_t shifted[sizeof kernel + 2] = { 0 };
	make_kernel(LOAD_ADDR, sizeof kernel, 0, 0);
	memcpy(shifted + 2, kernel, sizeof kernel);
	CU_ASSERT_FALSE(multiboot_detect(shifted, sizeof shifted));         /* not 4-byte aligned */
	uint8_t *far = calloc(1, MULTIBOOT_SEARCH_BYTES + 16);
	memcpy(far + MULTIBOOT_SEARCH_BYTES, kernel + HEADER_OFF, 12);
	CU_ASSERT_FALSE(multiboot_detect(far, MULTIBOOT_SEARCH_BYTES + 16)); /* past 8 KiB */
	free(far);
}

static void test_info(void)
{
	struct config cfg = { .cmdline = "a b" };
	struct boot_info boot;
	uint32_t info = 0;
	char err[256] = "";
	size_t size = make_kernel(LOAD_ADDR, 0x10000, 0x3, 0);
	CU_ASSERT_EQUAL_FATAL(load(&cfg, size, &boot, &info, err), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_PM32);
	CU_ASSERT_EQUAL(boot.entry, LOAD_ADDR);
	CU_ASSERT_TRUE(info >= LOAD_ADDR + 0x10000);           /* above the kernel, not at a fixed address */
	const uint8_t *mbi = mem + info;
	CU_ASSERT_EQUAL(get32(mbi) & 0x245, 0x245);             /* memory, cmdline, mmap, loader name */
	CU_ASSERT_EQUAL(get32(mbi) & 0x8, 0);                   /* no modules given */
	CU_ASSERT_EQUAL(get32(mbi + 4), 640);
	CU_ASSERT_EQUAL(get32(mbi + 8), (MEM - 0x10000 - 0x100000) >> 10);
	CU_ASSERT_STRING_EQUAL((const char *)mem + get32(mbi + 16), "dir/kernel.elf a b");
	CU_ASSERT_STRING_EQUAL((const char *)mem + get32(mbi + 64), "mini-kvm");
	CU_ASSERT_EQUAL(get32(mbi + 44), 4 * 24);               /* four map entries */
	CU_ASSERT_EQUAL(memcmp(mem + LOAD_ADDR, kernel, sizeof kernel), 0);
}

static void test_modules(void)
{
	char path[] = "/tmp/mkvm-module-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "KEY=VALUE\n", 10), 10);
	close(fd);
	struct config cfg = { .nmodules = 1, .modules = { path } };
	struct boot_info boot;
	uint32_t info = 0;
	char err[256] = "";
	size_t size = make_kernel(LOAD_ADDR, 0x10001, 0, 0);
	int rc = load(&cfg, size, &boot, &info, err);
	unlink(path);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	const uint8_t *mbi = mem + info;
	CU_ASSERT_TRUE(get32(mbi) & 0x8);
	CU_ASSERT_EQUAL(get32(mbi + 20), 1);
	const uint8_t *entry = mem + get32(mbi + 24);
	uint32_t start = get32(entry), end = get32(entry + 4);
	CU_ASSERT_EQUAL(start, LOAD_ADDR + 0x11000);            /* page after the kernel's end */
	CU_ASSERT_EQUAL(end - start, 10);
	CU_ASSERT_EQUAL(memcmp(mem + start, "KEY=VALUE\n", 10), 0);
	CU_ASSERT_STRING_EQUAL((const char *)mem + get32(entry + 8), path);

	cfg.modules[0] = "/nonexistent/module";
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "/nonexistent/module"));
}

/* A kernel wherever it likes: the info goes where no segment is. */
static uint32_t info_for_kernel_at(uint32_t paddr, uint32_t memsz)
{
	struct config cfg = { .cmdline = "x" };
	struct boot_info boot;
	uint32_t info = 0;
	char err[256] = "";
	size_t size = make_kernel(paddr, memsz, 0x3, 0);
	CU_ASSERT_EQUAL_FATAL(load(&cfg, size, &boot, &info, err), 0);
	CU_ASSERT_EQUAL(memcmp(mem + paddr, kernel, sizeof kernel), 0);   /* not overwritten */
	CU_ASSERT_STRING_EQUAL((const char *)mem + get32(mem + info + 16), "dir/kernel.elf x");
	return info;
}

static void test_info_placement(void)
{
	/* kvm-unit-tests' realmode.flat: 0x8000-0xda30 (the old fixed info
	 * page at 0x9000 refused it). The info goes to upper memory. */
	uint32_t info = info_for_kernel_at(0x8000, 0x5a30);
	CU_ASSERT_TRUE(info >= 0x100000 && info < MEM - 0x10000);
	/* A kernel filling all of upper memory: the info goes below 640 KiB. */
	info = info_for_kernel_at(0x100000, MEM - 0x10000 - 0x100000);
	CU_ASSERT_TRUE(info >= 0x1000 && info + 120 <= 0xa0000);
	/* A kernel in low memory: the info is in upper memory, not below it. */
	info = info_for_kernel_at(0x50000, 0x50000);
	CU_ASSERT_TRUE(info >= 0x100000);
}

static void test_refusals(void)
{
	struct config cfg = { 0 };
	struct boot_info boot;
	uint32_t info;
	char err[256];
	size_t size = make_kernel(LOAD_ADDR, sizeof kernel, 0x4, 0);
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "video mode"));
	size = make_kernel(LOAD_ADDR, sizeof kernel, 0x8, 0);
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	size = make_kernel(0x1000, MEM - 0x10000 - 0x1000, 0, 0);   /* all of the RAM there is */
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "does not fit in free RAM"));
	size = make_kernel(MEM - 0x1000, 0x1000, 0, 0);        /* in the boot area */
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	size = make_kernel(LOAD_ADDR, sizeof kernel, 0, 0);
	kernel[EI_CLASS] = ELFCLASS64;
	CU_ASSERT_EQUAL(load(&cfg, size, &boot, &info, err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "ELF32"));
	char long_line[5000];
	memset(long_line, 'x', sizeof long_line - 1);
	long_line[sizeof long_line - 1] = '\0';
	cfg.cmdline = long_line;
	size = make_kernel(LOAD_ADDR, sizeof kernel, 0, 0);      /* longer than a page: still whole */
	CU_ASSERT_EQUAL_FATAL(load(&cfg, size, &boot, &info, err), 0);
	CU_ASSERT_EQUAL(strlen((const char *)mem + get32(mem + info + 16)), strlen("dir/kernel.elf ") + 4999);
}

static void test_fw_cfg_items(void)
{
	uint8_t buf[8];
	CU_ASSERT_EQUAL(fw_cfg_item(FW_CFG_SIGNATURE, 0, 1, buf, sizeof buf), 4);
	CU_ASSERT_EQUAL(memcmp(buf, "QEMU", 4), 0);
	CU_ASSERT_EQUAL(fw_cfg_item(FW_CFG_RAM_SIZE, 0x123456789ull, 1, buf, sizeof buf), 8);
	CU_ASSERT_EQUAL(buf[0], 0x89);
	CU_ASSERT_EQUAL(buf[4], 0x01);
	CU_ASSERT_EQUAL(buf[7], 0x00);
	CU_ASSERT_EQUAL(fw_cfg_item(FW_CFG_NB_CPUS, 0, 4, buf, sizeof buf), 2);
	CU_ASSERT_EQUAL(buf[0], 4);
	CU_ASSERT_EQUAL(buf[1], 0);
	CU_ASSERT_EQUAL(fw_cfg_item(0x7fff, 0, 1, buf, sizeof buf), 0);
	CU_ASSERT_EQUAL(fw_cfg_item(FW_CFG_RAM_SIZE, 1, 1, buf, 4), 0);   /* too small a buffer */
}

static void test_debug_exit_status(void)
{
	CU_ASSERT_EQUAL(debug_exit_status(0), 1);
	CU_ASSERT_EQUAL(debug_exit_status(1), 3);
	CU_ASSERT_EQUAL(debug_exit_status(3), 7);
	CU_ASSERT_EQUAL(debug_exit_status(77), 155);
	CU_ASSERT_EQUAL(debug_exit_status(0x80), 1);            /* cut to 8 bits, still odd */
	CU_ASSERT_EQUAL(debug_exit_status(0xffffffffu), 0xff);
}

static const struct test_entry tests[] = {
	TEST(test_detect), TEST(test_info), TEST(test_info_placement), TEST(test_modules), TEST(test_refusals),
	TEST(test_fw_cfg_items), TEST(test_debug_exit_status),
};

CU_pSuite add_multiboot_suite(void)
{
	return ADD_SUITE("multiboot", setup, teardown, tests);
}
