/* upper.c: copy the input to the output in upper case, then count it.
 *
 * Shows: reading input in C with mkvm_getchar(), which returns -1 when the
 * input has ended (HC_GETCHAR gave 0xFF).
 *
 * Run: echo 'hello' | mini-kvm guests/c32/upper.elf
 * Output: the input with a-z turned into A-Z, then "(N bytes)\n".
 * End: `exit 0`. */
#include "mkvm.h"

int main(void)
{
	unsigned int count = 0;
	int c;

	while ((c = mkvm_getchar()) != -1) {
		if (c >= 'a' && c <= 'z')
			c = c - 'a' + 'A';
		mkvm_putchar((char)c);
		count++;
	}
	mkvm_puts("(");
	mkvm_print_uint(count);
	mkvm_puts(" bytes)\n");
	return 0;
}
