/* primes.c - the sieve of Eratosthenes up to N, one bit per number. */
#include "ulib.h"

#define MAX 100000
static unsigned char composite[MAX / 8 + 1];   /* bss: zeroed by the kernel */

static int is_set(long i) { return composite[i / 8] & (1 << (i % 8)); }
static void set(long i)   { composite[i / 8] |= 1 << (i % 8); }

int main(int argc, char **argv)
{
    long n = 100;
    if (argc > 1 && (parse_long(argv[1], &n) < 0 || n < 2 || n > MAX)) {
        puts("primes: N must be a number from 2 to 100000");
        return 1;
    }
    for (long i = 2; i * i <= n; i++)
        if (!is_set(i))
            for (long j = i * i; j <= n; j += i)
                set(j);
    long count = 0;
    for (long i = 2; i <= n; i++)
        count += !is_set(i);

    /* all of them when there are few; otherwise the first and last ten */
    long shown = 0, k = 0;
    for (long i = 2; i <= n; i++) {
        if (is_set(i))
            continue;
        k++;
        if (count > 100 && k > 10 && k <= count - 10) {
            if (k == 11)
                printf("\n  ...");
            continue;
        }
        printf(shown % 10 == 0 ? (shown ? "\n%6ld" : "%6ld") : "%6ld", i);
        shown++;
    }
    printf("\n%ld primes up to %ld\n", count, n);
    return 0;
}
