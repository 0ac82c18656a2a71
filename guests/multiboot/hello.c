/* hello.c: prints through the serial port what the Multiboot loader
 * handed over (memory, arguments after argv[0], the environment module),
 * then passes through the debug-exit port. */
#include "lib.h"

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	printf("Hello from a Multiboot kernel on the serial port!\n");
	printf("memory: lower %u KiB, upper %u KiB\n", mem_lower_kb, mem_upper_kb);
	printf("arguments: %d\n", argc - 1);      /* argv[0] is the image path */
	for (int i = 1; i < argc; i++)
		printf("  argv[%d] = %s\n", i, argv[i]);
	const char *greeting = getenv("GREETING");
	printf("GREETING=%s\n", greeting ? greeting : "(not set)");
	return EXIT_PASS;
}
