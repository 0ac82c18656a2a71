/* machine.c: runs every guest's vCPUs to their end. Starts the vCPU
 * threads, the timer and the live keyboard, waits for all guests to end
 * or for the timeout, a signal or Ctrl-A x, and turns the ends into one
 * status. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "exits.h"
#include "gdb_target.h"
#include "hostcheck.h"
#include "machine.h"

#define WAIT_SLICE_NS 50000000L   /* how often the main thread looks at signals */

static volatile sig_atomic_t signal_seen;

static void on_signal(int sig)
{
	if (signal_seen) {            /* a second signal: leave now */
		screen_live_restore();
		terminal_restore();
		_exit(STATUS_STOPPED);
	}
	signal_seen = sig;
}

static void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
}

static void wake_all_vcpus(struct machine *machine)
{
	for (int g = 0; g < machine->nguests; g++)
		guest_wake_all(&machine->guests[g]);
}

/* Ask every vCPU to stop with this reason (first reason wins). */
static void machine_request_stop(struct machine *machine, enum end_kind why)
{
	int expected = END_RUNNING;
	if (!atomic_compare_exchange_strong(&machine->stop, &expected, why))
		return;
	wake_all_vcpus(machine);
}

/* A PC guest's PIT sets IRQ0's rate, unless --timer-hz did. */
static void guest_timer_rate(void *opaque, unsigned hz)
{
	struct machine *machine = opaque;
	if (machine->cfg->timer_hz_given)
		return;
	atomic_store(&machine->guest_hz, hz);   /* kept for a timer not started yet */
	timer_set_hz(&machine->timer, hz);
}

static void quit_from_terminal(void *opaque)
{
	machine_request_stop(opaque, END_STOPPED);
}

/* A vCPU thread has ended. The vCPUs of an SMP guest share its fate:
 * whichever ends first (a debug-exit, a fault, an emulation failure)
 * ends them all. */
static void one_vcpu_ended(void *opaque, struct guest *guest, struct vcpu *vcpu)
{
	struct machine *machine = opaque;
	(void)vcpu;
	if (guest->in_kernel_irqchip)
		machine_request_stop(machine, END_GUEST_ENDED);
	pthread_mutex_lock(&machine->lock);
	machine->running--;
	pthread_cond_signal(&machine->changed);
	pthread_mutex_unlock(&machine->lock);
}

/* ---- the --expect script's hooks (one guest: guests[0]) ---- */

static size_t expect_send(void *opaque, const uint8_t *bytes, size_t n)
{
	struct machine *machine = opaque;
	return kbd_give_keys_some(&machine->guests[0].kbd, bytes, n);
}

/* No key will come again: a guest that waits for one may end. */
static void expect_input_done(void *opaque)
{
	struct machine *machine = opaque;
	struct guest *guest = &machine->guests[0];
	kbd_end_live(&guest->kbd);
	for (int i = 0; i < guest->nvcpus; i++)
		vcpu_wake(&guest->vcpus[i]);
}

static void expect_finish(void *opaque, enum end_kind kind, enum end_reason reason,
			  const struct end_field *fields, int nfields)
{
	struct machine *machine = opaque;
	struct guest *guest = &machine->guests[0];
	for (int i = 0; i < guest->nvcpus; i++)
		vcpu_end(&guest->vcpus[i], kind, reason, 0, fields, nfields);
	machine_request_stop(machine, kind);
}

int machine_setup_expect(struct machine *machine, const char *path, char *err, size_t errlen)
{
	if (expect_script_load(path, &machine->expect_script, err, errlen) < 0)
		return -1;
	struct expect_hooks hooks = { .opaque = machine, .send = expect_send,
				      .input_done = expect_input_done, .finish = expect_finish };
	if (expect_run_init(&machine->expect, &machine->expect_script, hooks) < 0) {
		expect_script_free(&machine->expect_script);
		return error_format(err, errlen, "--expect %s: out of memory", path);
	}
	machine->expecting = true;
	machine->guest_env.expect = &machine->expect;
	return 0;
}

void machine_init(struct machine *machine, const struct config *cfg)
{
	machine->cfg = cfg;
	atomic_store(&machine->stop, END_RUNNING);
	machine->guest_env = (struct guest_env){
		.cfg = cfg, .stop = &machine->stop, .script = NULL, .machine = machine,
		.vcpu_ended = one_vcpu_ended, .pm32_paging_works = hostcheck_pm32_paging_works,
		.timer_rate = guest_timer_rate,
	};
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&machine->changed, &attr);
	pthread_mutex_init(&machine->lock, NULL);
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static bool stopping(const struct machine *machine)
{
	return atomic_load(&machine->stop) != END_RUNNING;
}

static void wait_for_vcpus(struct machine *machine)
{
	double timeout = machine->cfg->timeout;
	double deadline = timeout > 0 ? now_seconds() + timeout : 0;
	pthread_mutex_lock(&machine->lock);
	while (machine->running > 0) {
		struct timespec slice;
		clock_gettime(CLOCK_MONOTONIC, &slice);
		slice.tv_nsec += WAIT_SLICE_NS;
		if (slice.tv_nsec >= 1000000000L)
			slice.tv_sec++, slice.tv_nsec -= 1000000000L;
		pthread_cond_timedwait(&machine->changed, &machine->lock, &slice);
		pthread_mutex_unlock(&machine->lock);
		if (signal_seen)
			machine_request_stop(machine, END_STOPPED);
		if (deadline && now_seconds() - gdb_paused_seconds() >= deadline)
			machine_request_stop(machine, END_TIMEOUT);
		/* A kick can be lost: one sent while a vCPU thread is starting
		 * (before vcpu_start marks it started) reaches nobody, and an
		 * --smp AP waiting for its SIPI would then sleep in KVM_RUN for
		 * ever. So while stopping, kick the ones still running again. */
		if (stopping(machine))
			wake_all_vcpus(machine);
		pthread_mutex_lock(&machine->lock);
	}
	pthread_mutex_unlock(&machine->lock);
}

static void start_vcpus(struct machine *machine)
{
	for (int g = 0; g < machine->nguests; g++) {
		struct guest *guest = &machine->guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			pthread_mutex_lock(&machine->lock);
			machine->running++;
			pthread_mutex_unlock(&machine->lock);
			if (vcpu_start(&guest->vcpus[i]) < 0) {
				vcpu_fail(&guest->vcpus[i], "cannot start the vCPU thread");
				one_vcpu_ended(machine, guest, &guest->vcpus[i]);
				machine_request_stop(machine, END_VMM_ERROR);
			}
		}
	}
}

int machine_run(struct machine *machine)
{
	catch_signals();
	machine->running = 0;
	if (machine->expecting)
		expect_begin(&machine->expect, expect_now());
	start_vcpus(machine);
	/* The devices start after every vCPU thread exists, so they never
	 * see a half-started vCPU. */
	if (timer_start(&machine->timer, machine->cfg->timer_hz, machine->guests, machine->nguests) < 0)
		fprintf(stderr, "mini-kvm: cannot start the timer thread; running without IRQ0\n");
	if (atomic_load(&machine->guest_hz))    /* a PIT programmed before the timer began */
		timer_set_hz(&machine->timer, atomic_load(&machine->guest_hz));
	machine->terminal = (struct terminal){ .guests = machine->guests, .nguests = machine->nguests,
					       .machine = machine, .quit = quit_from_terminal };
	if (machine->live && terminal_input_start(&machine->terminal) < 0)
		fprintf(stderr, "mini-kvm: cannot read the terminal; running without keyboard\n");
	if (machine->expecting && expect_start(&machine->expect) < 0) {
		fprintf(stderr, "mini-kvm: cannot start the --expect thread\n");
		machine_request_stop(machine, END_VMM_ERROR);
	}
	if (machine->cfg->screen_live && machine->guests[0].vga.cells &&
	    screen_live_start(&machine->screen, &machine->guests[0].vga) < 0)
		fprintf(stderr, "mini-kvm: cannot draw the screen; running without --screen\n");
	wait_for_vcpus(machine);
	timer_stop(&machine->timer);
	terminal_input_stop(&machine->terminal);
	if (machine->expecting)
		expect_stop(&machine->expect);
	for (int g = 0; g < machine->nguests; g++)
		for (int i = 0; i < machine->guests[g].nvcpus; i++)
			vcpu_join(&machine->guests[g].vcpus[i]);
	if (machine->expecting)
		expect_note_unfinished(&machine->expect);
	screen_live_stop(&machine->screen);     /* the last picture, then the terminal back */
	return machine_status(machine);
}

/* The most serious end wins; among clean ends, the first non-zero code. */
int machine_status(const struct machine *machine)
{
	enum end_kind worst = END_RUNNING;
	int first_code = 0;
	for (int g = 0; g < machine->nguests; g++) {
		const struct guest *guest = &machine->guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			const struct vcpu_end *end = &guest->vcpus[i].end;
			if (end->kind >= END_STOPPED && end->kind > worst)
				worst = end->kind;
			if (!first_code)
				first_code = end_status(end);
		}
	}
	if (worst != END_RUNNING) {
		struct vcpu_end end = { .kind = worst };
		return end_status(&end);
	}
	return first_code;
}

int machine_vcpu_count(const struct machine *machine)
{
	int n = 0;
	for (int g = 0; g < machine->nguests; g++)
		n += machine->guests[g].nvcpus;
	return n;
}

void machine_close(struct machine *machine)
{
	for (int g = 0; g < machine->nguests; g++)
		guest_close(&machine->guests[g]);
	machine->nguests = 0;
	if (machine->scripted)
		input_script_close(&machine->script);
	if (machine->expecting) {
		expect_run_close(&machine->expect);
		expect_script_free(&machine->expect_script);
		machine->expecting = false;
	}
}
