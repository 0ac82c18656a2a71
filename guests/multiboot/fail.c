/* fail.c: a test that fails: verdict 3 on the debug-exit port (status 7). */
#include "lib.h"

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	printf("FAIL: expected 2 + 2 = 5, got %d\n", 2 + 2);
	debug_exit(EXIT_FAIL);
}
