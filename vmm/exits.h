/* exits.h: what a vCPU does with each kind of VM exit, and the reporter
 * of the guest exceptions that reach the VMM's fallback IDT (port 0x501). */
#ifndef MINIKVM_EXITS_H
#define MINIKVM_EXITS_H

#include <stdbool.h>
#include <stdint.h>

struct vcpu;

/* Start the vCPU's thread: KVM_RUN, handle the exit, again, until it ends. */
int vcpu_start(struct vcpu *vcpu);
void vcpu_join(struct vcpu *vcpu);

/* Send the exit in the vCPU's run area to its handler. The run loop's
 * only caller; exported so the fuzzer (vmm/fuzz/) can feed it made-up
 * kvm_run records. Returns VCPU_CONTINUE or VCPU_STOP. */
int vcpu_dispatch_exit(struct vcpu *vcpu);

/* Name and meaning of a KVM exit reason, e.g. "shutdown", "triple fault". */
const char *vcpu_exit_name(unsigned reason);
const char *vcpu_exit_meaning(unsigned reason);

/* Bus handler for port 0x501: the fallback IDT's stubs report an
 * unhandled exception (owner unused). */
int exception_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size,
		 bool is_write, uint8_t *data);
/* The name of exception vector v, e.g. "#GP (general protection)". */
const char *exception_name(unsigned vector);

#endif
