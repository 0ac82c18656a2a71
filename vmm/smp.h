/* smp.h: the one-guest machine: one image on N vCPUs (--smp N, and every
 * Multiboot kernel), sharing one VM and KVM's in-kernel irqchip. */
#ifndef MINIKVM_SMP_H
#define MINIKVM_SMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct machine;
struct config;

/* Is this image run as one guest on the in-kernel irqchip? (--smp, or
 * --multiboot, or a Multiboot header found in it.) */
bool smp_wanted(const struct config *cfg, const uint8_t *data, size_t size);
/* Build the VM, its irqchip, load the image (Multiboot or not), create
 * the boot vCPU ready to run and the others waiting for INIT/SIPI.
 * Returns a process status: STATUS_OK, or why it could not. */
int smp_setup(struct machine *machine, const struct config *cfg, const uint8_t *data, size_t size);
/* Before the vCPUs are destroyed: the VM is shared, so only vCPU 0 owns it. */
void smp_release(struct machine *machine);

/* Host probes for --host-check: "irqchip" and "smp" (INIT/SIPI starts an
 * AP). Each returns NULL if it works, else the reason. */
const char *smp_probe_irqchip(char *why, size_t whylen);
const char *smp_probe_smp(char *why, size_t whylen);

#endif
