/* lowload.c: a kernel linked at 0x8000 (lowload.ld), as kvm-unit-tests'
 * realmode.flat is. The loader must put the Multiboot info, the command
 * line and the modules where this image is not: each is checked to lie
 * outside [__image_start, __image_end) and to read back intact. */
#include "lib.h"

extern char __image_start[], __image_end[];

struct mb_info { uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr; };
struct mb_module { uint32_t start, end, string, reserved; };

static int outside_image(const char *what, uint32_t start, uint32_t end)
{
	int ok = end <= (uint32_t)__image_start || start >= (uint32_t)__image_end;
	printf("%s: %s the image\n", what, ok ? "outside" : "INSIDE");
	return ok;
}

int kmain(uint32_t magic, uint32_t info_addr)
{
	if (lib_init(magic, info_addr) < 0)
		return EXIT_FAIL;
	const struct mb_info *info = (const void *)info_addr;
	printf("image at 0x%x\n", (uint32_t)__image_start);   /* its end depends on the compiler */
	int ok = outside_image("info", info_addr, info_addr + sizeof *info);
	ok &= outside_image("command line", info->cmdline, info->cmdline + 1);
	if ((info->flags & 8) && info->mods_count) {
		const struct mb_module *mod = (const void *)info->mods_addr;
		ok &= outside_image("module list", info->mods_addr, info->mods_addr + sizeof *mod);
		ok &= outside_image("module", mod->start, mod->end);
	}
	printf("arguments: %d, argv[1] = %s\n", argc - 1, argc > 1 ? argv[1] : "(none)");
	const char *greeting = getenv("GREETING");
	printf("GREETING=%s\n", greeting ? greeting : "(not set)");
	ok &= argc == 2 && strcmp(argv[1], "low") == 0 && greeting != 0;
	printf("%s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}
