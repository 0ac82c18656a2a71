/* fuzz_linux.c: linux_boot_load on arbitrary bzImages. Input: byte 0
 * picks the RAM size (2 MiB + n * 128 KiB), bytes 1-2 the initrd's size
 * (n * 64 bytes), byte 3 the command line's length (n * 16 'x'), the rest
 * is the image. RAM is malloc'd to its exact size, so ASan sees any write
 * past it; on success the zero page must describe what was placed: the
 * entry, the initrd and the command line inside RAM. */
#include <stdlib.h>
#include <string.h>
#include "../bzimage.h"
#include "../linux_boot.h"

static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	size_t mem_size = (2u << 20) + (size_t)data[0] * (128u << 10);
	size_t initrd_size = ((size_t)data[1] | (size_t)data[2] << 8) * 64;
	size_t cmdline_len = (size_t)data[3] * 16;
	uint8_t *mem = malloc(mem_size);
	uint8_t *initrd = malloc(initrd_size + 1);
	char *cmdline = malloc(cmdline_len + 1);
	memset(initrd, 'i', initrd_size);
	memset(cmdline, 'x', cmdline_len);
	cmdline[cmdline_len] = '\0';
	struct boot_info boot = { 0 };
	char err[256] = "";
	if (linux_boot_load(data + 4, size - 4, initrd_size ? initrd : NULL, initrd_size, cmdline, mem, mem_size,
			    &boot, err, sizeof err) == 0) {
		const uint8_t *zp = mem + LINUX_ZERO_PAGE;
		uint32_t initrd_at = get32(zp + BZ_RAMDISK_IMAGE);
		if (boot.entry >= mem_size || boot.rsi != LINUX_ZERO_PAGE)
			abort();
		if (initrd_size && ((uint64_t)initrd_at + initrd_size > mem_size || initrd_at < LINUX_HIGH_MEMORY ||
				    boot.entry > initrd_at))
			abort();                       /* the initrd: in RAM, above the kernel */
		if (strcmp((char *)mem + get32(zp + BZ_CMD_LINE_PTR), cmdline) != 0)
			abort();
	} else if (err[0] == '\0' || memchr(err, '\n', sizeof err)) {
		abort();                               /* one line saying why */
	}
	free(cmdline);
	free(initrd);
	free(mem);
	return 0;
}
