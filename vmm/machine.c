/* machine.c: runs every vCPU to its end. Starts the vCPU threads, the
 * timer and the live keyboard, waits for all guests to end or for the
 * timeout, a signal or Ctrl-A x, and turns the ends into one status. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "machine.h"

#define WAIT_SLICE_NS 50000000L   /* how often the main thread looks at signals */

static volatile sig_atomic_t signal_seen;

static void on_signal(int sig)
{
	if (signal_seen) {            /* a second signal: leave now */
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
	for (int i = 0; i < machine->nvcpus; i++) {
		struct vcpu *vcpu = &machine->vcpus[i];
		pthread_mutex_lock(&vcpu->lock);
		pthread_cond_signal(&vcpu->wake);
		pthread_mutex_unlock(&vcpu->lock);
		vcpu_kick(vcpu);
	}
}

void machine_request_stop(struct machine *machine, enum end_kind why)
{
	int expected = END_RUNNING;
	if (!atomic_compare_exchange_strong(&machine->stop, &expected, why))
		return;
	wake_all_vcpus(machine);
}

bool machine_stopping(const struct machine *machine)
{
	return atomic_load(&machine->stop) != END_RUNNING;
}

void machine_vcpu_ended(struct machine *machine)
{
	/* The vCPUs of one guest share its fate: whichever ends first (a
	 * debug-exit, a fault, an emulation failure) ends them all. */
	if (machine->one_guest)
		machine_request_stop(machine, END_GUEST_ENDED);
	pthread_mutex_lock(&machine->lock);
	machine->running--;
	pthread_cond_signal(&machine->changed);
	pthread_mutex_unlock(&machine->lock);
}

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
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
		if (signal_seen)
			machine_request_stop(machine, END_STOPPED);
		if (deadline && now_seconds() >= deadline)
			machine_request_stop(machine, END_TIMEOUT);
		/* A kick can be lost: one sent while a vCPU thread is starting
		 * (before vcpu_start marks it started) reaches nobody, and an
		 * --smp AP waiting for its SIPI would then sleep in KVM_RUN for
		 * ever. So while stopping, kick the ones still running again. */
		if (machine_stopping(machine) && machine->running > 0)
			wake_all_vcpus(machine);
	}
	pthread_mutex_unlock(&machine->lock);
}

int machine_run(struct machine *machine)
{
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&machine->changed, &attr);
	pthread_mutex_init(&machine->lock, NULL);
	catch_signals();
	machine->running = 0;
	for (int i = 0; i < machine->nvcpus; i++) {
		pthread_mutex_lock(&machine->lock);
		machine->running++;
		pthread_mutex_unlock(&machine->lock);
		if (vcpu_start(&machine->vcpus[i]) < 0) {
			vcpu_finish(&machine->vcpus[i], END_VMM_ERROR, 0, "cannot start the vCPU thread");
			machine_vcpu_ended(machine);
			machine_request_stop(machine, END_VMM_ERROR);
		}
	}
	/* The devices start after every vCPU thread exists, so they never
	 * see a half-started vCPU. */
	if (timer_start(machine) < 0)
		fprintf(stderr, "mini-kvm: cannot start the timer thread; running without IRQ0\n");
	if (machine->live && terminal_input_start(machine) < 0)
		fprintf(stderr, "mini-kvm: cannot read the terminal; running without keyboard\n");
	wait_for_vcpus(machine);
	timer_stop(machine);
	terminal_input_stop(machine);
	for (int i = 0; i < machine->nvcpus; i++)
		if (machine->vcpus[i].thread_started)
			pthread_join(machine->vcpus[i].thread, NULL);
	return machine_status(machine);
}

/* The most serious end wins; among clean ends, the first non-zero code. */
int machine_status(const struct machine *machine)
{
	enum end_kind worst = END_RUNNING;
	int first_code = 0;
	for (int i = 0; i < machine->nvcpus; i++) {
		const struct vcpu_end *end = &machine->vcpus[i].end;
		if (end->kind >= END_STOPPED && end->kind > worst)
			worst = end->kind;
		if (!first_code)
			first_code = end_status(end);
	}
	if (worst != END_RUNNING) {
		struct vcpu_end end = { .kind = worst };
		return end_status(&end);
	}
	return first_code;
}
