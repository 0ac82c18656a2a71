/* irq.h: interrupts from the VMM's two devices (timer IRQ0, keyboard
 * IRQ1), the 8259 PIC subset that maps them to vectors, and the timer. */
#ifndef MINIKVM_IRQ_H
#define MINIKVM_IRQ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "boot.h"

#define IRQ_TIMER    0
#define IRQ_KEYBOARD 1

struct irq_state {
	atomic_uint pending;    /* bit n: IRQn raised, not yet injected */
	uint8_t vector_base;    /* vector of IRQ0 (8 in real mode, 0x20 otherwise) */
	_Atomic uint8_t mask;   /* PIC IMR: bit n set = IRQn masked */
	uint8_t init_step;      /* position in a PIC init sequence, 0 = none */
	uint8_t icw1;           /* the init sequence's first word */
};

struct vcpu;
struct machine;

void irq_init(struct irq_state *irq, enum guest_mode mode);
/* Raise an IRQ on a vCPU from any thread; wakes or kicks the vCPU. */
void irq_raise(struct vcpu *vcpu, int irq);
/* The device no longer needs the IRQ (its data was read another way):
 * drop it if it has not been injected yet. vCPU thread only. */
void irq_withdraw(struct vcpu *vcpu, int irq);
/* Before KVM_RUN: inject the highest-priority deliverable IRQ if the
 * guest can take it now, else ask KVM for an interrupt-window exit. */
int irq_prepare_entry(struct vcpu *vcpu);
/* Is an unmasked IRQ waiting? */
bool irq_deliverable(struct vcpu *vcpu);
/* Could an interrupt ever arrive (timer on and unmasked, or keys)? */
bool irq_may_arrive(struct vcpu *vcpu);

/* Port handler for the PIC (0x20/0x21; 0xa0/0xa1 are ignored). */
int pic_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);

/* The timer thread: raises IRQ0 on every running vCPU at cfg->timer_hz. */
int timer_start(struct machine *machine);
void timer_stop(struct machine *machine);

#endif
