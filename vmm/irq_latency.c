/* irq_latency.c: how late does a timer interrupt reach the guest? When
 * the environment variable MINI_KVM_IRQ_LATENCY names a file, every timer
 * tick's deadline is noted as the timer thread raises IRQ0, and when the
 * vCPU thread injects it (KVM_INTERRUPT) the delay is kept; at the end of
 * the run the file gets one "VCPU NANOSECONDS" line per injected tick.
 * bench/run.py turns these into a median and a p99.
 *
 * It is an environment variable, not an option, because it is a tool for
 * measuring the VMM rather than a feature of it. Off, nothing here runs. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "irq_latency.h"
#include "machine.h"

#define MAX_SAMPLES 100000      /* per vCPU; later ticks are not recorded */

bool irq_latency_on;
static const char *log_path;
static _Atomic int64_t deadline_ns[MAX_VCPUS];   /* of the tick now pending */
static int64_t *samples[MAX_VCPUS];              /* each written by its vCPU only */
static size_t nsamples[MAX_VCPUS];

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
		if (!(samples[i] = malloc(MAX_SAMPLES * sizeof *samples[i])))
			return;
	irq_latency_on = true;
}

void irq_latency_deadline(struct vcpu *vcpu, const struct timespec *deadline)
{
	/* A tick that finds IRQ0 still pending coalesces with it: the
	 * latency counts from the older deadline, which is still waiting. */
	if (!(atomic_load(&vcpu->irq.pending) & (1u << IRQ_TIMER)))
		atomic_store(&deadline_ns[vcpu->id], to_ns(deadline));
}

void irq_latency_injected(struct vcpu *vcpu)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	int64_t deadline = atomic_load(&deadline_ns[vcpu->id]);
	if (deadline && nsamples[vcpu->id] < MAX_SAMPLES)
		samples[vcpu->id][nsamples[vcpu->id]++] = to_ns(&now) - deadline;
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
	for (int i = 0; i < MAX_VCPUS; i++)
		for (size_t k = 0; k < nsamples[i]; k++)
			fprintf(f, "%d %lld\n", i, (long long)samples[i][k]);
	fclose(f);
}
