/* hello.c: a C guest in 64-bit long mode.
 *
 * Shows: the same mkvm.h as the 32-bit guests, built with -m64 into an
 * ELF64 file; the VMM sees EM_X86_64 in its header and enters long mode.
 * 64-bit integers are now native: the loop below adds them in registers.
 *
 * Run: mini-kvm guests/c64/hello.elf
 * Output: "Hello from C in 64-bit long mode!\n",
 *         "sizeof(void *) = 8, 2^40 = 1099511627776\n". End: `exit 0`. */
#include "mkvm.h"

/* Print an unsigned 64-bit number in decimal (mkvm.h's helper is 32-bit). */
static void print_u64(unsigned long long n)
{
	char digits[20];
	int count = 0;

	do {
		digits[count++] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0);
	while (count > 0)
		mkvm_putchar(digits[--count]);
}

int main(void)
{
	unsigned long long power = 1;

	for (int i = 0; i < 40; i++)
		power *= 2;
	mkvm_puts("Hello from C in 64-bit long mode!\n");
	mkvm_puts("sizeof(void *) = ");
	mkvm_print_uint((unsigned int)sizeof(void *));
	mkvm_puts(", 2^40 = ");
	print_u64(power);
	mkvm_putchar('\n');
	return 0;
}
