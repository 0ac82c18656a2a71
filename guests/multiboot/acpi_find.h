/* acpi_find.h: finding ACPI tables as an OS does (acpi_find.c), for the
 * test kernels that walk them (acpi, s3). */
#ifndef MB_ACPI_FIND_H
#define MB_ACPI_FIND_H

#include <stdint.h>

uint32_t get32(const uint8_t *p);
int sums_to_zero(const uint8_t *p, uint32_t len);
int signature_is(const uint8_t *p, const char *sig);
/* The RSDP, found by its signature in 0xe0000-0xfffff, or 0. */
const uint8_t *find_rsdp(void);
/* The table with sig listed in the RSDT (entry 4 bytes) or XSDT (8), or 0. */
const uint8_t *find_table(const uint8_t *sdt, unsigned entry_size, const char *sig);

#endif
