/* vcpu_regs.h: reading a vCPU's registers and memory as the guest sees it. */
#ifndef MINIKVM_VCPU_REGS_H
#define MINIKVM_VCPU_REGS_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdint.h>

struct vcpu;
/* The address after the IN/OUT of the current I/O exit (completes it). */
uint64_t vcpu_rip_after_io(struct vcpu *vcpu);
/* Each ends the vCPU as a VMM error if the ioctl fails, and returns -1. */
int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs);
int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs);
/* Read len bytes at a guest virtual address as `width`-byte little-endian
 * words into words[] (width 1: raw bytes). Returns 0, or -1 if unmapped. */
int vcpu_read_virt(struct vcpu *vcpu, uint64_t vaddr, void *words, size_t len, unsigned width);

#endif
