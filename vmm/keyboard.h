/* keyboard.h: keyboard input, scripted (--input, or stdin that is not a
 * terminal) or live from a terminal in raw mode, and the keyboard ports. */
#ifndef MINIKVM_KEYBOARD_H
#define MINIKVM_KEYBOARD_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_NONE  (-1)   /* nothing now (the guest reads 0xFF) */
#define KEY_ENDED (-2)   /* nothing ever again */

/* A script shared by every vCPU; each reads it from its own position.
 * From a file it is read whole at start; from a pipe, lazily. */
struct input_script {
	pthread_mutex_t lock;
	uint8_t *buf;
	size_t len, cap;
	int fd;             /* -1 once everything is read */
};

#define LIVE_RING 4096
struct keyboard {
	struct input_script *script;    /* NULL: live keys from the terminal */
	size_t pos;
	uint8_t ring[LIVE_RING];        /* live keys, under the vCPU lock */
	unsigned head, tail;
	bool live_ended;
	bool port_full;                 /* a key waits in port 0x60 */
	uint8_t port_data;
};

struct vcpu;
struct machine;

int input_script_open(struct input_script *script, const char *path, char *err, size_t errlen);
void input_script_close(struct input_script *script);

/* The next key for this vCPU: a byte, KEY_NONE or KEY_ENDED. */
int kbd_next_key(struct vcpu *vcpu);
/* Could a key still arrive? */
bool kbd_may_produce(struct vcpu *vcpu);
/* The guest halted with IF=1: under a script, offer the next key (IRQ1). */
void kbd_on_idle(struct vcpu *vcpu);
/* Ports 0x60 (data) and 0x64 (status). */
int kbd_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);

/* Live keyboard: terminal in raw mode, a thread feeding every vCPU.
 * Ctrl-A x stops the run. The terminal is restored on every exit path. */
int terminal_input_start(struct machine *machine);
void terminal_input_stop(struct machine *machine);
void terminal_restore(void);

#endif
