/* vcpu.h: one virtual CPU: its KVM fd and run area, its thread and run
 * loop, its output stream, how it ended and its exit counters. What it
 * needs from the guest it belongs to comes in a struct vcpu_env the guest
 * fills (RAM, buses, hooks), so this layer never calls up into guests,
 * devices or the machine. The same vcpu_open serves the guests of a run,
 * the host probes and the KVM-less fake of the tests and fuzzers. */
#ifndef MINIKVM_VCPU_H
#define MINIKVM_VCPU_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "boot.h"
#include "bus.h"
#include "console.h"
#include "status.h"
#include "vm.h"

#define EXIT_REASONS 64

/* Results of an exit handler (the same values as a bus handler's). */
enum { VCPU_CONTINUE = BUS_CONTINUE, VCPU_STOP = BUS_STOP };

struct vcpu;

/* What a vCPU needs from its guest; filled once by whoever opens it.
 * Every hook may be NULL (a host probe has no devices). */
struct vcpu_env {
	void *guest;                    /* passed to the hooks */
	struct vm *vm;
	const struct boot_info *boot;   /* entry state of vCPU 0; NULL: leave KVM's */
	const struct bus *ports, *mmio;
	const atomic_int *stop;         /* END_RUNNING, or why every vCPU must stop */
	const char *image_name;         /* for messages */
	int first_id;                   /* the run-wide number of this guest's vCPU 0 */
	bool trace;
	size_t max_output;
	bool keep_output;               /* a transcript wants every byte */
	/* The PC's policy for unbacked guest-physical addresses below 4 GiB
	 * (one-guest machine): reads return all ones, writes are dropped.
	 * Without it, and above 4 GiB always, such an access is a fault. */
	bool pc_memory_holes;
	const struct cpu_feature_choice *cpu_features;   /* CPUID changes; NULL: none */
	/* Before each KVM_RUN: deliver interrupts (-1: the vCPU has ended). */
	int (*before_entry)(void *guest, struct vcpu *vcpu);
	/* hlt with IF=1, before sleeping: offer what the guest waits for. */
	void (*on_idle)(void *guest, struct vcpu *vcpu);
	bool (*interrupt_ready)(void *guest);     /* an unmasked IRQ waits */
	bool (*interrupt_possible)(void *guest);  /* one could still come */
	void (*ended)(void *guest, struct vcpu *vcpu);
	/* Each byte of output after it is kept (an --expect script and a
	 * Linux guest's panic watch look at it); returns VCPU_STOP when the
	 * vCPU has been ended. */
	int (*output_byte)(void *guest, struct vcpu *vcpu, uint8_t byte);
	/* A debugger (--gdb, gdb_target.c): called before each KVM_RUN (it
	 * parks the vCPU while the debugger has it stopped), and for
	 * KVM_EXIT_DEBUG. NULL without one. */
	void (*debug_checkpoint)(void *guest, struct vcpu *vcpu);
	int (*debug_exit)(void *guest, struct vcpu *vcpu);
	/* Can this host run 32-bit paging? (asked only to name a shutdown) */
	bool (*pm32_paging_works)(void);
};

struct vcpu {
	int id;                         /* run-wide number: "cpuN", transcript */
	int index;                      /* KVM vCPU id in its VM = its APIC ID */
	const struct vcpu_env *env;
	enum guest_mode mode;           /* the mode it was entered in */
	int fd;
	struct kvm_run *run;
	size_t run_size;
	bool regs_in_run;               /* kvm_run holds this exit's registers (sync regs) */
	pthread_t thread;
	atomic_bool thread_started;     /* set once the thread exists; read by kickers */

	pthread_mutex_t lock;           /* guards idle, wake-ups and end */
	pthread_cond_t wake;            /* signalled on IRQs and stop */
	bool idle;                      /* sleeping in hlt */

	struct console_stream out;
	struct vcpu_end end;
	uint64_t exit_counts[EXIT_REASONS];
};

/* Create vCPU `index` of env->vm: KVM fd, run area, CPUID with its APIC
 * ID and, for vCPU 0 with env->boot, the boot tables and entry registers
 * (other vCPUs wait for INIT/SIPI in KVM's reset state). 0, or -1 with err. */
int vcpu_open(struct vcpu *vcpu, const struct vcpu_env *env, int index, char *err, size_t errlen);
void vcpu_close(struct vcpu *vcpu);
/* The calling thread runs this vCPU from now on: kicks reach its KVM_RUN. */
void vcpu_bind_thread(struct vcpu *vcpu);

/* (Its thread and run loop: exits.h.) */
/* Interrupt KVM_RUN on that vCPU's thread (any other thread may call it). */
void vcpu_kick(struct vcpu *vcpu);
/* Something it may wait for happened: wake it from hlt, or kick it. */
void vcpu_wake(struct vcpu *vcpu);

/* End the vCPU's run: its kind, reason, code (END_EXIT) and the reason's
 * fields (END_FIELDS(...) or END_NO_FIELDS). The first end wins. */
void vcpu_end(struct vcpu *vcpu, enum end_kind kind, enum end_reason reason, int code,
	      const struct end_field *fields, int nfields);
/* End it as a VMM error: what failed, and why. */
void vcpu_fail(struct vcpu *vcpu, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One byte of guest output; past --max-output the vCPU ends (VCPU_STOP). */
int vcpu_putc(struct vcpu *vcpu, uint8_t byte);
/* The same, written to a device that all vCPUs share (the UART): kept in
 * this vCPU's output, echoed on the device's line (console.h). */
int vcpu_putc_on(struct vcpu *vcpu, struct console_stream *line, uint8_t byte);
/* The guest waits (for a key, in hlt): show its unfinished line. */
void vcpu_flush_output(struct vcpu *vcpu);

/* Registers and memory as the guest sees them. The getters end the vCPU
 * as a VMM error if the ioctl fails, and return -1. */
int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs);
int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs);
int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs);
int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs);
/* The address after the IN/OUT of the current I/O exit, the same on every
 * host (it completes the I/O: for a vCPU on its way to an end). */
uint64_t vcpu_rip_after_io(struct vcpu *vcpu);
/* Guest-virtual to guest-physical through the vCPU's page tables. */
int vcpu_translate(struct vcpu *vcpu, uint64_t vaddr, uint64_t *gpa);
/* Read len bytes at a guest virtual address as `width`-byte little-endian
 * words into words[] (width 1: raw bytes). Returns 0, or -1 if unmapped. */
int vcpu_read_virt(struct vcpu *vcpu, uint64_t vaddr, void *words, size_t len, unsigned width);

/* Userspace interrupt injection (guests without the in-kernel irqchip). */
bool vcpu_can_take_interrupt(struct vcpu *vcpu);
int vcpu_inject(struct vcpu *vcpu, unsigned vector);
void vcpu_request_interrupt_window(struct vcpu *vcpu, bool wanted);

/* For host probes: one KVM_RUN of at most `seconds` on the calling thread. */
struct vcpu_exit_info {
	unsigned reason;        /* KVM_EXIT_* */
	uint16_t port;          /* KVM_EXIT_IO */
	unsigned suberror;      /* KVM_EXIT_INTERNAL_ERROR */
};
int vcpu_run_once(struct vcpu *vcpu, unsigned seconds, struct vcpu_exit_info *exit);

#endif
