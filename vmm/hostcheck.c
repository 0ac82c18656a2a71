/* hostcheck.c: probes the host. Each capability is a few bytes of guest
 * code run in a VM of its own that must reach an `out` to PROBE_PORT; any
 * other exit (a shutdown, an emulation failure) means the host cannot run
 * it, and the exit is the reason given. kvm-pvm hosts, for example, refuse
 * 32-bit paging and cannot emulate a 32-bit iret (docs/HOST.md). */
#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "boot.h"
#include "smp.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define PROBE_MEM  0x200000
#define PROBE_PORT 0x10
#define PROBE_PD   0x8000    /* page directory for the 32-bit paging probe */

enum probe { PROBE_REAL, PROBE_PM32, PROBE_PM32_PAGING, PROBE_PM32_IRET,
	     PROBE_PM32_INT, PROBE_LONG, PROBE_LONG_USER, PROBES };

static const struct {
	const char *name;
	enum guest_mode mode;
} probes[PROBES] = {
	[PROBE_REAL]        = { "real",        MODE_REAL },
	[PROBE_PM32]        = { "pm32",        MODE_PM32 },
	[PROBE_PM32_PAGING] = { "pm32-paging", MODE_PM32 },
	[PROBE_PM32_IRET]   = { "pm32-iret",   MODE_PM32 },
	[PROBE_PM32_INT]    = { "pm32-int",    MODE_PM32 },
	[PROBE_LONG]        = { "long",        MODE_LONG },
	[PROBE_LONG_USER]   = { "long-user",   MODE_LONG },
};

/* Guest code: out PROBE_PORT, al; hlt. For the iret probe: ud2 first, with
 * a #UD handler that steps over it (add dword [esp], 2; iret). For the
 * software-interrupt probe: int3, whose handler does the out. */
static void write_probe_code(enum probe p, uint8_t *mem, size_t mem_size)
{
	const uint8_t finish[] = { 0xe6, PROBE_PORT, 0xf4 };
	if (p == PROBE_PM32_INT) {            /* int3, whose gate leads to the out */
		uint8_t *gate = mem + mem_size - BOOT_AREA_SIZE + BOOT_IDT_OFF + 3 * 8;
		mem[0] = 0xcc;
		memcpy(mem + 0x100, finish, sizeof finish);
		gate[0] = 0x00, gate[1] = 0x01, gate[6] = 0x00, gate[7] = 0x00;
		return;
	}
	if (p != PROBE_PM32_IRET) {
		memcpy(mem, finish, sizeof finish);
		return;
	}
	const uint8_t main_code[] = { 0x0f, 0x0b, 0xe6, PROBE_PORT, 0xf4 };
	const uint8_t handler[] = { 0x83, 0x04, 0x24, 0x02, 0xcf };
	memcpy(mem, main_code, sizeof main_code);
	memcpy(mem + 0x100, handler, sizeof handler);
	uint8_t *gate = mem + mem_size - BOOT_AREA_SIZE + BOOT_IDT_OFF + 6 * 8;
	gate[0] = 0x00, gate[1] = 0x01;               /* handler at 0x100 */
	gate[6] = 0x00, gate[7] = 0x00;
}

static void adjust_registers(enum probe p, uint8_t *mem, struct kvm_sregs *s, struct kvm_regs *r)
{
	if (p == PROBE_PM32_PAGING) {         /* one 4 MiB page, identity */
		uint32_t pde = 0x87;
		memcpy(mem + PROBE_PD, &pde, 4);
		s->cr3 = PROBE_PD;
		s->cr4 |= 0x10;                   /* PSE */
		s->cr0 |= 0x80000000u;            /* PG */
	}
	if (p == PROBE_LONG_USER) {           /* ring 3 with IOPL 3 */
		s->cs.selector = 0x23, s->cs.dpl = 3;
		s->ss.selector = s->ds.selector = s->es.selector = 0x1b;
		s->ss.dpl = s->ds.dpl = s->es.dpl = 3;
		r->rflags = 0x3002;
	}
}

/* Returns NULL if the probe reached its out, else the reason it did not. */
static const char *run_probe(enum probe p, char *why, size_t whylen)
{
	char err[160];
	struct vm vm;
	if (vm_create(&vm, PROBE_MEM, err, sizeof err) < 0) {
		snprintf(why, whylen, "%s", err);
		return why;
	}
	const char *result = why;
	int fd = ioctl(vm.fd, KVM_CREATE_VCPU, 0);
	struct kvm_run *run = fd < 0 ? MAP_FAILED :
		mmap(NULL, kvm_run_size(), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	struct kvm_sregs s;
	struct kvm_regs r;
	struct boot_info boot = { .mode = probes[p].mode, .entry = 0 };
	if (run == MAP_FAILED || ioctl(fd, KVM_GET_SREGS, &s) < 0) {
		snprintf(why, whylen, "cannot create a vCPU: %s", strerror(errno));
		goto out;
	}
	kvm_set_cpuid(fd, 0);
	boot_build_tables(vm.mem, vm.mem_size, boot.mode);
	write_probe_code(p, vm.mem, vm.mem_size);
	boot_set_registers(&boot, vm.mem_size, &s, &r);
	adjust_registers(p, vm.mem, &s, &r);
	if (ioctl(fd, KVM_SET_SREGS, &s) < 0 || ioctl(fd, KVM_SET_REGS, &r) < 0) {
		snprintf(why, whylen, "KVM refused the registers: %s", strerror(errno));
		goto out;
	}
	if (ioctl(fd, KVM_RUN, 0) < 0) {
		snprintf(why, whylen, "KVM_RUN failed: %s", strerror(errno));
		goto out;
	}
	if (run->exit_reason == KVM_EXIT_IO && run->io.port == PROBE_PORT)
		result = NULL;
	else if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen, "the host's KVM cannot emulate it (internal error, sub-error %u)",
			 run->internal.suberror);
	else if (run->exit_reason == KVM_EXIT_SHUTDOWN)
		snprintf(why, whylen, "the host's KVM shuts the guest down (kvm-pvm supports paging only in long mode)");
	else
		snprintf(why, whylen, "the guest ended with exit %s (%s)", vcpu_exit_name(run->exit_reason),
			 vcpu_exit_meaning(run->exit_reason));
out:
	if (run != MAP_FAILED)
		munmap(run, kvm_run_size());
	if (fd >= 0)
		close(fd);
	vm_destroy(&vm);
	return result;
}

static bool pm32_paging_works;
static void probe_pm32_paging(void)
{
	char why[200], err[160];
	pm32_paging_works = kvm_open(err, sizeof err) == 0 &&
			    run_probe(PROBE_PM32_PAGING, why, sizeof why) == NULL;
}

bool hostcheck_pm32_paging_works(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, probe_pm32_paging);
	return pm32_paging_works;
}

int hostcheck_report(void)
{
	char err[200];
	if (kvm_open(err, sizeof err) < 0) {
		printf("kvm no: %s\n", err);
		for (int p = 0; p < PROBES; p++)
			printf("%s no: no usable /dev/kvm\n", probes[p].name);
		printf("irqchip no: no usable /dev/kvm\nsmp no: no usable /dev/kvm\n");
		return STATUS_HOST_REFUSED;
	}
	printf("kvm yes\n");
	for (int p = 0; p < PROBES; p++) {
		char why[200];
		const char *reason = run_probe(p, why, sizeof why);
		if (reason)
			printf("%s no: %s\n", probes[p].name, reason);
		else
			printf("%s yes\n", probes[p].name);
	}
	/* The one-guest machine (--smp, Multiboot): smp.c probes it. */
	char why[200];
	const char *reason = smp_probe_irqchip(why, sizeof why);
	printf(reason ? "irqchip no: %s\n" : "irqchip yes\n", reason);
	reason = smp_probe_smp(why, sizeof why);
	printf(reason ? "smp no: %s\n" : "smp yes\n", reason);
	return STATUS_OK;
}
