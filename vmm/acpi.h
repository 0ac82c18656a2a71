/* acpi.h: the ACPI tables a PC kernel on the one-guest machine finds
 * (RSDP in the BIOS area, RSDT and XSDT, FADT, FACS, an empty DSDT, and
 * a MADT naming every vCPU's local APIC and the IOAPIC), and where they
 * go. docs/DEVICES.md lists them. */
#ifndef MINIKVM_ACPI_H
#define MINIKVM_ACPI_H

#include <stddef.h>
#include <stdint.h>
#include "apic_map.h"
#include "bios_area.h"

#define ACPI_TABLES_BASE BIOS_AREA_ACPI   /* the RSDP first, in the area OSes scan */
#define ACPI_TABLES_SIZE BIOS_AREA_ACPI_SIZE
#define ACPI_FACS_GPA    (ACPI_TABLES_BASE + 0x40)   /* 64-byte aligned; the S3 waking vector's home */
#define ACPI_FACS_WAKING_VECTOR 12                   /* offset of Firmware_Waking_Vector (32 bits) */

/* Write the tables into guest RAM at ACPI_TABLES_BASE for a guest whose
 * APICs map describes (the MADT publishes it) and whose PM registers are at pm_base (acpi_pm.h). Returns 0,
 * or -1 if RAM does not reach that far. */
int acpi_build(uint8_t *mem, size_t mem_size, const struct apic_map *map, uint16_t pm_base);

#endif
