/* pass.c: a test that passes: verdict 1 on the debug-exit port (status 3). */
#include "lib.h"

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	int sum = 0;
	for (int i = 1; i <= 10; i++)
		sum += i;
	printf("PASS: 1 + 2 + ... + 10 = %d\n", sum);
	debug_exit(sum == 55 ? EXIT_PASS : EXIT_FAIL);
}
