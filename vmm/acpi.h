/* acpi.h: the ACPI tables a PC kernel on the one-guest machine finds
 * (RSDP in the BIOS area, RSDT and XSDT, FADT, FACS, an empty DSDT, and
 * a MADT naming every vCPU's local APIC and the IOAPIC), and where they
 * go. docs/DEVICES.md lists them. */
#ifndef MINIKVM_ACPI_H
#define MINIKVM_ACPI_H

#include <stddef.h>
#include <stdint.h>

#define ACPI_TABLES_BASE 0xe0000u   /* the RSDP first, in the area OSes scan */
#define ACPI_TABLES_SIZE 0x1000u

/* Write the tables into guest RAM at ACPI_TABLES_BASE for a guest of
 * ncpus vCPUs whose PM registers are at pm_base (acpi_pm.h). Returns 0,
 * or -1 if RAM does not reach that far. */
int acpi_build(uint8_t *mem, size_t mem_size, unsigned ncpus, uint16_t pm_base);

#endif
