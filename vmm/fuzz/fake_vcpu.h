/* fake_vcpu.h: a guest with one vCPU and no KVM, for the unit tests and
 * the fuzzers. It is built by the VMM's own code (guest_attach, hence
 * vcpu_open) on a made-up VM whose fd is FAKE_VM_FD; the ioctl() in
 * fake_vcpu.c answers for that fd and for the vCPU it creates (a memfd
 * standing in for the kvm_run mapping): KVM_GET_REGS, KVM_GET_SREGS and
 * KVM_TRANSLATE come from values the caller chose (or fail, as a real
 * ioctl might); every other fd goes to the kernel. */
#ifndef MINIKVM_FAKE_VCPU_H
#define MINIKVM_FAKE_VCPU_H

#include <stddef.h>
#include <stdint.h>
#include "../exits.h"
#include "../guest.h"

#define FAKE_VM_FD     (-4242)
#define FAKE_RUN_SIZE  (3 * 4096)   /* kvm_run, then the PIO data page */
#define FAKE_PIO_OFFSET 4096
#define FAKE_MEM_SIZE  (64u << 10)

struct fake_kvm {
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	int fail_regs, fail_sregs, fail_translate;
	int sync_regs;          /* hand the registers over in kvm_run, as
				 * KVM_CAP_SYNC_REGS does, instead of by ioctl */
};
extern struct fake_kvm fake_kvm;

/* A byte reader over the fuzzer's input: past the end it reads zeros. */
struct fuzz_input { const uint8_t *data; size_t size, pos; };
uint8_t fuzz_u8(struct fuzz_input *in);
uint16_t fuzz_u16(struct fuzz_input *in);
uint32_t fuzz_u32(struct fuzz_input *in);
uint64_t fuzz_u64(struct fuzz_input *in);

/* One real-mode guest with one vCPU, timer off, output not echoed, keys
 * scripted from script[0..len). Reset before each input. */
struct vcpu *fake_vcpu_setup(const uint8_t *script, size_t script_len, size_t max_output);
void fake_vcpu_teardown(void);
/* The guest the fake vCPU belongs to (RAM, keyboard, PIC). */
struct guest *fake_guest(void);
/* Before each exit: put fake_kvm.regs where KVM would (kvm_run) if sync_regs. */
void fake_vcpu_sync(struct vcpu *vcpu);

#endif
