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
#define MMAP_ENTRIES        4
#define LOADER_NAME         "mini-kvm"
#define MMAP_RAM            1
#define MMAP_RESERVED       2

#define LOW_FREE_START 0x1000u    /* above the real-mode IVT and BIOS data area */
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

static bool overlaps_range(uint64_t start, uint64_t end, void *arg)
{
	const uint64_t *range = arg;
	return start < range[1] && end > range[0];
}

bool multiboot_segments_overlap(const uint8_t *data, size_t size, uint64_t start, uint64_t end)
{
	uint64_t range[2] = { start, end };
	return walk_load_segments(data, size, overlaps_range, range);
}

/* ---- free memory: where the info, the strings and the modules go ----
 * Nothing is placed at a fixed address a kernel could occupy: every
 * PT_LOAD segment is marked taken, then each block is put in the first
 * RAM range of the memory map (upper memory first: kernels use low
 * memory for trampolines and real-mode code) where it overlaps nothing
 * taken. A hint keeps the usual layout (modules, then the info, right
 * above the kernel, as QEMU does) whenever it fits. */
#define MAX_TAKEN 64

struct placement {
	uint64_t start[MAX_TAKEN], end[MAX_TAKEN];
	int count;
	uint64_t ram_end;        /* the VMM's boot area is above */
};

static bool take(struct placement *pl, uint64_t start, uint64_t end)
{
	if (pl->count == MAX_TAKEN)
		return false;
	pl->start[pl->count] = start;
	pl->end[pl->count++] = end;
	return true;
}

static bool take_segment(uint64_t start, uint64_t end, void *arg)
{
	return !take(arg, start, end);   /* a full table stops the walk */
}

/* The end of a taken block overlapping [at, at + size), or 0 if none. */
static uint64_t first_overlap_end(const struct placement *pl, uint64_t at, uint64_t size)
{
	for (int i = 0; i < pl->count; i++)
		if (pl->start[i] < at + size && pl->end[i] > at)
			return pl->end[i];
	return 0;
}

/* Lowest free address >= from in [lo, hi) for size bytes, or 0. */
static uint64_t fit_in_range(const struct placement *pl, uint64_t lo, uint64_t hi, uint64_t from,
			     uint64_t size, uint64_t align)
{
	uint64_t at = from > lo ? from : lo;
	for (;;) {
		at = (at + align - 1) & ~(align - 1);
		if (at >= hi || size > hi - at)
			return 0;
		uint64_t skip = first_overlap_end(pl, at, size);
		if (!skip)
			return at;
		at = skip;
	}
}

/* Place size bytes (aligned) in free RAM, preferring addresses >= hint;
 * mark them taken. Returns the address, or 0 if RAM is full. */
static uint64_t place(struct placement *pl, uint64_t size, uint64_t align, uint64_t hint)
{
	const uint64_t ranges[][2] = { { HIGH_MEMORY, pl->ram_end }, { LOW_FREE_START, LOW_MEMORY_END } };
	uint64_t at = 0;
	for (int pass = 0; pass < 2 && !at; pass++)
		for (unsigned r = 0; r < sizeof ranges / sizeof ranges[0] && !at; r++)
			at = fit_in_range(pl, ranges[r][0], ranges[r][1], pass ? 0 : hint, size ? size : 1, align);
	if (at && !take(pl, at, at + size))
		return 0;
	return at;
}

/* The end (exclusive) of the highest taken block so far. */
static uint64_t highest_taken(const struct placement *pl)
{
	uint64_t end = HIGH_MEMORY;
	for (int i = 0; i < pl->count; i++)
		if (pl->end[i] > end)
			end = pl->end[i];
	return end;
}

/* Strings go into the info block after the fixed parts; *used advances. */
static void put_string(uint8_t *block, uint32_t block_addr, size_t *used, const char *a, const char *b,
		       uint32_t *addr)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0, need = la + (b ? 1 + lb : 0) + 1;
	uint8_t *p = block + *used;
	memcpy(p, a, la);
	if (b) {
		p[la] = ' ';
		memcpy(p + la + 1, b, lb);
	}
	p[need - 1] = '\0';
	*addr = block_addr + (uint32_t)*used;
	*used += need;
}

static void put_mmap_entry(uint8_t *p, uint64_t base, uint64_t length, uint32_t type)
{
	put32(p, MMAP_ENTRY_SIZE - 4);     /* size does not count itself */
	put64(p + 4, base);
	put64(p + 12, length);
	put32(p + 20, type);
}

/* Each module, page-aligned, in free RAM (first above the kernel). */
static int load_modules(const struct config *cfg, uint8_t *mem, struct placement *pl,
			uint32_t *start, uint32_t *end, char *err, size_t errlen)
{
	for (int i = 0; i < cfg->nmodules; i++) {
		uint8_t *file;
		size_t file_size;
		char why[200];
		if (loader_read_file(cfg->modules[i], pl->ram_end, &file, &file_size, why, sizeof why) < 0)
			return error_format(err, errlen, "module %s: %s", cfg->modules[i], why);
		uint64_t at = place(pl, file_size, 4096, highest_taken(pl));
		if (!at) {
			free(file);
			return error_format(err, errlen, "module %s (%zu bytes) does not fit in free RAM (try a larger --mem)",
				    cfg->modules[i], file_size);
		}
		memcpy(mem + at, file, file_size);
		free(file);
		start[i] = (uint32_t)at;
		end[i] = (uint32_t)(at + file_size);
	}
	return 0;
}

/* Bytes the info block needs: the info, the map, the module list, then
 * every string (module names, "IMAGE CMDLINE", the loader's name). */
static size_t info_block_size(const struct config *cfg, const char *image_path)
{
	size_t need = MBI_SIZE + MMAP_ENTRIES * MMAP_ENTRY_SIZE + (size_t)cfg->nmodules * MODULE_ENTRY_SIZE;
	for (int i = 0; i < cfg->nmodules; i++)
		need += strlen(cfg->modules[i]) + 1;
	need += strlen(image_path) + 1 + (cfg->cmdline ? strlen(cfg->cmdline) + 1 : 0);
	return need + sizeof LOADER_NAME;
}

/* The memory map: RAM, the PC's reserved hole below 1 MiB, RAM, the boot area. */
static void put_memory_map(uint8_t *map, uint64_t ram_end, uint64_t mem_size)
{
	put_mmap_entry(map, 0, LOW_MEMORY_END, MMAP_RAM);
	put_mmap_entry(map + MMAP_ENTRY_SIZE, LOW_MEMORY_END, HIGH_MEMORY - LOW_MEMORY_END, MMAP_RESERVED);
	put_mmap_entry(map + 2 * MMAP_ENTRY_SIZE, HIGH_MEMORY, ram_end - HIGH_MEMORY, MMAP_RAM);
	put_mmap_entry(map + 3 * MMAP_ENTRY_SIZE, ram_end, mem_size - ram_end, MMAP_RESERVED);
}

static int build_info(const struct config *cfg, const char *image_path, uint8_t *mem, size_t mem_size,
		      struct placement *pl, const uint32_t *mod_start, const uint32_t *mod_end,
		      uint32_t *info_addr, char *err, size_t errlen)
{
	size_t need = info_block_size(cfg, image_path);
	uint64_t addr = need < pl->ram_end ? place(pl, need, 8, highest_taken(pl)) : 0;
	if (!addr)
		return error_format(err, errlen, "the Multiboot info (%zu bytes with the command line) does not fit in free RAM",
			    need);
	uint8_t *block = mem + addr;
	memset(block, 0, need);
	uint32_t base = (uint32_t)addr, info_flags = MBI_MEMORY | MBI_CMDLINE | MBI_MMAP | MBI_LOADER;
	size_t used = MBI_SIZE;
	put32(block + MBI_MEM_LOWER_OFF, LOW_MEMORY_END >> 10);
	put32(block + MBI_MEM_UPPER_OFF, (uint32_t)((pl->ram_end - HIGH_MEMORY) >> 10));
	put_memory_map(block + used, pl->ram_end, mem_size);
	put32(block + MBI_MMAP_ADDR_OFF, base + (uint32_t)used);
	put32(block + MBI_MMAP_LENGTH_OFF, MMAP_ENTRIES * MMAP_ENTRY_SIZE);
	used += MMAP_ENTRIES * MMAP_ENTRY_SIZE;

	uint8_t *modules = block + used;
	uint32_t modules_addr = base + (uint32_t)used;
	used += (size_t)cfg->nmodules * MODULE_ENTRY_SIZE;
	for (int i = 0; i < cfg->nmodules; i++) {
		uint8_t *entry = modules + i * MODULE_ENTRY_SIZE;
		uint32_t string;
		put_string(block, base, &used, cfg->modules[i], NULL, &string);
		put32(entry, mod_start[i]);
		put32(entry + 4, mod_end[i]);
		put32(entry + 8, string);
	}
	if (cfg->nmodules) {
		info_flags |= MBI_MODULES;
		put32(block + MBI_MODS_COUNT_OFF, (uint32_t)cfg->nmodules);
		put32(block + MBI_MODS_ADDR_OFF, modules_addr);
	}
	/* The command line starts with the kernel's own name, as GRUB and
	 * QEMU pass it: argv[0] is the image, the rest are its arguments. */
	uint32_t string;
	put_string(block, base, &used, image_path, cfg->cmdline, &string);
	put32(block + MBI_CMDLINE_OFF, string);
	put_string(block, base, &used, LOADER_NAME, NULL, &string);
	put32(block + MBI_LOADER_OFF, string);
	put32(block + MBI_FLAGS_OFF, info_flags);
	*info_addr = base;
	return 0;
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
	struct placement pl = { .ram_end = loader_ram_limit(MODE_PM32, mem_size) };
	if (walk_load_segments(data, size, take_segment, &pl))
		return error_format(err, errlen, "the kernel has more than %d loadable segments", MAX_TAKEN - MAX_MODULES - 1);
	uint32_t mod_start[MAX_MODULES], mod_end[MAX_MODULES];
	if (load_modules(cfg, mem, &pl, mod_start, mod_end, err, errlen) < 0)
		return -1;
	return build_info(cfg, image_path, mem, mem_size, &pl, mod_start, mod_end, info_addr, err, errlen);
}
