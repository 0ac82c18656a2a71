/* loader.c: image formats. A file that starts with the ELF magic is an
 * ELF32 (entered in 32-bit protected mode) or ELF64 (long mode) executable
 * whose PT_LOAD segments go to their physical addresses; anything else is
 * a flat binary copied to guest-physical 0. The image is untrusted input:
 * every header field is range-checked before use. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "loader.h"
#include "status.h"

#define REAL_MODE_LIMIT 0x100000   /* real mode reaches 1 MiB */


int loader_read_file(const char *path, size_t max, uint8_t **data, size_t *size,
		     char *err, size_t errlen)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer; it is
	 * refused below like every other file that is not a regular one.
	 * (Reads from a regular file ignore the flag.) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return error_format(err, errlen, "cannot open: %s", strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_format(err, errlen, "not a regular file");
	}
	if ((size_t)st.st_size > max) {
		close(fd);
		return error_format(err, errlen, "file is %lld bytes; the limit is %zu",
			    (long long)st.st_size, max);
	}
	uint8_t *buf = malloc(st.st_size ? st.st_size : 1);
	size_t got = 0;
	while (buf && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if (!buf || got != (size_t)st.st_size) {
		free(buf);
		return error_format(err, errlen, "cannot read the whole file");
	}
	*data = buf;
	*size = got;
	return 0;
}

const char *loader_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

size_t loader_ram_limit(enum guest_mode mode, size_t mem_size)
{
	if (mode == MODE_REAL)
		return mem_size < REAL_MODE_LIMIT ? mem_size : REAL_MODE_LIMIT;
	return mem_size > BOOT_AREA_SIZE ? mem_size - BOOT_AREA_SIZE : 0;
}

/* [start, start+len) lies inside [0, limit), without overflow. */
static int range_ok(uint64_t start, uint64_t len, uint64_t limit)
{
	return start <= limit && len <= limit - start;
}

/* One loadable segment, whatever the ELF class. */
struct segment { uint64_t type, offset, paddr, filesz, memsz; };

static void read_phdr(const uint8_t *ph, int is64, struct segment *seg)
{
	if (is64) {
		Elf64_Phdr p;
		memcpy(&p, ph, sizeof p);
		*seg = (struct segment){ p.p_type, p.p_offset, p.p_paddr, p.p_filesz, p.p_memsz };
	} else {
		Elf32_Phdr p;
		memcpy(&p, ph, sizeof p);
		*seg = (struct segment){ p.p_type, p.p_offset, p.p_paddr, p.p_filesz, p.p_memsz };
	}
}

static int load_elf(const uint8_t *data, size_t size, uint8_t *mem, size_t mem_size,
		    struct boot_info *boot, char *err, size_t errlen)
{
	if (size < EI_NIDENT)
		return error_format(err, errlen, "truncated ELF header");
	int is64 = data[EI_CLASS] == ELFCLASS64;
	if (data[EI_CLASS] != ELFCLASS32 && !is64)
		return error_format(err, errlen, "ELF class %u is neither 32- nor 64-bit", data[EI_CLASS]);
	if (data[EI_DATA] != ELFDATA2LSB)
		return error_format(err, errlen, "ELF is not little-endian");

	uint64_t entry, phoff;
	unsigned type, machine, phentsize, phnum, want_machine, want_phentsize;
	if (is64) {
		Elf64_Ehdr eh;
		if (size < sizeof eh)
			return error_format(err, errlen, "truncated ELF64 header");
		memcpy(&eh, data, sizeof eh);
		type = eh.e_type, machine = eh.e_machine, entry = eh.e_entry;
		phoff = eh.e_phoff, phentsize = eh.e_phentsize, phnum = eh.e_phnum;
		want_machine = EM_X86_64, want_phentsize = sizeof(Elf64_Phdr);
	} else {
		Elf32_Ehdr eh;
		if (size < sizeof eh)
			return error_format(err, errlen, "truncated ELF32 header");
		memcpy(&eh, data, sizeof eh);
		type = eh.e_type, machine = eh.e_machine, entry = eh.e_entry;
		phoff = eh.e_phoff, phentsize = eh.e_phentsize, phnum = eh.e_phnum;
		want_machine = EM_386, want_phentsize = sizeof(Elf32_Phdr);
	}
	if (type != ET_EXEC)
		return error_format(err, errlen, "ELF type %u is not an executable (ET_EXEC)", type);
	if (machine != want_machine)
		return error_format(err, errlen, "ELF machine %u is not %s", machine, is64 ? "x86-64" : "i386");
	if (phentsize != want_phentsize || phnum == 0)
		return error_format(err, errlen, "ELF has no usable program headers");
	if (!range_ok(phoff, (uint64_t)phnum * phentsize, size))
		return error_format(err, errlen, "ELF program headers lie outside the file");

	boot->mode = is64 ? MODE_LONG : MODE_PM32;
	size_t limit = loader_ram_limit(boot->mode, mem_size);
	/* Every segment is checked before any is copied: a bad image leaves
	 * guest RAM untouched. */
	int loaded = 0;
	for (unsigned i = 0; i < phnum; i++) {
		struct segment seg;
		read_phdr(data + phoff + (uint64_t)i * phentsize, is64, &seg);
		if (seg.type != PT_LOAD || seg.memsz == 0)
			continue;
		if (seg.filesz > seg.memsz)
			return error_format(err, errlen, "segment %u: file size exceeds memory size", i);
		if (!range_ok(seg.offset, seg.filesz, size))
			return error_format(err, errlen, "segment %u lies outside the file", i);
		if (!range_ok(seg.paddr, seg.memsz, limit))
			return error_format(err, errlen, "segment %u (0x%llx-0x%llx) does not fit in guest RAM below 0x%zx (try a larger --mem)",
				    i, (unsigned long long)seg.paddr,
				    (unsigned long long)(seg.paddr + seg.memsz), limit);
		loaded++;
	}
	if (!loaded)
		return error_format(err, errlen, "ELF has no PT_LOAD segment");
	if (entry >= limit)
		return error_format(err, errlen, "entry point 0x%llx is outside guest RAM", (unsigned long long)entry);
	for (unsigned i = 0; i < phnum; i++) {
		struct segment seg;
		read_phdr(data + phoff + (uint64_t)i * phentsize, is64, &seg);
		if (seg.type != PT_LOAD || seg.memsz == 0)
			continue;
		memcpy(mem + seg.paddr, data + seg.offset, seg.filesz);
		memset(mem + seg.paddr + seg.filesz, 0, seg.memsz - seg.filesz);
	}
	boot->entry = entry;
	return 0;
}

int loader_load(const uint8_t *data, size_t size, enum guest_mode flat_mode,
		uint8_t *mem, size_t mem_size, struct boot_info *boot,
		char *err, size_t errlen)
{
	if (size == 0)
		return error_format(err, errlen, "image is empty");
	if (size >= 4 && memcmp(data, ELFMAG, SELFMAG) == 0)
		return load_elf(data, size, mem, mem_size, boot, err, errlen);
	size_t limit = loader_ram_limit(flat_mode, mem_size);
	if (size > limit)
		return error_format(err, errlen, "flat image is %zu bytes; %s mode with --mem %zuK has room for %zu",
			    size, guest_mode_name(flat_mode), mem_size >> 10, limit);
	memcpy(mem, data, size);
	boot->mode = flat_mode;
	boot->entry = 0;
	return 0;
}
