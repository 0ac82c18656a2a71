/* expect.h: runs an --expect script (expect_script.h) against a guest's
 * console: watches the guest's output for each expected text, types each
 * text through the guest's key source as live keys, ends the run at the
 * script's end step or when a step runs out of time, and keeps every step
 * taken as an event at its place in the output, so the transcript shows
 * the dialogue deterministically. One guest per run (its vCPUs share it). */
#ifndef MINIKVM_EXPECT_H
#define MINIKVM_EXPECT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "expect_script.h"
#include "status.h"

enum expect_event_kind {
	EVENT_MATCHED,      /* an expect step's text appeared */
	EVENT_SENT,         /* a send step typed its text */
	EVENT_UNFINISHED,   /* the run ended during this step */
};

struct expect_event {
	enum expect_event_kind kind;
	int step;           /* index into the script */
	int vcpu;           /* the guest's vCPU whose output it follows */
	size_t offset;      /* bytes of that output before it; SIZE_MAX: after all */
};

/* What the engine does to the machine; every hook is called without the
 * engine's lock held. */
struct expect_hooks {
	void *opaque;
	/* Type bytes; returns how many were taken (the rest wait for room). */
	size_t (*send)(void *opaque, const uint8_t *bytes, size_t n);
	/* No more keys will ever come (the last send is done). */
	void (*input_done)(void *opaque);
	/* End the run this way (every vCPU of the guest, then the machine). */
	void (*finish)(void *opaque, enum end_kind kind, enum end_reason reason,
		       const struct end_field *fields, int nfields);
};

struct expect_run {
	const struct expect_script *script;
	struct expect_hooks hooks;
	pthread_mutex_t lock;
	pthread_cond_t changed;         /* a step was matched, or the run stops */
	int step;                       /* the step under way */
	bool busy;                      /* a thread is carrying out steps */
	bool finished;                  /* the script ended the run */
	bool input_ended;               /* input_done was called */
	int last_send;                  /* index of the last send step, -1: none */
	size_t matched;                 /* bytes of the expected text matched so far */
	size_t *prefix;                 /* its failure function (Knuth-Morris-Pratt) */
	size_t sent;                    /* bytes of the current send given */
	double step_started, last_output;   /* monotonic seconds */
	int mark_vcpu;                  /* where the last match was: sends follow it */
	size_t mark_offset;
	struct expect_event *events;
	int nevents, cap;
	pthread_t thread;
	bool thread_running, stopping;
	double (*clock)(void);          /* expect_now; the tests set their own */
};

/* 0, or -1 (out of memory). The script must outlive the run. */
int expect_run_init(struct expect_run *run, const struct expect_script *script, struct expect_hooks hooks);
void expect_run_close(struct expect_run *run);

/* One byte of guest output: from the guest's vCPU `vcpu`, whose output
 * is `offset` bytes long with it. Carries out the steps a match allows
 * (on the calling vCPU's thread, so keys follow the text at once). */
void expect_feed(struct expect_run *run, int vcpu, size_t offset, uint8_t byte);
/* Carry out what the script can do at time `now` (monotonic seconds):
 * sends, ends, time limits. Returns when to look again (0: only after
 * output). The thread calls it; the tests call it with their own clock. */
double expect_advance(struct expect_run *run, double now);
/* The script begins (its first step) at `now`: before the guest runs,
 * so that no output is written before the first step is under way. */
void expect_begin(struct expect_run *run, double now);
/* The thread that keeps time for the script (and the first sends). */
int expect_start(struct expect_run *run);
void expect_stop(struct expect_run *run);
/* After the run: note the step it ended in, if the script was not done. */
void expect_note_unfinished(struct expect_run *run);
/* The events, in order; the transcript writes them. */
const struct expect_event *expect_events(const struct expect_run *run, int *n);
double expect_now(void);

#endif
