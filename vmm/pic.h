/* pic.h: the 8259 PIC subset of a guest without the in-kernel irqchip:
 * which IRQ lines are raised and not yet taken (IRR), which are masked
 * (IMR), and the vector of IRQ0. Lines: IRQ0 timer, IRQ1 keyboard. */
#ifndef MINIKVM_PIC_H
#define MINIKVM_PIC_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "abi.h"
#include "boot.h"

#define IRQ_TIMER    0
#define IRQ_KEYBOARD 1
#define PORT_PIC        PIC_CMD
#define PORT_PIC_SLAVE  PIC_SLAVE_CMD
#define PIC_PORTS       2
#define PIC_LINES       8   /* the master only: the slave (IRQ8-15) is not emulated */

struct pic {
	atomic_uint pending;    /* bit n: IRQn raised, not yet injected */
	uint8_t vector_base;    /* vector of IRQ0 (8 in real mode, 0x20 otherwise) */
	_Atomic uint8_t mask;   /* IMR: bit n set = IRQn masked */
	uint8_t init_step;      /* position in an init sequence, 0 = none */
	uint8_t icw1;           /* the init sequence's first word */
};

void pic_init(struct pic *pic, enum guest_mode mode);
/* Raise a line (any thread). True if the guest may now want waking:
 * the line was not already pending and is not masked. */
bool pic_raise(struct pic *pic, int line);
/* The device no longer needs the line: drop it if not yet injected. */
void pic_withdraw(struct pic *pic, int line);
/* Lines pending and unmasked (bit n = IRQn). */
unsigned pic_deliverable(struct pic *pic);
bool pic_masked(struct pic *pic, int line);
/* The line was injected: it is no longer pending. */
void pic_taken(struct pic *pic, int line);

struct vcpu;
/* Bus handler for ports 0x20/0x21 (owner: the struct pic). */
int pic_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
