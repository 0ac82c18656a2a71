/* acpi_sleep.h: ACPI S3, suspend to RAM, on the in-kernel-irqchip machine. */
#ifndef MINIKVM_ACPI_SLEEP_H
#define MINIKVM_ACPI_SLEEP_H

struct vcpu;

/* The acpi_pm suspend hook (machine: the struct guest): the guest wrote
 * SLP_EN with S3's sleep type on cpu's thread. Returns BUS_CONTINUE with
 * the vCPU at the waking vector, or BUS_STOP with the vCPU ended. */
int acpi_sleep_suspend(void *machine, struct vcpu *cpu);

#endif
