/* fuzz_loader.c: loader_load on arbitrary images, and multiboot_load on
 * those with a Multiboot header. Input: byte 0 picks the RAM size (64 KiB
 * + n * 4 KiB; a Multiboot kernel gets 1 MiB + 64 KiB more), byte 1 the
 * mode for flat images, the rest is the image. RAM is malloc'd to its
 * exact size, so ASan sees any write past it; on success the result is
 * checked against the ABI (the Multiboot info lies in RAM, outside every
 * kernel segment). */
#include <stdlib.h>
#include <string.h>
#include "../loader.h"
#include "../multiboot.h"
#include "../options.h"

static void check_multiboot(const uint8_t *image, size_t image_size, size_t mem_size)
{
	mem_size += 0x110000;
	uint8_t *mem = malloc(mem_size);
	memset(mem, 0xcc, mem_size);
	struct config cfg = { .cmdline = "a b" };
	struct boot_info boot = { 0 };
	uint32_t info = 0;
	char err[256] = "";
	if (multiboot_load(image, image_size, "k.elf", &cfg, mem, mem_size, &boot, &info, err, sizeof err) == 0) {
		if (info < 0x1000 || info + 120 > loader_ram_limit(MODE_PM32, mem_size) ||
		    multiboot_segments_overlap(image, image_size, info, info + 120))
			abort();                       /* the info: in free RAM */
	} else if (err[0] == '\0' || memchr(err, '\n', sizeof err)) {
		abort();
	}
	free(mem);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	size_t mem_size = (64u << 10) + (size_t)data[0] * 4096;
	enum guest_mode flat_mode = (enum guest_mode)(data[1] % 3);
	const uint8_t *image = data + 2;
	size_t image_size = size - 2;
	if (multiboot_detect(image, image_size))
		check_multiboot(image, image_size, (size_t)data[0] * 4096);
	uint8_t *mem = malloc(mem_size);
	memset(mem, 0xcc, mem_size);
	struct boot_info boot = { 0 };
	char err[256] = "";
	if (loader_load(image, image_size, flat_mode, mem, mem_size, &boot, err, sizeof err) == 0) {
		if (boot.entry >= loader_ram_limit(boot.mode, mem_size))
			abort();                       /* entry must be in RAM */
		int is_elf = image_size >= 4 && memcmp(image, "\x7f" "ELF", 4) == 0;
		if (!is_elf && (boot.mode != flat_mode || boot.entry != 0 ||
				memcmp(mem, image, image_size) != 0))
			abort();                       /* flat: copied verbatim to 0 */
		if (is_elf && boot.mode == MODE_REAL)
			abort();
	} else if (err[0] == '\0' || memchr(err, '\n', sizeof err)) {
		abort();                               /* one line saying why */
	}
	free(mem);
	return 0;
}
