/* fake_vcpu.c: the KVM-less guest the tests and fuzzers drive
 * (fake_vcpu.h). Overriding ioctl() is a link-time seam of the test and
 * fuzz builds only: the VMM's own code is compiled unchanged, and the
 * guest and its vCPU are made by the same guest_attach and vcpu_open a
 * real run uses. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "fake_vcpu.h"

struct fake_kvm fake_kvm;
static struct config cfg;
static struct guest guest;
static struct guest_env env;
static atomic_int stop;
static struct input_script script;
static uint8_t guest_mem[FAKE_MEM_SIZE];
static int vcpu_fd = -1;        /* the memfd the fake KVM_CREATE_VCPU returned */

static int create_vcpu(void)
{
	int fd = memfd_create("fake-kvm-run", MFD_CLOEXEC);
	if (fd >= 0 && ftruncate(fd, FAKE_RUN_SIZE) < 0) {
		close(fd);
		return -1;
	}
	vcpu_fd = fd;
	return fd;
}

static int vcpu_ioctl(unsigned long request, void *arg)
{
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
	case KVM_SET_REGS:
	case KVM_SET_SREGS:
	case KVM_SET_CPUID2:
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

int ioctl(int fd, unsigned long request, ...)
{
	va_list ap;
	va_start(ap, request);
	void *arg = va_arg(ap, void *);
	va_end(ap);
	if (fd == FAKE_VM_FD && request == KVM_CREATE_VCPU)
		return create_vcpu();
	if (fd >= 0 && fd == vcpu_fd)
		return vcpu_ioctl(request, arg);
	return (int)syscall(SYS_ioctl, fd, request, arg);
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

static void ignore_end(void *machine, struct guest *g, struct vcpu *vcpu)
{
	(void)machine, (void)g, (void)vcpu;
}

struct vcpu *fake_vcpu_setup(const uint8_t *bytes, size_t len, size_t max_output)
{
	static int once;
	if (!once) {
		once = 1;
		console_setup(true, 1, 1);
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.timer_hz = 0;                 /* a hlt must never wait for a tick */
	cfg.max_output = max_output ? max_output : 1;
	cfg.nimages = 1;
	cfg.mem_size = sizeof guest_mem;
	atomic_store(&stop, END_RUNNING);
	memset(&script, 0, sizeof script);
	pthread_mutex_init(&script.lock, NULL);
	script.buf = len ? malloc(len) : NULL;
	if (len)
		memcpy(script.buf, bytes, len);
	script.len = script.cap = len;
	script.fd = -1;
	env = (struct guest_env){ .cfg = &cfg, .stop = &stop, .script = &script, .vcpu_ended = ignore_end };

	memset(&guest, 0, sizeof guest);
	memset(guest_mem, 0, sizeof guest_mem);
	guest.image_path = guest.image_name = "fuzz.bin";
	guest.vm = (struct vm){ .fd = FAKE_VM_FD, .mem = guest_mem, .mem_size = sizeof guest_mem,
				.run_size = FAKE_RUN_SIZE };
	guest.boot = (struct boot_info){ .mode = MODE_REAL };
	memset(&fake_kvm, 0, sizeof fake_kvm);
	char err[128];
	if (guest_attach(&guest, &env, 1, err, sizeof err) < 0)
		abort();
	struct vcpu *vcpu = &guest.vcpus[0];
	vcpu->thread = pthread_self();
	guest.kbd.live_ended = true;
	return vcpu;
}

void fake_vcpu_teardown(void)
{
	for (int i = 0; i < guest.nvcpus; i++) {
		pthread_mutex_destroy(&guest.vcpus[i].lock);
		pthread_cond_destroy(&guest.vcpus[i].wake);
		vcpu_close(&guest.vcpus[i]);
	}
	guest.nvcpus = 0;
	vcpu_fd = -1;
	free(script.buf);
	pthread_mutex_destroy(&script.lock);
	memset(&script, 0, sizeof script);
}

struct guest *fake_guest(void)
{
	return &guest;
}

void fake_vcpu_sync(struct vcpu *vcpu)
{
	vcpu->run->kvm_valid_regs = fake_kvm.sync_regs ? KVM_SYNC_X86_REGS : 0;
	vcpu->regs_in_run = fake_kvm.sync_regs;
	if (fake_kvm.sync_regs)
		vcpu->run->s.regs.regs = fake_kvm.regs;
}
