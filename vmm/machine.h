/* machine.h: the whole run: its guests, the input they share, the timer
 * and terminal threads, and how the run stops (all guests done, timeout,
 * the user, or a fatal error). */
#ifndef MINIKVM_MACHINE_H
#define MINIKVM_MACHINE_H

#include <pthread.h>
#include <stdatomic.h>
#include "expect.h"
#include "guest.h"
#include "screen_live.h"
#include "input_script.h"
#include "options.h"
#include "terminal.h"
#include "timer.h"

struct machine {
	const struct config *cfg;
	struct guest guests[MAX_VCPUS];
	int nguests;                    /* opened (perhaps partly) so far */
	struct guest_env guest_env;
	pthread_mutex_t lock;
	pthread_cond_t changed;         /* a vCPU ended */
	int running;
	atomic_int stop;                /* END_RUNNING, or why every vCPU must stop */
	struct input_script script;
	bool scripted;                  /* keys come from a script */
	bool live;                      /* keys come from the terminal */
	bool expecting;                 /* keys come from an --expect script */
	struct expect_script expect_script;
	struct expect_run expect;
	struct timer timer;
	atomic_uint guest_hz;           /* the rate a guest's PIT asked for (0: none yet) */
	struct terminal terminal;
	struct screen_live screen;      /* --screen */
};

/* Fill the machine's side of the guests' environment (before any guest). */
void machine_init(struct machine *machine, const struct config *cfg);
/* Drive the input with the --expect script at path (before any guest).
 * 0, or -1 with err. */
int machine_setup_expect(struct machine *machine, const char *path, char *err, size_t errlen);
/* Run every vCPU to its end, the timeout or a stop; returns the status. */
int machine_run(struct machine *machine);
int machine_status(const struct machine *machine);
int machine_vcpu_count(const struct machine *machine);
void machine_close(struct machine *machine);

#endif
