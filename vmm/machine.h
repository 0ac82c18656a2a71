/* machine.h: the whole run: every vCPU, the shared devices and how the
 * run stops (all guests done, timeout, the user, or a fatal error). */
#ifndef MINIKVM_MACHINE_H
#define MINIKVM_MACHINE_H

#include <pthread.h>
#include <stdatomic.h>
#include "keyboard.h"
#include "options.h"
#include "vcpu.h"

struct machine {
	const struct config *cfg;
	struct vcpu vcpus[MAX_VCPUS];
	int nvcpus;
	pthread_mutex_t lock;
	pthread_cond_t changed;         /* a vCPU ended */
	int running;
	atomic_int stop;                /* END_RUNNING, or why every vCPU must stop */
	struct input_script script;
	bool scripted;                  /* keys come from a script */
	bool live;                      /* keys come from the terminal */
	pthread_t timer_thread, input_thread;
	bool timer_running, input_running;
	int input_wake_pipe[2];
	/* --smp or a Multiboot kernel: ONE guest on every vCPU, with KVM's
	 * in-kernel irqchip; its IRQ lines are eventfds bound by KVM_IRQFD
	 * (irqchip.c). Otherwise each vCPU is a guest of its own. */
	bool one_guest;
	int irq_eventfds[2];            /* IRQ0, IRQ1 */
};

/* Ask every vCPU to stop with this reason (first reason wins). */
void machine_request_stop(struct machine *machine, enum end_kind why);
bool machine_stopping(const struct machine *machine);
/* Called by a vCPU thread when it has ended. */
void machine_vcpu_ended(struct machine *machine);
/* Run every vCPU to its end, the timeout or a stop; returns the status. */
int machine_run(struct machine *machine);
int machine_status(const struct machine *machine);

/* The guest a vCPU belongs to (0..MAX_VCPUS-1), for devices that keep
 * state per guest: with --smp every vCPU shares guest 0's devices. */
static inline int machine_guest_of(const struct vcpu *vcpu)
{
	return vcpu->machine->one_guest ? 0 : vcpu->id;
}

#endif
