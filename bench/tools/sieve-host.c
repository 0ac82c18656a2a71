/*
 * sieve-host: the compute benchmark as a host process. Calls sieve_count
 * (guests/bench/sieve.inc, assembled for the host: the same instructions
 * the guests run) ROUNDS times over a 1 MiB buffer and exits with the
 * guest's value, (primes below 2^20) & 63 = 41.
 *
 *   sieve-host ROUNDS
 */
#include <stdint.h>
#include <stdlib.h>

#define SIEVE_N (1u << 20)

uint64_t sieve_count(uint8_t *flags, uint64_t n);

int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 10;
	uint8_t *flags = malloc(SIEVE_N);
	uint64_t primes = 0;
	if (!flags)
		return 1;
	for (long r = 0; r < rounds; r++)
		primes = sieve_count(flags, SIEVE_N);
	free(flags);
	return (int)(primes & 63);
}
