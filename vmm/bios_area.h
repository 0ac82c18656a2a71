/* bios_area.h: the one map of what the VMM writes into a guest's BIOS
 * area (0xE0000-0xFFFFF) and EBDA. Every table or stub placed there takes
 * its address from here; the assertions below keep them apart.
 *
 * A Multiboot kernel (no ROM; the area is RAM, "reserved" in its memory map):
 *   0xE0000  ACPI tables, one page, the RSDP first (acpi.c)
 *   0xF0000  the real-mode IVT's stubs, 64 bytes (pc_firmware.c)
 *   0xF0100  the MP floating pointer, then its configuration table (mptable.c)
 * A PC (the BIOS ROM fills 0xF0000-0xFFFFF, abi.h's BIOS_ROM_BASE):
 *   0x9FC00  the EBDA's first KiB: its size byte (bios_port.c), then at
 *   0x9FC10  the MP floating pointer and table (mptable.c) */
#ifndef MINIKVM_BIOS_AREA_H
#define MINIKVM_BIOS_AREA_H

#include "abi.h"

#define BIOS_AREA_ACPI          0xe0000u
#define BIOS_AREA_ACPI_SIZE     0x1000u
#define BIOS_AREA_STUBS         0xf0000u    /* segment F000 */
#define BIOS_AREA_STUBS_SIZE    0x40u
#define BIOS_AREA_MPTABLE       0xf0100u    /* where the MP specification searches: 0xF0000-0xFFFFF */
#define BIOS_AREA_MPTABLE_SIZE  0x200u      /* floating pointer and table; 4 vCPUs take 292 bytes */
#define EBDA_MPTABLE            (EBDA_BASE + 16u)
#define EBDA_MPTABLE_SIZE       BIOS_AREA_MPTABLE_SIZE

_Static_assert(BIOS_AREA_ACPI + BIOS_AREA_ACPI_SIZE <= BIOS_AREA_STUBS, "ACPI tables overlap the stubs");
_Static_assert(BIOS_AREA_STUBS + BIOS_AREA_STUBS_SIZE <= BIOS_AREA_MPTABLE, "stubs overlap the MP table");
_Static_assert(BIOS_AREA_MPTABLE % 16 == 0 && EBDA_MPTABLE % 16 == 0, "the MP floating pointer is 16-byte aligned");
_Static_assert(EBDA_MPTABLE + EBDA_MPTABLE_SIZE <= EBDA_BASE + 1024, "the MP table leaves the EBDA's first KiB");

#endif
