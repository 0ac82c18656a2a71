/* apic_map.h: the one description of a guest's APICs, which the MP table
 * (mptable.c) and the ACPI MADT (acpi.c) both publish and the VMM gives
 * KVM's in-kernel IOAPIC (its ID register). vCPU n's local APIC has ID n
 * (KVM sets it from the vCPU's number; vCPU 0 is the bootstrap
 * processor); the I/O APIC takes the next free ID, since the MP
 * specification wants every APIC ID unique; both sit at their PC
 * addresses; ISA IRQ n is wired to I/O APIC input n (KVM's default GSI
 * routing), the cascade (IRQ2) excepted. */
#ifndef MINIKVM_APIC_MAP_H
#define MINIKVM_APIC_MAP_H

#include <stdint.h>

#define APIC_LAPIC_BASE   0xfee00000u
#define APIC_IOAPIC_BASE  0xfec00000u
#define APIC_ISA_IRQS     16
#define APIC_ISA_CASCADE  2

struct apic_map {
	unsigned ncpus;          /* local APICs 0..ncpus-1 */
	uint8_t ioapic_id;
};

static inline struct apic_map apic_map_for(unsigned ncpus)
{
	return (struct apic_map){ .ncpus = ncpus, .ioapic_id = (uint8_t)ncpus };
}

static inline uint8_t apic_map_cpu_id(unsigned cpu) { return (uint8_t)cpu; }

#endif
