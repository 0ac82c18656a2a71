/* acpi_find.c: finding ACPI tables as an OS does (acpi_find.h). */
#include "lib.h"
#include "acpi_find.h"

uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

int sums_to_zero(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;
	for (uint32_t i = 0; i < len; i++)
		sum += p[i];
	return sum == 0;
}

int signature_is(const uint8_t *p, const char *sig)
{
	return p[0] == sig[0] && p[1] == sig[1] && p[2] == sig[2] && p[3] == sig[3];
}

const uint8_t *find_rsdp(void)
{
	for (uint32_t a = 0xe0000; a < 0x100000; a += 16) {
		const uint8_t *p = (const uint8_t *)a;
		if (signature_is(p, "RSD ") && signature_is(p + 4, "PTR "))
			return p;
	}
	return 0;
}

const uint8_t *find_table(const uint8_t *sdt, unsigned entry_size, const char *sig)
{
	for (uint32_t off = 36; off + entry_size <= get32(sdt + 4); off += entry_size) {
		const uint8_t *t = (const uint8_t *)get32(sdt + off);
		if (signature_is(t, sig))
			return t;
	}
	return 0;
}
