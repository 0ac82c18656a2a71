/* multiboot.c: the Multiboot v1 boot protocol, the way test kernels are
 * started by GRUB or QEMU's -kernel. The kernel is an ELF32 file with a
 * Multiboot header (magic, flags, checksum) in its first 8 KiB; it is
 * loaded from its program headers (loader.c), entered in 32-bit protected
 * mode with paging off, EAX = 0x2BADB002 and EBX = the address of the
 * Multiboot info built here: memory sizes, a memory map, the command line
 * and the modules. The header and every module are untrusted: flags the
 * VMM cannot honour are refused by name, and everything placed in guest
 * RAM is range-checked. docs/DEVICES.md draws the resulting memory map. */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "loader.h"
#include "multiboot.h"
#include "status.h"
#include "options.h"

/* Header flags (bits 0-15 are requirements a loader must honour or refuse). */
#define MB_FLAG_PAGE_ALIGN  0x00001u   /* modules on 4 KiB boundaries */
#define MB_FLAG_MEMORY_INFO 0x00002u   /* mem_lower/mem_upper (and the map) */
#define MB_FLAG_VIDEO_MODE  0x00004u   /* a video mode table: not provided */
#define MB_FLAG_ADDRESSES   0x10000u   /* a.out kludge: load addresses in the header */
#define MB_REQUIRED_MASK    0x0ffffu
#define MB_SUPPORTED        (MB_FLAG_PAGE_ALIGN | MB_FLAG_MEMORY_INFO)

/* Info flags: which fields of the info structure are valid. */
#define MBI_MEMORY   (1u << 0)
#define MBI_CMDLINE  (1u << 2)
#define MBI_MODULES  (1u << 3)
#define MBI_MMAP     (1u << 6)
#define MBI_LOADER   (1u << 9)

/* Offsets in the info structure (Multiboot 0.6.96, section 3.3). */
#define MBI_FLAGS_OFF       0
#define MBI_MEM_LOWER_OFF   4
#define MBI_MEM_UPPER_OFF   8
#define MBI_CMDLINE_OFF     16
#define MBI_MODS_COUNT_OFF  20
#define MBI_MODS_ADDR_OFF   24
#define MBI_MMAP_LENGTH_OFF 44
#define MBI_MMAP_ADDR_OFF   48
#define MBI_LOADER_OFF      64
#define MBI_SIZE            120
#define MODULE_ENTRY_SIZE   16   /* start, end, string, reserved */
#define MMAP_ENTRY_SIZE     24   /* size (20), base, length, type */
#define MMAP_RAM            1
#define MMAP_RESERVED       2

#define LOW_MEMORY_END 0xa0000u   /* conventional memory: 640 KiB */
#define BIOS_AREA      0xf0000u   /* reserved below 1 MiB, as on a PC */
#define HIGH_MEMORY    0x100000u


static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

/* Offset of a valid header, or -1. */
static long find_header(const uint8_t *data, size_t size)
{
	size_t end = size < MULTIBOOT_SEARCH_BYTES ? size : MULTIBOOT_SEARCH_BYTES;
	for (size_t off = 0; off + 12 <= end; off += 4) {
		uint32_t magic = get32(data + off), flags = get32(data + off + 4);
		if (magic == MULTIBOOT_HEADER_MAGIC && (uint32_t)(magic + flags + get32(data + off + 8)) == 0)
			return (long)off;
	}
	return -1;
}

bool multiboot_detect(const uint8_t *data, size_t size)
{
	return find_header(data, size) >= 0;
}

/* Visit every non-empty PT_LOAD segment as [start, end); loader_load has
 * already checked the headers, this only reads them again. A visitor
 * returning true stops the walk, and the walk then returns true. */
typedef bool (*segment_visitor)(uint64_t start, uint64_t end, void *arg);

static bool walk_load_segments(const uint8_t *data, size_t size, segment_visitor visit, void *arg)
{
	Elf32_Ehdr eh;
	memcpy(&eh, data, sizeof eh);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf32_Phdr ph;
		uint64_t at = eh.e_phoff + (uint64_t)i * sizeof ph;
		if (at + sizeof ph > size)
			break;
		memcpy(&ph, data + at, sizeof ph);
		if (ph.p_type == PT_LOAD && ph.p_memsz &&
		    visit(ph.p_paddr, (uint64_t)ph.p_paddr + ph.p_memsz, arg))
			return true;
	}
	return false;
}

static bool raise_end(uint64_t start, uint64_t end, void *arg)
{
	uint64_t *highest = arg;
	(void)start;
	if (end > *highest)
		*highest = end;
	return false;
}

/* The end (exclusive) of the highest PT_LOAD segment. */
static uint64_t kernel_end(const uint8_t *data, size_t size)
{
	uint64_t end = 0;
	walk_load_segments(data, size, raise_end, &end);
	return end;
}

static bool hits_info_page(uint64_t start, uint64_t end, void *arg)
{
	(void)arg;
	return start < MULTIBOOT_INFO_ADDR + MULTIBOOT_INFO_SIZE && end > MULTIBOOT_INFO_ADDR;
}

static bool overlaps_info_page(const uint8_t *data, size_t size)
{
	return walk_load_segments(data, size, hits_info_page, NULL);
}

/* Strings go into the info page after the fixed parts; *used advances. */
static int put_string(uint8_t *page, size_t *used, const char *a, const char *b, uint32_t *addr)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0, need = la + (b ? 1 + lb : 0) + 1;
	if (need > MULTIBOOT_INFO_SIZE - *used)
		return -1;
	uint8_t *p = page + *used;
	memcpy(p, a, la);
	if (b) {
		p[la] = ' ';
		memcpy(p + la + 1, b, lb);
	}
	p[need - 1] = '\0';
	*addr = MULTIBOOT_INFO_ADDR + (uint32_t)*used;
	*used += need;
	return 0;
}

static void put_mmap_entry(uint8_t *p, uint64_t base, uint64_t length, uint32_t type)
{
	put32(p, MMAP_ENTRY_SIZE - 4);     /* size does not count itself */
	put64(p + 4, base);
	put64(p + 12, length);
	put32(p + 20, type);
}

int multiboot_load(const uint8_t *data, size_t size, const char *image_path,
		   const struct config *cfg, uint8_t *mem, size_t mem_size,
		   struct boot_info *boot, uint32_t *info_addr, char *err, size_t errlen)
{
	long header = find_header(data, size);
	if (header < 0)
		return error_format(err, errlen, "no Multiboot header (magic 0x%08x with a valid checksum) in the first %d bytes",
			    MULTIBOOT_HEADER_MAGIC, MULTIBOOT_SEARCH_BYTES);
	uint32_t flags = get32(data + header + 4);
	if (flags & MB_FLAG_VIDEO_MODE)
		return error_format(err, errlen, "the Multiboot header asks for a video mode (flag bit 2); mini-kvm has no display");
	if (flags & MB_REQUIRED_MASK & ~MB_SUPPORTED)
		return error_format(err, errlen, "the Multiboot header requires features mini-kvm does not know (flags 0x%08x)", flags);
	if (size < EI_NIDENT || memcmp(data, ELFMAG, SELFMAG) != 0)
		return error_format(err, errlen, "a Multiboot kernel must be ELF here%s",
			    (flags & MB_FLAG_ADDRESSES) ? " (the a.out kludge, flag bit 16, is not supported)" : "");
	if (data[EI_CLASS] != ELFCLASS32)
		return error_format(err, errlen, "a Multiboot v1 kernel is ELF32; this one is ELF64");
	if (mem_size < HIGH_MEMORY + BOOT_AREA_SIZE)
		return error_format(err, errlen, "a Multiboot kernel needs more than 1 MiB of RAM (try --mem 32M)");
	if (loader_load(data, size, MODE_PM32, mem, mem_size, boot, err, errlen) < 0)
		return -1;
	if (overlaps_info_page(data, size))
		return error_format(err, errlen, "a kernel segment overlaps the Multiboot info page at 0x%x", MULTIBOOT_INFO_ADDR);

	uint8_t *page = mem + MULTIBOOT_INFO_ADDR;
	memset(page, 0, MULTIBOOT_INFO_SIZE);
	size_t used = MBI_SIZE;
	uint32_t info_flags = MBI_MEMORY | MBI_CMDLINE | MBI_MMAP | MBI_LOADER;
	size_t ram_end = loader_ram_limit(MODE_PM32, mem_size);   /* the VMM's boot area is above */
	put32(page + MBI_MEM_LOWER_OFF, LOW_MEMORY_END >> 10);
	put32(page + MBI_MEM_UPPER_OFF, (uint32_t)((ram_end - HIGH_MEMORY) >> 10));

	/* Memory map: RAM, the PC's reserved hole below 1 MiB, RAM, the boot area. */
	uint8_t *map = page + used;
	put_mmap_entry(map, 0, LOW_MEMORY_END, MMAP_RAM);
	put_mmap_entry(map + MMAP_ENTRY_SIZE, LOW_MEMORY_END, HIGH_MEMORY - LOW_MEMORY_END, MMAP_RESERVED);
	put_mmap_entry(map + 2 * MMAP_ENTRY_SIZE, HIGH_MEMORY, ram_end - HIGH_MEMORY, MMAP_RAM);
	put_mmap_entry(map + 3 * MMAP_ENTRY_SIZE, ram_end, mem_size - ram_end, MMAP_RESERVED);
	put32(page + MBI_MMAP_ADDR_OFF, MULTIBOOT_INFO_ADDR + (uint32_t)used);
	put32(page + MBI_MMAP_LENGTH_OFF, 4 * MMAP_ENTRY_SIZE);
	used += 4 * MMAP_ENTRY_SIZE;

	/* Modules: page-aligned, one after another above the kernel. */
	uint8_t *modules = page + used;
	uint32_t modules_addr = MULTIBOOT_INFO_ADDR + (uint32_t)used;
	used += (size_t)cfg->nmodules * MODULE_ENTRY_SIZE;
	uint64_t next = kernel_end(data, size);
	if (next < HIGH_MEMORY)
		next = HIGH_MEMORY;
	for (int i = 0; i < cfg->nmodules; i++) {
		uint8_t *file;
		size_t file_size;
		char why[200];
		next = (next + 4095) & ~4095ull;
		if (loader_read_file(cfg->modules[i], ram_end, &file, &file_size, why, sizeof why) < 0)
			return error_format(err, errlen, "module %s: %s", cfg->modules[i], why);
		if (next > ram_end || file_size > ram_end - next) {
			free(file);
			return error_format(err, errlen, "module %s (%zu bytes) does not fit in RAM above the kernel (try a larger --mem)",
				    cfg->modules[i], file_size);
		}
		memcpy(mem + next, file, file_size);
		free(file);
		uint32_t string;
		if (put_string(page, &used, cfg->modules[i], NULL, &string) < 0)
			return error_format(err, errlen, "the module names do not fit in the Multiboot info page");
		uint8_t *entry = modules + i * MODULE_ENTRY_SIZE;
		put32(entry, (uint32_t)next);
		put32(entry + 4, (uint32_t)(next + file_size));
		put32(entry + 8, string);
		next += file_size;
	}
	if (cfg->nmodules) {
		info_flags |= MBI_MODULES;
		put32(page + MBI_MODS_COUNT_OFF, (uint32_t)cfg->nmodules);
		put32(page + MBI_MODS_ADDR_OFF, modules_addr);
	}

	/* The command line starts with the kernel's own name, as GRUB and
	 * QEMU pass it: argv[0] is the image, the rest are its arguments. */
	uint32_t string;
	if (put_string(page, &used, image_path, cfg->cmdline, &string) < 0)
		return error_format(err, errlen, "the command line does not fit in the Multiboot info page (%d bytes)",
			    MULTIBOOT_INFO_SIZE);
	put32(page + MBI_CMDLINE_OFF, string);
	if (put_string(page, &used, "mini-kvm", NULL, &string) < 0)
		return error_format(err, errlen, "the Multiboot info page is full");
	put32(page + MBI_LOADER_OFF, string);
	put32(page + MBI_FLAGS_OFF, info_flags);
	*info_addr = MULTIBOOT_INFO_ADDR;
	return 0;
}
