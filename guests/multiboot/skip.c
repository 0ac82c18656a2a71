/* skip.c: a test that cannot run here: verdict 77 (status 155). It asks
 * for a feature through the environment module and skips without it. */
#include "lib.h"

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	const char *feature = getenv("NEEDS");
	printf("SKIP: this test needs %s, which this machine does not have\n",
	       feature ? feature : "a feature nobody named");
	debug_exit(EXIT_SKIP);
}
