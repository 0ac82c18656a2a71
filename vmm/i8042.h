/* i8042.h: the PS/2 keyboard controller of BIOS-booted guests, on ports
 * 0x60 (data) and 0x64 (status / command): an output buffer of one byte
 * fed from a queue of scan codes (set 1, made by scancode.c from the
 * guest's keys), IRQ1 for each byte while the command byte enables it,
 * the controller's commands (command byte, self-tests, output port with
 * the A20 gate, reset: the run ends as a reboot), the keyboard's own commands (reset, LEDs, scan-code
 * set, enable) answered with ACK, and the fast A20 gate of port 0x92.
 * Its keys come from the guest's struct keyboard (the script or the
 * terminal), which the plain ASCII keyboard of other guests also uses. */
#ifndef MINIKVM_I8042_H
#define MINIKVM_I8042_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "keyboard.h"
#include "scancode.h"

#define I8042_QUEUE 256
#define I8042_PENDING 8          /* bytes of a possibly unfinished escape sequence */

struct i8042 {
	pthread_mutex_t lock;
	struct keyboard *keys;       /* where the keys come from */
	uint8_t queue[I8042_QUEUE];  /* bytes waiting behind the output buffer */
	unsigned rd, wr;             /* free-running indices into queue */
	bool out_full;               /* status bit 0 */
	uint8_t out;
	uint8_t command_byte;        /* bit 0: IRQ1 on, bit 4: keyboard off, bit 6: translate */
	uint8_t expect;              /* a controller or keyboard command waiting for its data byte */
	bool last_was_command;       /* status bit 3 */
	bool a20;                    /* the A20 gate, set through 0xD1, 0xDD/0xDF or port 0x92 */
	uint8_t pending[I8042_PENDING];  /* live: start of an escape sequence */
	unsigned npending;
	struct irq_hook irq;         /* IRQ1 */
};

void i8042_init(struct i8042 *kbc, struct keyboard *keys, struct irq_hook irq);
/* The guest waits (hlt with IF=1, int 0x16): under a script, offer a key. */
void i8042_offer(struct i8042 *kbc);
/* A live key has arrived in the keyboard's ring (its IRQ hook). */
void i8042_key_arrived(void *kbc, int line);
/* Could a byte still arrive? */
bool i8042_may_produce(struct i8042 *kbc);

struct vcpu;
/* Bus handlers (owner: the struct i8042): port 0x60, 0x64 and 0x92. */
int i8042_data_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int i8042_command_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int i8042_port92_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
