/*
 * kvm-floor: the least any VMM can do per hypercall. Runs a mini-kvm
 * benchmark guest (a flat image with HC_PUTCHAR/HC_EXIT hypercalls) with
 * nothing but a bare KVM_RUN loop: no threads, no CPUID set-up, no
 * register reads, no output. Each `out` to the hypercall port is counted
 * and the guest resumed; HC_EXIT ends the run.
 *
 *   kvm-floor [--cpuid] real|long IMAGE
 *
 * The guest is entered exactly as mini-kvm enters it (the set-up is
 * mini-kvm's own boot.c, linked in), so the same image runs the same
 * instructions under both; the difference per call is the VMM's.
 * --cpuid also gives the vCPU the host's CPUID, as mini-kvm must (guests
 * need it, e.g. for SYSCALL): with guests/bench/hlt.bin that is the floor
 * for start-to-exit of a VMM that sets CPUID.
 * Exit status: 0 after HC_EXIT or hlt, 1 on anything else.
 */
#include <err.h>
#include <fcntl.h>
#include <stdbool.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "boot.h"

#define MEM_SIZE (4u << 20)       /* mini-kvm's default --mem */
#define HC_PORT  0x500
#define HC_EXIT  0

static struct {
	struct kvm_cpuid2 header;
	struct kvm_cpuid_entry2 entries[256];
} cpuid = { .header.nent = 256 };

static void load_image(const char *path, uint8_t *mem)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		err(1, "%s", path);
	size_t n = fread(mem, 1, MEM_SIZE - BOOT_AREA_SIZE, f);
	fclose(f);
	if (n == 0)
		errx(1, "%s: empty", path);
}

int main(int argc, char **argv)
{
	bool with_cpuid = argc > 1 && strcmp(argv[1], "--cpuid") == 0;
	argv += with_cpuid, argc -= with_cpuid;
	if (argc != 3 || (strcmp(argv[1], "real") && strcmp(argv[1], "long")))
		errx(1, "usage: kvm-floor [--cpuid] real|long IMAGE");
	struct boot_info boot = { .mode = strcmp(argv[1], "real") ? MODE_LONG : MODE_REAL };
	int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int vm = kvm < 0 ? -1 : ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm < 0)
		err(1, "/dev/kvm");
	if (with_cpuid && ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &cpuid) < 0)
		err(1, "KVM_GET_SUPPORTED_CPUID");
	uint8_t *mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	struct kvm_userspace_memory_region region = {
		.memory_size = MEM_SIZE, .userspace_addr = (uintptr_t)mem,
	};
	if (mem == MAP_FAILED || ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		err(1, "guest memory");
	load_image(argv[2], mem);
	boot_build_tables(mem, MEM_SIZE, boot.mode);

	int cpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	struct kvm_run *run = mmap(NULL, ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0),
				   PROT_READ | PROT_WRITE, MAP_SHARED, cpu, 0);
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	if (cpu < 0 || run == MAP_FAILED || ioctl(cpu, KVM_GET_SREGS, &sregs) < 0)
		err(1, "vCPU");
	if (with_cpuid && ioctl(cpu, KVM_SET_CPUID2, &cpuid) < 0)
		err(1, "KVM_SET_CPUID2");
	boot_set_registers(&boot, MEM_SIZE, &sregs, &regs);
	if (ioctl(cpu, KVM_SET_SREGS, &sregs) < 0 || ioctl(cpu, KVM_SET_REGS, &regs) < 0)
		err(1, "registers");

	for (unsigned long calls = 0;; calls++) {
		if (ioctl(cpu, KVM_RUN, 0) < 0)
			err(1, "KVM_RUN");
		if (run->exit_reason == KVM_EXIT_HLT)
			return 0;
		if (run->exit_reason != KVM_EXIT_IO || run->io.port != HC_PORT) {
			fprintf(stderr, "kvm-floor: exit reason %u after %lu calls\n", run->exit_reason, calls);
			return 1;
		}
		if (*((uint8_t *)run + run->io.data_offset) == HC_EXIT)
			return 0;
	}
}
