/* keyboard.h: a guest's keyboard: where its keys come from (its cursor
 * in the input script, or the live keys the terminal thread hands it),
 * the data port 0x60 with its one-key latch, the status port 0x64, and
 * IRQ1, raised while a key waits in the latch. One per guest: every key
 * reaches a guest once, whichever of its vCPUs reads it. */
#ifndef MINIKVM_KEYBOARD_H
#define MINIKVM_KEYBOARD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi.h"
#include "input_script.h"

#define PORT_KBD_DATA   KBD_DATA
#define PORT_KBD_STATUS KBD_STATUS
#define LIVE_RING 4096
#define KBD_IRQ   1       /* the line it raises */

/* How a device raises (and drops) an interrupt line of its guest. */
struct irq_hook {
	void *guest;
	void (*raise)(void *guest, int line);
	void (*withdraw)(void *guest, int line);
};

struct keyboard {
	pthread_mutex_t lock;
	struct input_script *script;    /* NULL: live keys from the terminal */
	size_t pos;                     /* this guest's cursor in the script */
	const atomic_int *stop;         /* the run is stopping: stop waiting for keys */
	uint8_t ring[LIVE_RING];        /* live keys not yet in the latch */
	unsigned head, tail;
	bool live_ended;
	bool port_full;                 /* a key waits in port 0x60 */
	uint8_t port_data;
	struct irq_hook irq;            /* IRQ1 */
	/* The script's byte number n (from 1) is about to reach the guest
	 * (--screen-at input:N); called with the lock held. NULL: none. */
	void (*script_byte)(void *owner, size_t n);
	void *script_byte_owner;
};

void kbd_init(struct keyboard *kbd, struct input_script *script, const atomic_int *stop,
	      struct irq_hook irq);

struct vcpu;
/* The next key for a vCPU that asks (HC_GETCHAR): a byte, KEY_NONE or
 * KEY_ENDED. The guest waits for it, so its unfinished line is shown. */
int kbd_next_key(struct keyboard *kbd, struct vcpu *cpu);
/* The same without a vCPU (the PS/2 controller pulls keys this way). */
int kbd_take_key(struct keyboard *kbd);
/* Could a key still arrive? */
bool kbd_may_produce(struct keyboard *kbd);
/* The guest halted with IF=1: under a script, offer the next key (IRQ1). */
void kbd_on_idle(struct keyboard *kbd);
/* Bus handlers (owner: the struct keyboard) for ports 0x60 and 0x64. */
int kbd_data_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int kbd_status_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

/* Live keys (the terminal thread): one more key, or no more ever. */
void kbd_give_key(struct keyboard *kbd, uint8_t key);
/* Several at once (what one read of the terminal gave): an escape
 * sequence reaches the PS/2 controller whole. */
void kbd_give_keys(struct keyboard *kbd, const uint8_t *keys, size_t n);
/* The same, taking only what the ring has room for: returns how many. */
size_t kbd_give_keys_some(struct keyboard *kbd, const uint8_t *keys, size_t n);
void kbd_end_live(struct keyboard *kbd);

#endif
