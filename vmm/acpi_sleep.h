/* acpi_sleep.h: ACPI S3, suspend to RAM, on the in-kernel-irqchip machine. */
#ifndef MINIKVM_ACPI_SLEEP_H
#define MINIKVM_ACPI_SLEEP_H

#include <stddef.h>
#include <stdint.h>

struct acpi_pm;
struct cmos;
struct vcpu;

/* What a sleep involves: the machine's PM registers, its RTC (NULL: it
 * has none), its RAM (the FACS) and how many vCPUs it has so far. */
struct acpi_sleep {
	struct acpi_pm *pm;
	struct cmos *cmos;
	uint8_t *mem;
	size_t mem_size;
	const int *nvcpus;
};

/* The acpi_pm suspend hook (machine: a struct acpi_sleep): the guest wrote
 * SLP_EN with S3's sleep type on cpu's thread. Returns BUS_CONTINUE with
 * the vCPU at the waking vector, or BUS_STOP with the vCPU ended. */
int acpi_sleep_suspend(void *machine, struct vcpu *cpu);

#endif
