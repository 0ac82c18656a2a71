/* irq_latency.c: how late does a timer interrupt reach the guest? When
 * the environment variable MINI_KVM_IRQ_LATENCY names a file, every timer
 * tick's deadline is noted as the timer thread raises IRQ0, and two delays
 * are kept for each tick the vCPU thread injects:
 *   inject   deadline -> KVM_INTERRUPT done;
 *   handler  deadline -> the guest's first exit after it, back in the VMM.
 * A benchmark guest whose handler starts with an `out` (guests/bench/
 * timer_real.asm) makes "handler" an upper bound on the time to its first
 * instruction: it also holds that one exit. At the end of the run the file
 * gets "VCPU KIND NANOSECONDS" lines; bench/run.py makes them a median and
 * a p99.
 *
 * It is an environment variable, not an option, because it is a tool for
 * measuring the VMM rather than a feature of it. Off, nothing here runs. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "irq_latency.h"
#include "options.h"

#define MAX_SAMPLES 100000      /* per vCPU; later ticks are not recorded */

bool irq_latency_on;
static const char *log_path;
static _Atomic int64_t deadline_ns[MAX_VCPUS];   /* of the tick now pending */
/* Each written by its own vCPU thread only: [vcpu][0] inject, [vcpu][1] handler. */
static int64_t *samples[MAX_VCPUS][2];
static size_t nsamples[MAX_VCPUS][2];
static int64_t injected_deadline[MAX_VCPUS];     /* 0: no injection awaits an exit */

static int64_t to_ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

void irq_latency_start(void)
{
	log_path = getenv("MINI_KVM_IRQ_LATENCY");
	if (!log_path || !*log_path)
		return;
	for (int i = 0; i < MAX_VCPUS; i++)
		for (int k = 0; k < 2; k++)
			if (!(samples[i][k] = malloc(MAX_SAMPLES * sizeof *samples[i][k])))
				return;
	irq_latency_on = true;
}

void irq_latency_deadline(int id, bool already_pending, const struct timespec *deadline)
{
	/* A tick that finds IRQ0 still pending coalesces with it: the
	 * latency counts from the older deadline, which is still waiting. */
	if (!already_pending && id >= 0 && id < MAX_VCPUS)
		atomic_store(&deadline_ns[id], to_ns(deadline));
}

static void keep(int id, int kind, int64_t ns)
{
	if (nsamples[id][kind] < MAX_SAMPLES)
		samples[id][kind][nsamples[id][kind]++] = ns;
}

void irq_latency_injected(int id)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t deadline = atomic_load(&deadline_ns[id]);
	if (deadline)
		keep(id, 0, to_ns(&now) - deadline);
	injected_deadline[id] = deadline;
}

void irq_latency_entry(int id)
{
	int64_t deadline = injected_deadline[id];
	if (!deadline)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	keep(id, 1, to_ns(&now) - deadline);
	injected_deadline[id] = 0;
}

void irq_latency_finish(void)
{
	if (!irq_latency_on)
		return;
	irq_latency_on = false;
	FILE *f = fopen(log_path, "w");
	if (!f) {
		perror(log_path);
		return;
	}
	static const char *const kinds[2] = { "inject", "handler" };
	for (int i = 0; i < MAX_VCPUS; i++)
		for (int k = 0; k < 2; k++)
			for (size_t n = 0; n < nsamples[i][k]; n++)
				fprintf(f, "%d %s %lld\n", i, kinds[k], (long long)samples[i][k][n]);
	fclose(f);
}
