/* fake_vcpu.h: a vCPU without KVM, for the fuzzers. Its fd is FAKE_VCPU_FD;
 * the ioctl() in fake_vcpu.c answers KVM_GET_REGS, KVM_GET_SREGS and
 * KVM_TRANSLATE for that fd from values the fuzzer chose (or fails them,
 * as a real ioctl might), and passes every other fd to the kernel. */
#ifndef MINIKVM_FAKE_VCPU_H
#define MINIKVM_FAKE_VCPU_H

#include <stddef.h>
#include <stdint.h>
#include "../machine.h"

#define FAKE_VCPU_FD   (-4242)
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

/* One machine with one vCPU on FAKE_VCPU_FD, timer off, output not
 * echoed, keys scripted from script[0..len). Reset before each input. */
struct vcpu *fake_vcpu_setup(const uint8_t *script, size_t script_len, size_t max_output);
void fake_vcpu_teardown(void);
/* Before each exit: put fake_kvm.regs where KVM would (kvm_run) if sync_regs. */
void fake_vcpu_sync(struct vcpu *vcpu);

#endif
