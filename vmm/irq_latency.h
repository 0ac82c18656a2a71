/* irq_latency.h: an optional measurement for bench/: the time from each
 * timer tick's deadline to its KVM_INTERRUPT and to the guest's next exit
 * (docs/PERFORMANCE.md). */
#ifndef MINIKVM_IRQ_LATENCY_H
#define MINIKVM_IRQ_LATENCY_H

#include <stdbool.h>
#include <time.h>

/* True only while a measurement is on; the hooks below are called only
 * then, so an ordinary run pays one predictable branch per tick. */
extern bool irq_latency_on;

/* Turn the measurement on if MINI_KVM_IRQ_LATENCY names a file. */
void irq_latency_start(void);
/* The timer thread is about to raise IRQ0 for the tick due at deadline. */
/* (A tick that finds IRQ0 still pending coalesces with it: pass
 * already_pending, and the older deadline stays.) */
void irq_latency_deadline(int vcpu_id, bool already_pending, const struct timespec *deadline);
/* The vCPU thread has just injected IRQ0. */
void irq_latency_injected(int vcpu_id);
/* The vCPU thread is about to enter the guest again (after an exit). */
void irq_latency_entry(int vcpu_id);
/* After the run: write "VCPU KIND NANOSECONDS" lines to the file. */
void irq_latency_finish(void);

#endif
