/* vm.c: owns /dev/kvm and VM creation: guest RAM as one anonymous mapping
 * registered at guest-physical 0, plus the two addresses Intel hosts need
 * for real-mode emulation (TSS and identity map, placed above any RAM we
 * allow). Every guest gets a VM of its own, so guests are isolated by KVM
 * itself (docs/ISOLATION.md). */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vm.h"

#define TSS_ADDR          0xfffbd000ul
#define IDENTITY_MAP_ADDR 0xfffbc000ul
#define MAX_CPUID_ENTRIES 256

static int kvm = -1;
static int run_size;
static struct {
	struct kvm_cpuid2 header;
	struct kvm_cpuid_entry2 entries[MAX_CPUID_ENTRIES];
} cpuid;
static bool have_cpuid;
static bool have_sync_regs;

int kvm_open(char *err, size_t errlen)
{
	if (kvm >= 0)
		return 0;
	kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm < 0) {
		snprintf(err, errlen, "cannot open /dev/kvm: %s%s", strerror(errno),
			 errno == ENOENT ? " (KVM is not available on this machine)" :
			 errno == EACCES ? " (add yourself to the 'kvm' group)" : "");
		return -1;
	}
	int api = ioctl(kvm, KVM_GET_API_VERSION, 0);
	if (api != KVM_API_VERSION) {
		snprintf(err, errlen, "/dev/kvm speaks API %d, this program needs %d", api, KVM_API_VERSION);
		close(kvm), kvm = -1;
		return -1;
	}
	run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (run_size < (int)sizeof(struct kvm_run)) {
		snprintf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE failed: %s", strerror(errno));
		close(kvm), kvm = -1;
		return -1;
	}
	cpuid.header.nent = MAX_CPUID_ENTRIES;
	have_cpuid = ioctl(kvm, KVM_GET_SUPPORTED_CPUID, &cpuid) == 0;
	have_sync_regs = ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_SYNC_REGS) & KVM_SYNC_X86_REGS;
	return 0;
}

bool kvm_has_sync_regs(void) { return have_sync_regs; }

bool kvm_cpu_feature_supported(int feature)
{
	const struct cpu_feature *f = &cpu_features[feature];
	if (f->any_host)
		return true;
	if (strcmp(f->name, "tsc-deadline") == 0)   /* KVM reports it as a capability, not in CPUID */
		return kvm >= 0 && ioctl(kvm, KVM_CHECK_EXTENSION, KVM_CAP_TSC_DEADLINE_TIMER) > 0;
	for (unsigned i = 0; have_cpuid && i < cpuid.header.nent; i++) {
		const struct kvm_cpuid_entry2 *e = &cpuid.entries[i];
		const uint32_t regs[4] = { e->eax, e->ebx, e->ecx, e->edx };
		if (e->function == f->leaf && e->index == 0)
			return (regs[f->reg] >> f->bit) & 1;
	}
	return false;
}

/* The supported CPUID carries the APIC ID of whichever host CPU answered;
 * each vCPU gets its own (its KVM vCPU id), so guests that print it are
 * deterministic, and the run's feature choice. vCPUs are created by the
 * main thread only. */
int kvm_set_cpuid(int vcpu_fd, unsigned apic_id, const struct cpu_feature_choice *choice)
{
	static struct {
		struct kvm_cpuid2 header;
		struct kvm_cpuid_entry2 entries[MAX_CPUID_ENTRIES];
	} mine;
	if (!have_cpuid)
		return 0;
	memcpy(&mine, &cpuid, sizeof mine);
	for (unsigned i = 0; i < mine.header.nent; i++) {
		struct kvm_cpuid_entry2 *e = &mine.entries[i];
		if (e->function == 1)
			e->ebx = (e->ebx & 0x00ffffffu) | (apic_id << 24);
		else if (e->function == 0xb || e->function == 0x1f)
			e->edx = apic_id;
		if (choice) {
			uint32_t regs[4] = { e->eax, e->ebx, e->ecx, e->edx };
			cpu_features_apply(choice, e->function, e->index, regs);
			e->eax = regs[0], e->ebx = regs[1], e->ecx = regs[2], e->edx = regs[3];
		}
	}
	return ioctl(vcpu_fd, KVM_SET_CPUID2, &mine);
}

#define HUGE_PAGE (2u << 20)
#define HUGE_PAGES_FROM (64u << 20)   /* RAM at least this big asks for them */

/* Guest RAM, anonymous and zero, starting on a 2 MiB boundary: KVM can
 * map a 2 MiB guest page with one huge page table entry only where the
 * host address and the guest address agree modulo 2 MiB (guest RAM starts
 * at 0), so an aligned mapping lets transparent huge pages back the guest
 * with far fewer nested page faults and TLB misses. MADV_HUGEPAGE asks for
 * them where THP is "madvise" only, and only for RAM the size of an
 * operating system's (xv6, Linux), which touches most of it anyway: a
 * small test guest touches a few pages, and a huge page for each would
 * double mini-kvm's footprint (benchmark 5). Where THP is "never",
 * nothing changes. */
static void *map_guest_ram(size_t size)
{
	size_t padded = size + HUGE_PAGE;
	uint8_t *base = mmap(NULL, padded, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return MAP_FAILED;
	uint8_t *ram = (uint8_t *)(((uintptr_t)base + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (ram > base)
		munmap(base, (size_t)(ram - base));
	size_t tail = (size_t)(base + padded - (ram + size));
	if (tail)
		munmap(ram + size, tail);
	if (size >= HUGE_PAGES_FROM)
		madvise(ram, size, MADV_HUGEPAGE);   /* advice: a failure changes nothing */
	return ram;
}

int vm_create(struct vm *vm, size_t mem_size, char *err, size_t errlen)
{
	memset(vm, 0, sizeof *vm);
	vm->fd = ioctl(kvm, KVM_CREATE_VM, 0);
	if (vm->fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VM failed: %s", strerror(errno));
		return -1;
	}
	/* Needed for real mode on Intel hosts without unrestricted guest;
	 * harmless (or unsupported) elsewhere, so failures are ignored. */
	ioctl(vm->fd, KVM_SET_TSS_ADDR, TSS_ADDR);
	uint64_t identity = IDENTITY_MAP_ADDR;
	ioctl(vm->fd, KVM_SET_IDENTITY_MAP_ADDR, &identity);

	vm->mem = map_guest_ram(mem_size);
	if (vm->mem == MAP_FAILED) {
		snprintf(err, errlen, "cannot allocate %zu bytes of guest RAM: %s", mem_size, strerror(errno));
		vm->mem = NULL;
		vm_destroy(vm);
		return -1;
	}
	vm->mem_size = mem_size;
	vm->run_size = (size_t)run_size;
	struct kvm_userspace_memory_region region = {
		.slot = 0, .guest_phys_addr = 0, .memory_size = mem_size,
		.userspace_addr = (uintptr_t)vm->mem,
	};
	if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		snprintf(err, errlen, "KVM_SET_USER_MEMORY_REGION failed: %s", strerror(errno));
		vm_destroy(vm);
		return -1;
	}
	return 0;
}

void vm_destroy(struct vm *vm)
{
	if (vm->mem)
		munmap(vm->mem, vm->mem_size);
	if (vm->fd > 0)
		close(vm->fd);
	memset(vm, 0, sizeof *vm);
	vm->fd = -1;
}

void *vm_guest_ptr(const struct vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->mem_size || len > vm->mem_size - gpa)
		return NULL;
	return vm->mem + gpa;
}
