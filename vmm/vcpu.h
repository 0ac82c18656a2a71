/* vcpu.h: one guest's vCPU: its thread, its devices' state and its end. */
#ifndef MINIKVM_VCPU_H
#define MINIKVM_VCPU_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "boot.h"
#include "console.h"
#include "irq.h"
#include "keyboard.h"
#include "status.h"
#include "vm.h"

#define EXIT_REASONS 64

struct machine;

struct vcpu {
	int id;
	const char *image_path;
	const char *image_name;         /* file name without directories */
	struct machine *machine;
	struct vm vm;
	struct boot_info boot;
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	atomic_bool thread_started;     /* set once the thread exists; read by kickers */

	pthread_mutex_t lock;           /* guards wake-ups, live keys, end */
	pthread_cond_t wake;            /* signalled on IRQs and stop */
	bool idle;                      /* sleeping in hlt */

	struct irq_state irq;
	struct keyboard kbd;
	struct console_stream out;
	struct vcpu_end end;
	uint64_t exit_counts[EXIT_REASONS];
};

/* Set up a vCPU for a loaded VM. Returns 0 or -1 with err. */
int vcpu_create(struct vcpu *vcpu, char *err, size_t errlen);
int vcpu_start(struct vcpu *vcpu);
void vcpu_destroy(struct vcpu *vcpu);

/* Interrupt KVM_RUN on that vCPU's thread (any other thread may call it). */
void vcpu_kick(struct vcpu *vcpu);
/* Is the calling thread this vCPU's own? */
bool vcpu_is_current(const struct vcpu *vcpu);

/* End the vCPU's run: kind, code (END_EXIT) and a transcript detail. */
void vcpu_finish(struct vcpu *vcpu, enum end_kind kind, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Name and meaning of a KVM exit reason, e.g. "shutdown", "triple fault". */
const char *vcpu_exit_name(unsigned reason);
const char *vcpu_exit_meaning(unsigned reason);

/* Send the exit in vcpu->run to its handler. The run loop's only caller
 * in the VMM; exported so the fuzzer (vmm/fuzz/) can feed it made-up
 * kvm_run records. Returns VCPU_CONTINUE or VCPU_STOP. */
int vcpu_dispatch_exit(struct vcpu *vcpu);

/* Results of an exit handler. */
enum { VCPU_CONTINUE = 0, VCPU_STOP = 1 };

#endif
