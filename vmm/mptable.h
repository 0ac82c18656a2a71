/* mptable.h: the Intel MultiProcessor Specification 1.4 tables a guest on
 * the in-kernel irqchip finds where the specification says to look (a PC:
 * the first KiB of its EBDA, which the BDA points at; a Multiboot kernel:
 * the reserved BIOS area at 0xF0100): the floating pointer and the
 * configuration table naming one processor per vCPU (APIC IDs 0..N-1,
 * vCPU 0 the bootstrap processor), the ISA bus, the I/O APIC at
 * 0xFEC00000 (ID N), ISA IRQ n wired to I/O APIC input n as KVM's default
 * routing does (the cascade, IRQ2, excepted), and ExtINT/NMI on every
 * local APIC's LINT0/LINT1. */
#ifndef MINIKVM_MPTABLE_H
#define MINIKVM_MPTABLE_H

#include <stddef.h>
#include <stdint.h>

#define MPTABLE_AT_EBDA    0x9fc10     /* a PC: EBDA_BASE + 16 (its first byte is its size) */
#define MPTABLE_AT_BIOS    0xf0100     /* a Multiboot kernel: the BIOS area, after the IVT stubs */
#define MPTABLE_MAX_SIZE   0x200       /* floating pointer and table, 4 vCPUs: 292 bytes */
#define MPTABLE_LAPIC_ADDR 0xfee00000u
#define MPTABLE_IOAPIC_ADDR 0xfec00000u
#define MPTABLE_ISA_IRQS   16

/* Write the floating pointer at guest address `at` (16-byte aligned; mem
 * holds at least at + MPTABLE_MAX_SIZE bytes) and the configuration table
 * right after it, for ncpus vCPUs (1-4). Returns the I/O APIC ID. */
unsigned mptable_write(uint8_t *mem, uint32_t at, unsigned ncpus);

/* The byte sum of len bytes (a valid table sums to 0). */
uint8_t mptable_sum(const uint8_t *bytes, size_t len);

#endif
