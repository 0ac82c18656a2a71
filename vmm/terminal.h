/* terminal.h: live keyboard input: the terminal in raw mode and a thread
 * handing each key to every guest's keyboard. Ctrl-A x stops the run.
 * The terminal is restored on every exit path. */
#ifndef MINIKVM_TERMINAL_H
#define MINIKVM_TERMINAL_H

#include <pthread.h>
#include <stdbool.h>

struct guest;

struct terminal {
	pthread_t thread;
	bool running;
	int wake_pipe[2];
	struct guest *guests;
	int nguests;
	void *machine;
	void (*quit)(void *machine);    /* Ctrl-A x */
};

int terminal_input_start(struct terminal *term);
void terminal_input_stop(struct terminal *term);
void terminal_restore(void);

#endif
