/* expect.c: carries out an --expect script (expect.h). Output bytes are
 * matched against the step under way as they are written (Knuth-Morris-
 * Pratt, so a text is found however the output is cut); a match moves the
 * script on at once, on the vCPU thread that wrote the byte, so the sends
 * that follow reach the guest before its next instruction. A thread of its
 * own keeps the time: the time limit of an expect step, the quiet an end
 * step waits for, the sends at the start and any that had to wait for
 * room. Events are noted where they happened in the output (the vCPU and
 * the byte offset), never when, so the transcript is the same every run. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "console.h"
#include "expect.h"

#define SEND_RETRY_SECONDS 0.002   /* keys that found no room try again */

double expect_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

int expect_run_init(struct expect_run *run, const struct expect_script *script, struct expect_hooks hooks)
{
	*run = (struct expect_run){ .script = script, .hooks = hooks, .last_send = -1, .clock = expect_now };
	run->prefix = calloc(EXPECT_MAX_TEXT, sizeof *run->prefix);
	if (!run->prefix)
		return -1;
	for (int i = 0; i < script->nsteps; i++)
		if (script->steps[i].op == STEP_SEND)
			run->last_send = i;
	pthread_mutex_init(&run->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&run->changed, &attr);
	pthread_condattr_destroy(&attr);
	return 0;
}

void expect_run_close(struct expect_run *run)
{
	free(run->prefix);
	free(run->events);
	run->prefix = NULL;
	run->events = NULL;
	run->nevents = run->cap = 0;
}

/* Caller holds lock. An event that finds no memory is dropped (the run
 * goes on; only its transcript is poorer). */
static void add_event(struct expect_run *run, enum expect_event_kind kind, int vcpu, size_t offset)
{
	if (run->nevents == run->cap) {
		int cap = run->cap ? run->cap * 2 : 16;
		struct expect_event *events = realloc(run->events, (size_t)cap * sizeof *events);
		if (!events)
			return;
		run->events = events, run->cap = cap;
	}
	run->events[run->nevents++] = (struct expect_event){ .kind = kind, .step = run->step,
							     .vcpu = vcpu, .offset = offset };
}

/* The failure function of the text an expect step waits for. */
static void compute_prefix(struct expect_run *run, const struct expect_step *s)
{
	size_t k = 0;
	run->prefix[0] = 0;
	for (size_t i = 1; i < s->len; i++) {
		while (k && s->text[i] != s->text[k])
			k = run->prefix[k - 1];
		if (s->text[i] == s->text[k])
			k++;
		run->prefix[i] = k;
	}
}

/* Step `index` begins now. Caller holds lock. */
static void enter_step(struct expect_run *run, int index, double now)
{
	run->step = index;
	run->step_started = now;
	run->matched = run->sent = 0;
	if (index >= run->script->nsteps)
		return;
	const struct expect_step *s = &run->script->steps[index];
	if (s->op == STEP_EXPECT)
		compute_prefix(run, s);
	if (s->op == STEP_SEND)
		add_event(run, EVENT_SENT, run->mark_vcpu, run->mark_offset);
}

/* End the run with this step's end. Caller holds lock; it is dropped
 * around the hook. */
static void finish(struct expect_run *run, enum end_kind kind, enum end_reason reason, unsigned ms)
{
	run->finished = true;
	unsigned step = (unsigned)run->step + 1;
	pthread_mutex_unlock(&run->lock);
	if (reason == REASON_SCRIPT_QUIET || reason == REASON_EXPECT_TIMEOUT)
		run->hooks.finish(run->hooks.opaque, kind, reason,
				  END_FIELDS(END_DEC("step", step), END_DEC("ms", ms)));
	else
		run->hooks.finish(run->hooks.opaque, kind, reason, END_FIELDS(END_DEC("step", step)));
	pthread_mutex_lock(&run->lock);
}

static unsigned milliseconds(double seconds)
{
	return (unsigned)llround(seconds * 1000.0);
}

static void say_timed_out(const struct expect_step *s, int index)
{
	console_before_messages();
	fprintf(stderr, "mini-kvm: --expect step %d (line %d): the text \"", index + 1, s->line);
	for (size_t i = 0; i < s->len && i < 60; i++)
		fprintf(stderr, s->text[i] >= 0x20 && s->text[i] < 0x7f && s->text[i] != '"' ? "%c" : "\\x%02x",
			s->text[i]);
	fprintf(stderr, "%s\" did not appear within %g s\n", s->len > 60 ? "..." : "", s->seconds);
}

/* One step, if it can be carried out now. Returns true to go on with the
 * next; else *next is when to look again (0: after output). Caller holds
 * lock. */
static bool carry_out(struct expect_run *run, double now, double *next)
{
	const struct expect_step *s = &run->script->steps[run->step];
	switch (s->op) {
	case STEP_EXPECT:
		if (now < run->step_started + s->seconds) {
			*next = run->step_started + s->seconds;
			return false;
		}
		say_timed_out(s, run->step);
		finish(run, END_SCRIPT_TIMEOUT, REASON_EXPECT_TIMEOUT, milliseconds(s->seconds));
		return false;
	case STEP_SEND: {
		pthread_mutex_unlock(&run->lock);
		size_t given = run->hooks.send(run->hooks.opaque, s->text + run->sent, s->len - run->sent);
		pthread_mutex_lock(&run->lock);
		run->sent += given;
		if (run->sent < s->len) {
			*next = now + SEND_RETRY_SECONDS;
			return false;
		}
		enter_step(run, run->step + 1, now);
		return true;
	}
	case STEP_END:
		finish(run, END_SCRIPT_ENDED, REASON_SCRIPT_END, 0);
		return false;
	case STEP_END_QUIET: {
		double quiet_since = fmax(run->last_output, run->step_started);
		if (now < quiet_since + s->seconds) {
			*next = quiet_since + s->seconds;
			return false;
		}
		finish(run, END_SCRIPT_ENDED, REASON_SCRIPT_QUIET, milliseconds(s->seconds));
		return false;
	}
	}
	return false;
}

/* Carry out the steps that can be carried out now. The caller holds
 * lock and has set busy (no other thread carries out steps meanwhile);
 * busy is clear on return. Returns when to look again (0: after output). */
static double run_steps(struct expect_run *run, double now)
{
	double next = 0;
	while (!run->finished && !run->stopping) {
		if (run->step > run->last_send && !run->input_ended) {
			run->input_ended = true;       /* no key will come again */
			pthread_mutex_unlock(&run->lock);
			run->hooks.input_done(run->hooks.opaque);
			pthread_mutex_lock(&run->lock);
			continue;
		}
		if (run->step >= run->script->nsteps || !carry_out(run, now, &next))
			break;
	}
	run->busy = false;
	return next;
}

double expect_advance(struct expect_run *run, double now)
{
	pthread_mutex_lock(&run->lock);
	if (run->busy) {                   /* another thread is at it: look again soon */
		pthread_mutex_unlock(&run->lock);
		return now + SEND_RETRY_SECONDS;
	}
	run->busy = true;
	double next = run_steps(run, now);
	pthread_mutex_unlock(&run->lock);
	return next;
}

/* A match moves the script on here, on the thread that wrote the byte,
 * so what follows it (sends, an end) happens before the guest runs on;
 * only if the time keeper is in the middle of a step does it go on. */
void expect_feed(struct expect_run *run, int vcpu, size_t offset, uint8_t byte)
{
	double now = run->clock();
	pthread_mutex_lock(&run->lock);
	run->last_output = now;
	const struct expect_step *s = run->step < run->script->nsteps ? &run->script->steps[run->step] : NULL;
	if (s && s->op == STEP_EXPECT && !run->finished) {
		while (run->matched && s->text[run->matched] != byte)
			run->matched = run->prefix[run->matched - 1];
		if (s->text[run->matched] == byte)
			run->matched++;
		if (run->matched == s->len) {
			add_event(run, EVENT_MATCHED, vcpu, offset);
			run->mark_vcpu = vcpu, run->mark_offset = offset;
			enter_step(run, run->step + 1, now);
			if (!run->busy) {
				run->busy = true;
				run_steps(run, now);
			}
			pthread_cond_signal(&run->changed);   /* the time keeper: a new step */
		}
	}
	pthread_mutex_unlock(&run->lock);
}

static void *expect_main(void *arg)
{
	struct expect_run *run = arg;
	pthread_mutex_lock(&run->lock);
	while (!run->stopping) {
		pthread_mutex_unlock(&run->lock);
		double next = expect_advance(run, run->clock());
		pthread_mutex_lock(&run->lock);
		if (run->stopping)
			break;
		if (next <= 0) {
			pthread_cond_wait(&run->changed, &run->lock);
			continue;
		}
		struct timespec until = { .tv_sec = (time_t)next,
					  .tv_nsec = (long)((next - floor(next)) * 1e9) };
		pthread_cond_timedwait(&run->changed, &run->lock, &until);
	}
	pthread_mutex_unlock(&run->lock);
	return NULL;
}

void expect_begin(struct expect_run *run, double now)
{
	pthread_mutex_lock(&run->lock);
	run->last_output = now;
	enter_step(run, 0, now);
	pthread_mutex_unlock(&run->lock);
}

int expect_start(struct expect_run *run)
{
	if (pthread_create(&run->thread, NULL, expect_main, run) != 0)
		return -1;
	run->thread_running = true;
	return 0;
}

void expect_stop(struct expect_run *run)
{
	pthread_mutex_lock(&run->lock);
	run->stopping = true;
	pthread_cond_signal(&run->changed);
	pthread_mutex_unlock(&run->lock);
	if (run->thread_running)
		pthread_join(run->thread, NULL);
	run->thread_running = false;
}

void expect_note_unfinished(struct expect_run *run)
{
	pthread_mutex_lock(&run->lock);
	const struct expect_step *s = run->step < run->script->nsteps ? &run->script->steps[run->step] : NULL;
	bool ended_here = s && run->finished && (s->op == STEP_END || s->op == STEP_END_QUIET);
	if (s && !ended_here)
		add_event(run, EVENT_UNFINISHED, 0, SIZE_MAX);
	pthread_mutex_unlock(&run->lock);
}

const struct expect_event *expect_events(const struct expect_run *run, int *n)
{
	*n = run->nevents;
	return run->events;
}
