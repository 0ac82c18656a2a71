/* vm.h: the host's /dev/kvm and one VM with its guest RAM. */
#ifndef MINIKVM_VM_H
#define MINIKVM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cpu_features.h"

struct vm {
	int fd;
	uint8_t *mem;
	size_t mem_size;
	size_t run_size;     /* bytes of each vCPU's kvm_run mapping */
};

/* Open /dev/kvm once and check its API. Returns 0, or -1 with err. */
int kvm_open(char *err, size_t errlen);
/* Can KVM copy the registers into kvm_run at every exit (KVM_CAP_SYNC_REGS)? */
bool kvm_has_sync_regs(void);
/* Give a new vCPU the host's supported CPUID, with its own APIC ID and
 * the features choice adds or removes (NULL: none). */
int kvm_set_cpuid(int vcpu_fd, unsigned apic_id, const struct cpu_feature_choice *choice);
/* Can this host's KVM give a guest cpu_features[feature]? */
bool kvm_cpu_feature_supported(int feature);

/* Create a VM with mem_size bytes of RAM at guest-physical 0. */
int vm_create(struct vm *vm, size_t mem_size, char *err, size_t errlen);
void vm_destroy(struct vm *vm);

/* Host pointer for guest-physical [gpa, gpa+len), or NULL if not RAM. */
void *vm_guest_ptr(const struct vm *vm, uint64_t gpa, uint64_t len);

#endif
