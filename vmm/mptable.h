/* mptable.h: the Intel MultiProcessor Specification 1.4 tables a guest on
 * the in-kernel irqchip finds where the specification says to look (a PC:
 * the first KiB of its EBDA, which the BDA points at; a Multiboot kernel:
 * the BIOS area; bios_area.h has both addresses): the floating pointer
 * and the configuration table publishing the guest's apic_map (one
 * processor per vCPU, vCPU 0 the bootstrap processor, the I/O APIC),
 * the ISA bus, ISA IRQ n on I/O APIC input n (the cascade excepted), and
 * ExtINT/NMI on every local APIC's LINT0/LINT1. */
#ifndef MINIKVM_MPTABLE_H
#define MINIKVM_MPTABLE_H

#include <stddef.h>
#include <stdint.h>
#include "apic_map.h"
#include "bios_area.h"

#define MPTABLE_MAX_SIZE   BIOS_AREA_MPTABLE_SIZE

/* Write the floating pointer at guest address `at` (16-byte aligned; mem
 * holds at least at + MPTABLE_MAX_SIZE bytes) and the configuration table
 * right after it, describing map (1-4 vCPUs). */
void mptable_write(uint8_t *mem, uint32_t at, const struct apic_map *map);

/* The byte sum of len bytes (a valid table sums to 0). */
uint8_t mptable_sum(const uint8_t *bytes, size_t len);

#endif
