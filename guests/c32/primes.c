/* primes.c: the first 20 prime numbers, by trial division.
 *
 * Shows: ordinary C (loops, arrays, division) running as a guest.
 *
 * Output: "2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71\n".
 * End: `exit 0`. */
#include "mkvm.h"

#define COUNT 20

static unsigned int primes[COUNT];  /* in .bss: starts zeroed */

/* n is prime if none of the smaller primes found so far, up to its
 * square root, divides it. */
static int is_prime(unsigned int n, int found)
{
	for (int i = 0; i < found && primes[i] * primes[i] <= n; i++)
		if (n % primes[i] == 0)
			return 0;
	return 1;
}

int main(void)
{
	int found = 0;

	for (unsigned int n = 2; found < COUNT; n++)
		if (is_prime(n, found))
			primes[found++] = n;

	for (int i = 0; i < COUNT; i++) {
		mkvm_print_uint(primes[i]);
		mkvm_putchar(i + 1 < COUNT ? ' ' : '\n');
	}
	return 0;
}
