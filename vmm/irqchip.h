/* irqchip.h: KVM's in-kernel interrupt controllers (8259 PIC pair,
 * IOAPIC, one local APIC per vCPU) for a guest that uses them (--smp,
 * Multiboot), and the eventfds through which the VMM's devices raise
 * their IRQ lines on it. */
#ifndef MINIKVM_IRQCHIP_H
#define MINIKVM_IRQCHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define IRQCHIP_LINES 16  /* ISA IRQ0-15: timer 0, keyboard 1, IDE 14, ... */
#define IRQCHIP_CASCADE 2 /* the 8259 pair's cascade: no device line */

struct irqchip {
	int eventfds[IRQCHIP_LINES];
};

/* Create the irqchip on a VM that has no vCPU yet, and bind IRQ0 and
 * every other ISA line to eventfds (KVM_IRQFD). Returns 0, or -1 with err naming the
 * KVM feature the host refused and its reason. */
int irqchip_create(struct irqchip *chip, int vm_fd, char *err, size_t errlen);
/* Pulse an IRQ line (edge); any thread may call it. */
void irqchip_raise(struct irqchip *chip, int irq);
void irqchip_close(struct irqchip *chip);
/* Set a GSI's level on the PIC and IOAPIC (KVM_IRQ_LINE), for devices
 * that hold a line high (level-triggered) rather than pulse it. */
void irqchip_set_level(int vm_fd, unsigned gsi, bool level);
/* Leave the 8259s as firmware does: initialised (ICW1-4 done) with
 * these vector bases and masks. Returns 0, or -1 with err. */
int irqchip_pic_setup(int vm_fd, uint8_t master_base, uint8_t master_imr, uint8_t slave_base,
		      uint8_t slave_imr, char *err, size_t errlen);
/* Give the in-kernel IOAPIC the ID the MP table names (KVM resets it to
 * 0, which is vCPU 0's APIC ID). 0, or -1 with err. */
int irqchip_set_ioapic_id(int vm_fd, unsigned id, char *err, size_t errlen);

#endif
