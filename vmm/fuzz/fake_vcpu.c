/* fake_vcpu.c: the KVM-less machine the fuzzers drive (fake_vcpu.h).
 * Overriding ioctl() is a link-time seam of the fuzz build only: the VMM's
 * own code is compiled unchanged. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fake_vcpu.h"

struct fake_kvm fake_kvm;
static struct config cfg;
static struct machine machine;
static uint8_t guest_mem[FAKE_MEM_SIZE];
static uint8_t *run_page;

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (fd != FAKE_VCPU_FD)
		return (int)syscall(SYS_ioctl, fd, request, arg);
	switch (request) {
	case KVM_GET_REGS:
		if (fake_kvm.fail_regs)
			break;
		memcpy(arg, &fake_kvm.regs, sizeof fake_kvm.regs);
		return 0;
	case KVM_GET_SREGS:
		if (fake_kvm.fail_sregs)
			break;
		memcpy(arg, &fake_kvm.sregs, sizeof fake_kvm.sregs);
		return 0;
	case KVM_INTERRUPT:
		return 0;
	case KVM_TRANSLATE: {
		struct kvm_translation *tr = arg;
		if (fake_kvm.fail_translate)
			break;
		/* identity, like the VMM's own page tables; out-of-RAM
		 * addresses are the caller's to reject */
		tr->physical_address = tr->linear_address;
		tr->valid = 1;
		return 0;
	}
	}
	errno = EINVAL;
	return -1;
}

uint8_t fuzz_u8(struct fuzz_input *in)
{
	return in->pos < in->size ? in->data[in->pos++] : 0;
}

uint16_t fuzz_u16(struct fuzz_input *in)
{
	return fuzz_u8(in) | (uint16_t)fuzz_u8(in) << 8;
}

uint32_t fuzz_u32(struct fuzz_input *in)
{
	return fuzz_u16(in) | (uint32_t)fuzz_u16(in) << 16;
}

uint64_t fuzz_u64(struct fuzz_input *in)
{
	return fuzz_u32(in) | (uint64_t)fuzz_u32(in) << 32;
}

struct vcpu *fake_vcpu_setup(const uint8_t *script, size_t script_len, size_t max_output)
{
	static int once;
	if (!once) {
		once = 1;
		console_setup(true, 1);
		run_page = aligned_alloc(4096, FAKE_RUN_SIZE);
		pthread_mutex_init(&machine.lock, NULL);
		pthread_cond_init(&machine.changed, NULL);
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.timer_hz = 0;                 /* a hlt must never wait for a tick */
	cfg.max_output = max_output ? max_output : 1;
	cfg.nimages = 1;
	machine.cfg = &cfg;
	machine.nvcpus = 1;
	atomic_store(&machine.stop, END_RUNNING);
	memset(&machine.script, 0, sizeof machine.script);
	pthread_mutex_init(&machine.script.lock, NULL);
	machine.script.buf = script_len ? malloc(script_len) : NULL;
	if (script_len)
		memcpy(machine.script.buf, script, script_len);
	machine.script.len = machine.script.cap = script_len;
	machine.script.fd = -1;
	machine.scripted = true;

	struct vcpu *vcpu = &machine.vcpus[0];
	memset(vcpu, 0, sizeof *vcpu);
	vcpu->machine = &machine;
	vcpu->image_name = vcpu->image_path = "fuzz.bin";
	vcpu->fd = FAKE_VCPU_FD;
	memset(run_page, 0, FAKE_RUN_SIZE);
	vcpu->run = (struct kvm_run *)run_page;
	vcpu->vm = (struct vm){ .fd = -1, .mem = guest_mem, .mem_size = sizeof guest_mem };
	vcpu->thread = pthread_self();
	pthread_mutex_init(&vcpu->lock, NULL);
	pthread_cond_init(&vcpu->wake, NULL);
	irq_init(&vcpu->irq, MODE_REAL);
	vcpu->kbd.script = &machine.script;
	vcpu->kbd.live_ended = true;
	memset(&fake_kvm, 0, sizeof fake_kvm);
	return vcpu;
}

void fake_vcpu_teardown(void)
{
	struct vcpu *vcpu = &machine.vcpus[0];
	console_free(&vcpu->out);
	pthread_mutex_destroy(&vcpu->lock);
	pthread_cond_destroy(&vcpu->wake);
	free(machine.script.buf);
	pthread_mutex_destroy(&machine.script.lock);
	memset(&machine.script, 0, sizeof machine.script);
}

void fake_vcpu_sync(struct vcpu *vcpu)
{
	vcpu->run->kvm_valid_regs = fake_kvm.sync_regs ? KVM_SYNC_X86_REGS : 0;
	if (fake_kvm.sync_regs)
		vcpu->run->s.regs.regs = fake_kvm.regs;
}
