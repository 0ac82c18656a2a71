/* tests/test_loader.c: loader_load and loader_read_file on images built
 * in memory: flat binaries, ELF32 and ELF64, and every way their headers
 * can lie (truncated, program headers or segments outside the file or
 * RAM, sizes that overflow, filesz > memsz, no PT_LOAD, a bad entry). */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "loader.h"

#define MEM (1u << 20)
static uint8_t *mem;
static struct boot_info boot;
static char err[256];

/* A buffer to build an image in, and its ELF headers. */
static uint8_t image[8192];
static const uint8_t code[8] = { 0xb0, 0x00, 0x66, 0xba, 0x00, 0x05, 0xee, 0xf4 };

static Elf64_Ehdr *eh64(void) { return (Elf64_Ehdr *)image; }
static Elf64_Phdr *ph64(int i) { return (Elf64_Phdr *)(image + sizeof(Elf64_Ehdr)) + i; }
static Elf32_Ehdr *eh32(void) { return (Elf32_Ehdr *)image; }
static Elf32_Phdr *ph32(int i) { return (Elf32_Phdr *)(image + sizeof(Elf32_Ehdr)) + i; }

#define CODE_OFF 0x200

/* A valid ELF64 with one PT_LOAD of code at paddr 0x1000; returns its size. */
static size_t make_elf64(void)
{
	memset(image, 0, sizeof image);
	Elf64_Ehdr *e = eh64();
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS64, e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_type = ET_EXEC, e->e_machine = EM_X86_64, e->e_version = EV_CURRENT;
	e->e_entry = 0x1000, e->e_phoff = sizeof *e;
	e->e_ehsize = sizeof *e, e->e_phentsize = sizeof(Elf64_Phdr), e->e_phnum = 1;
	*ph64(0) = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = CODE_OFF, .p_vaddr = 0x1000,
				 .p_paddr = 0x1000, .p_filesz = sizeof code, .p_memsz = 0x100 };
	memcpy(image + CODE_OFF, code, sizeof code);
	return CODE_OFF + sizeof code;
}

static size_t make_elf32(void)
{
	memset(image, 0, sizeof image);
	Elf32_Ehdr *e = eh32();
	memcpy(e->e_ident, ELFMAG, SELFMAG);
	e->e_ident[EI_CLASS] = ELFCLASS32, e->e_ident[EI_DATA] = ELFDATA2LSB;
	e->e_ident[EI_VERSION] = EV_CURRENT;
	e->e_type = ET_EXEC, e->e_machine = EM_386, e->e_version = EV_CURRENT;
	e->e_entry = 0x2000, e->e_phoff = sizeof *e;
	e->e_ehsize = sizeof *e, e->e_phentsize = sizeof(Elf32_Phdr), e->e_phnum = 1;
	*ph32(0) = (Elf32_Phdr){ .p_type = PT_LOAD, .p_offset = CODE_OFF, .p_vaddr = 0x2000,
				 .p_paddr = 0x2000, .p_filesz = sizeof code, .p_memsz = 0x100 };
	memcpy(image + CODE_OFF, code, sizeof code);
	return CODE_OFF + sizeof code;
}

static int load(size_t size, enum guest_mode flat_mode)
{
	memset(mem, 0xcc, MEM);
	memset(&boot, 0x5a, sizeof boot);
	err[0] = '\0';
	return loader_load(image, size, flat_mode, mem, MEM, &boot, err, sizeof err);
}

static void expect_reject(size_t size, const char *needle)
{
	CU_ASSERT_EQUAL(load(size, MODE_REAL), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
	if (!strstr(err, needle))
		fprintf(stderr, "\n  loader said '%s', expected '%s'\n", err, needle);
	CU_ASSERT_PTR_NULL(strchr(err, '\n'));
}

static int setup(void)
{
	mem = malloc(MEM);
	return mem ? 0 : -1;
}

static int teardown(void)
{
	free(mem);
	return 0;
}

static void test_flat(void)
{
	memset(image, 0x90, 100);
	CU_ASSERT_EQUAL(load(100, MODE_REAL), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_REAL);
	CU_ASSERT_EQUAL(boot.entry, 0);
	CU_ASSERT_EQUAL(mem[99], 0x90);
	CU_ASSERT_EQUAL(mem[100], 0xcc);        /* nothing beyond the image */
	CU_ASSERT_EQUAL(load(100, MODE_LONG), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_LONG);
	CU_ASSERT_EQUAL(load(1, MODE_PM32), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_PM32);
}

static void test_flat_empty_and_short_elf_magic(void)
{
	CU_ASSERT_EQUAL(load(0, MODE_REAL), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "empty"));
	memcpy(image, "\x7f" "EL", 3);          /* 3 bytes of the magic: flat */
	CU_ASSERT_EQUAL(load(3, MODE_REAL), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_REAL);
}

static void test_flat_limits(void)
{
	static uint8_t big[MEM + 1];
	/* real mode reaches 1 MiB; pm32/long lose the 64 KiB boot area */
	CU_ASSERT_EQUAL(loader_ram_limit(MODE_REAL, 4u << 20), 1u << 20);
	CU_ASSERT_EQUAL(loader_ram_limit(MODE_REAL, 64u << 10), 64u << 10);
	CU_ASSERT_EQUAL(loader_ram_limit(MODE_PM32, 4u << 20), (4u << 20) - 0x10000);
	CU_ASSERT_EQUAL(loader_ram_limit(MODE_LONG, 64u << 10), 0);
	CU_ASSERT_EQUAL(loader_load(big, MEM, MODE_REAL, mem, MEM, &boot, err, sizeof err), 0);
	CU_ASSERT_EQUAL(loader_load(big, MEM + 1, MODE_REAL, mem, MEM, &boot, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "has room for"));
	CU_ASSERT_EQUAL(loader_load(big, MEM - 0x10000 + 1, MODE_LONG, mem, MEM, &boot, err, sizeof err), -1);
	CU_ASSERT_EQUAL(loader_load(big, MEM - 0x10000, MODE_LONG, mem, MEM, &boot, err, sizeof err), 0);
}

static void test_elf64_ok(void)
{
	size_t size = make_elf64();
	CU_ASSERT_EQUAL(load(size, MODE_REAL), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_LONG);  /* the class decides, not --mode */
	CU_ASSERT_EQUAL(boot.entry, 0x1000);
	CU_ASSERT_EQUAL(memcmp(mem + 0x1000, code, sizeof code), 0);
	CU_ASSERT_EQUAL(mem[0x1000 + sizeof code], 0);      /* bss zeroed */
	CU_ASSERT_EQUAL(mem[0x10ff], 0);
	CU_ASSERT_EQUAL(mem[0x1100], 0xcc);                 /* and no further */
}

static void test_elf32_ok(void)
{
	size_t size = make_elf32();
	CU_ASSERT_EQUAL(load(size, MODE_LONG), 0);
	CU_ASSERT_EQUAL(boot.mode, MODE_PM32);
	CU_ASSERT_EQUAL(boot.entry, 0x2000);
	CU_ASSERT_EQUAL(memcmp(mem + 0x2000, code, sizeof code), 0);
}

static void test_elf_truncated_headers(void)
{
	size_t size = make_elf64();
	(void)size;
	expect_reject(EI_NIDENT - 1, "truncated ELF header");
	expect_reject(sizeof(Elf64_Ehdr) - 1, "truncated ELF64 header");
	make_elf32();
	expect_reject(sizeof(Elf32_Ehdr) - 1, "truncated ELF32 header");
	/* the program headers themselves cut off */
	make_elf64();
	expect_reject(sizeof(Elf64_Ehdr) + sizeof(Elf64_Phdr) - 1, "outside the file");
}

static void test_elf_ident(void)
{
	size_t size = make_elf64();
	image[EI_CLASS] = 3;
	expect_reject(size, "neither 32- nor 64-bit");
	size = make_elf64();
	image[EI_DATA] = ELFDATA2MSB;
	expect_reject(size, "little-endian");
	size = make_elf64();
	eh64()->e_type = ET_DYN;
	expect_reject(size, "not an executable");
	size = make_elf64();
	eh64()->e_machine = EM_386;                 /* ELF64 must be x86-64 */
	expect_reject(size, "not x86-64");
	size = make_elf32();
	eh32()->e_machine = EM_X86_64;              /* ELF32 must be i386 */
	expect_reject(size, "not i386");
}

static void test_elf_phdr_table(void)
{
	size_t size = make_elf64();
	eh64()->e_phnum = 0;
	expect_reject(size, "no usable program headers");
	size = make_elf64();
	eh64()->e_phentsize = sizeof(Elf64_Phdr) + 8;
	expect_reject(size, "no usable program headers");
	size = make_elf64();
	eh64()->e_phoff = size;                     /* just past the end */
	expect_reject(size, "outside the file");
	size = make_elf64();
	eh64()->e_phoff = UINT64_MAX - 8;           /* offset + size wraps */
	expect_reject(size, "outside the file");
	size = make_elf64();
	eh64()->e_phnum = 0xffff;                   /* far more than the file holds */
	expect_reject(size, "outside the file");
	size = make_elf32();
	eh32()->e_phoff = 0xffffffff;
	expect_reject(size, "outside the file");
}

static void test_elf_segments(void)
{
	size_t size = make_elf64();
	ph64(0)->p_filesz = 0x200, ph64(0)->p_memsz = 0x100;
	expect_reject(size, "file size exceeds memory size");
	size = make_elf64();
	ph64(0)->p_offset = size;                   /* data past the end of the file */
	expect_reject(size, "segment 0 lies outside the file");
	size = make_elf64();
	ph64(0)->p_offset = UINT64_MAX - 2;         /* offset + filesz wraps */
	expect_reject(size, "outside the file");
	size = make_elf64();
	ph64(0)->p_paddr = MEM - 0x10000 - 0x80;    /* runs into the boot area */
	expect_reject(size, "does not fit in guest RAM");
	size = make_elf64();
	ph64(0)->p_paddr = UINT64_MAX - 0x10;       /* paddr + memsz wraps */
	expect_reject(size, "does not fit in guest RAM");
	size = make_elf64();
	ph64(0)->p_memsz = UINT64_MAX;
	expect_reject(size, "does not fit in guest RAM");
	size = make_elf32();
	ph32(0)->p_paddr = 0xfffff000;              /* 4 GiB - 4 KiB, far beyond 1 MiB */
	expect_reject(size, "does not fit in guest RAM");
}

static void test_elf_no_load(void)
{
	size_t size = make_elf64();
	ph64(0)->p_type = PT_NOTE;
	expect_reject(size, "no PT_LOAD");
	size = make_elf64();
	ph64(0)->p_memsz = 0, ph64(0)->p_filesz = 0;   /* an empty PT_LOAD loads nothing */
	expect_reject(size, "no PT_LOAD");
}

static void test_elf_entry(void)
{
	size_t size = make_elf64();
	eh64()->e_entry = MEM - 0x10000;            /* the first byte of the boot area */
	expect_reject(size, "entry point");
	size = make_elf64();
	eh64()->e_entry = UINT64_MAX;
	expect_reject(size, "entry point");
	size = make_elf64();
	eh64()->e_entry = 0;                        /* outside the segment but in RAM: allowed */
	CU_ASSERT_EQUAL(load(size, MODE_REAL), 0);
}

static void test_elf_many_segments(void)
{
	/* a second PT_LOAD that is bad is caught even after a good one; nothing
	 * half-loaded is reported as success */
	size_t size = make_elf64();
	eh64()->e_phnum = 2;
	*ph64(1) = *ph64(0);
	ph64(1)->p_paddr = 0x3000;
	CU_ASSERT_EQUAL(load(size, MODE_REAL), 0);
	CU_ASSERT_EQUAL(memcmp(mem + 0x3000, code, sizeof code), 0);
	ph64(1)->p_paddr = MEM;
	expect_reject(size, "segment 1");
	/* ...and every segment is checked before any is copied: the good
	 * first one has not been written either (load() filled RAM with 0xcc) */
	CU_ASSERT_EQUAL(mem[0x1000], 0xcc);
	CU_ASSERT_EQUAL(mem[0x1000 + sizeof code], 0xcc);   /* nor its zeroed tail */
}

static char tmpdir[64];

static void path_in_tmp(char *path, size_t len, const char *name)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
}

static void test_read_file(void)
{
	char path[128];
	uint8_t *data = NULL;
	size_t size = 0;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/mini-kvm-test-XXXXXX");
	CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(tmpdir));
	path_in_tmp(path, sizeof path, "img");
	FILE *f = fopen(path, "wb");
	fwrite("\xf4\xf4\xf4", 1, 3, f);
	fclose(f);
	CU_ASSERT_EQUAL(loader_read_file(path, 100, &data, &size, err, sizeof err), 0);
	CU_ASSERT_EQUAL(size, 3);
	CU_ASSERT_EQUAL(data[2], 0xf4);
	free(data);
	CU_ASSERT_EQUAL(loader_read_file(path, 2, &data, &size, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "the limit is 2"));
	CU_ASSERT_EQUAL(loader_read_file(tmpdir, 100, &data, &size, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));
	path_in_tmp(path, sizeof path, "missing");
	CU_ASSERT_EQUAL(loader_read_file(path, 100, &data, &size, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	CU_ASSERT_EQUAL(loader_read_file("/dev/null", 100, &data, &size, err, sizeof err), -1);
	/* a FIFO with no writer: refused at once, not waited on */
	path_in_tmp(path, sizeof path, "fifo");
	CU_ASSERT_EQUAL_FATAL(mkfifo(path, 0600), 0);
	CU_ASSERT_EQUAL(loader_read_file(path, 100, &data, &size, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));
	unlink(path);
	path_in_tmp(path, sizeof path, "empty");
	fclose(fopen(path, "wb"));
	CU_ASSERT_EQUAL(loader_read_file(path, 100, &data, &size, err, sizeof err), 0);
	CU_ASSERT_EQUAL(size, 0);
	free(data);
	path_in_tmp(path, sizeof path, "img");
	unlink(path);
	path_in_tmp(path, sizeof path, "empty");
	unlink(path);
	rmdir(tmpdir);
}

CU_pSuite add_loader_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_flat), TEST(test_flat_empty_and_short_elf_magic), TEST(test_flat_limits),
		TEST(test_elf64_ok), TEST(test_elf32_ok), TEST(test_elf_truncated_headers),
		TEST(test_elf_ident), TEST(test_elf_phdr_table), TEST(test_elf_segments),
		TEST(test_elf_no_load), TEST(test_elf_entry), TEST(test_elf_many_segments),
		TEST(test_read_file),
	};
	return ADD_SUITE("loader", setup, teardown, tests);
}
