/* hostcheck.c: probes the host (--host-check), all of them. Each
 * capability is a few bytes of guest code run in a VM of its own, on
 * vCPUs opened like any guest's (vcpu_open), that must reach an `out` to
 * a probe port; any other exit (a shutdown, an emulation failure) means
 * the host cannot run it, and the exit is the reason given. kvm-pvm
 * hosts, for example, refuse 32-bit paging and cannot emulate a 32-bit
 * iret (docs/HOST.md). The last two probes are for the one-guest machine
 * (--smp, Multiboot): the in-kernel irqchip, and INIT/SIPI starting an AP. */
#include <errno.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "boot.h"
#include "exits.h"
#include "gdb_probe.h"
#include "hostcheck.h"
#include "status.h"
#include "vcpu.h"
#include "vm.h"

#define PROBE_MEM  0x200000
#define PROBE_PORT 0x10
#define PROBE_PD   0x8000    /* page directory for the 32-bit paging probe */
#define PROBE_SECONDS 1

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

/* A probe VM: RAM and up to two vCPUs, vCPU 0 entered in `mode`. */
struct probe_vm {
	struct vm vm;
	struct boot_info boot;
	struct vcpu_env env;
	struct vcpu vcpus[2];
	int nvcpus;
};

static const atomic_int never_stop = END_RUNNING;

static int probe_vm_open(struct probe_vm *p, enum guest_mode mode, int nvcpus, bool irqchip,
			 char *why, size_t whylen)
{
	char err[160];
	memset(p, 0, sizeof *p);
	if (vm_create(&p->vm, PROBE_MEM, err, sizeof err) < 0)
		return error_format(why, whylen, "%s", err);
	if (irqchip && ioctl(p->vm.fd, KVM_CREATE_IRQCHIP, 0) < 0)
		return error_format(why, whylen, "KVM_CREATE_IRQCHIP failed: %s", strerror(errno));
	p->boot = (struct boot_info){ .mode = mode };
	p->env = (struct vcpu_env){ .vm = &p->vm, .boot = &p->boot, .stop = &never_stop,
				    .image_name = "host-check" };
	for (int i = 0; i < nvcpus; i++) {
		if (vcpu_open(&p->vcpus[i], &p->env, i, err, sizeof err) < 0) {
			vcpu_close(&p->vcpus[i]);
			return error_format(why, whylen, "cannot create vCPU %d: %s", i, err);
		}
		p->nvcpus = i + 1;
	}
	return 0;
}

static void probe_vm_close(struct probe_vm *p)
{
	for (int i = 0; i < p->nvcpus; i++)
		vcpu_close(&p->vcpus[i]);
	vm_destroy(&p->vm);
}

static void name_exit(const struct vcpu_exit_info *exit, char *why, size_t whylen)
{
	if (exit->reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen, "the host's KVM cannot emulate it (internal error, sub-error %u)",
			 exit->suberror);
	else if (exit->reason == KVM_EXIT_SHUTDOWN)
		snprintf(why, whylen, "the host's KVM shuts the guest down (kvm-pvm supports paging only in long mode)");
	else
		snprintf(why, whylen, "the guest ended with exit %s (%s)", vcpu_exit_name(exit->reason),
			 vcpu_exit_meaning(exit->reason));
}

/* Returns NULL if the probe reached its out, else the reason it did not. */
static const char *run_probe(enum probe p, char *why, size_t whylen)
{
	struct probe_vm pvm;
	const char *result = why;
	if (probe_vm_open(&pvm, probes[p].mode, 1, false, why, whylen) < 0)
		goto out;
	struct vcpu *vcpu = &pvm.vcpus[0];
	struct kvm_sregs s;
	struct kvm_regs r;
	write_probe_code(p, pvm.vm.mem, pvm.vm.mem_size);
	if (vcpu_get_sregs(vcpu, &s) < 0 || vcpu_get_regs(vcpu, &r) < 0) {
		snprintf(why, whylen, "cannot read the registers: %s", strerror(errno));
		goto out;
	}
	adjust_registers(p, pvm.vm.mem, &s, &r);
	if (vcpu_set_sregs(vcpu, &s) < 0 || vcpu_set_regs(vcpu, &r) < 0) {
		snprintf(why, whylen, "KVM refused the registers: %s", strerror(errno));
		goto out;
	}
	struct vcpu_exit_info exit;
	if (vcpu_run_once(vcpu, PROBE_SECONDS, &exit) < 0) {
		snprintf(why, whylen, "KVM_RUN failed: %s", strerror(errno));
		goto out;
	}
	if (exit.reason == KVM_EXIT_IO && exit.port == PROBE_PORT)
		result = NULL;
	else
		name_exit(&exit, why, whylen);
out:
	probe_vm_close(&pvm);
	return result;
}

/* ---- the one-guest machine: irqchip, and INIT/SIPI starting an AP ---- */

#define PROBE_PORT_BSP  0x10
#define PROBE_PORT_AP   0x12
#define PROBE_AP_PAGE   0x1000      /* SIPI vector 1 */

/* BSP (pm32): read the local APIC's version, enable the APIC, send INIT
 * and SIPI 1 to APIC 1, then `out PROBE_PORT_BSP, al` (AL = version). */
static const uint8_t probe_bsp_code[] = {
	0xa1, 0x30, 0x00, 0xe0, 0xfe,                               /* mov eax, [0xfee00030] */
	0x81, 0x0d, 0xf0, 0x00, 0xe0, 0xfe, 0x00, 0x01, 0x00, 0x00, /* or [SVR], 0x100 */
	0xc7, 0x05, 0x10, 0x03, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x01, /* ICR high: APIC 1 */
	0xc7, 0x05, 0x00, 0x03, 0xe0, 0xfe, 0x00, 0x45, 0x00, 0x00, /* ICR: INIT */
	0xc7, 0x05, 0x00, 0x03, 0xe0, 0xfe, 0x01, 0x46, 0x00, 0x00, /* ICR: SIPI vector 1 */
	0xe6, PROBE_PORT_BSP, 0xf4,                                 /* out; hlt */
};
/* AP (real mode at 0x1000): out PROBE_PORT_AP, al; hlt. */
static const uint8_t probe_ap_code[] = { 0xe6, PROBE_PORT_AP, 0xf4 };

/* Runs the INIT/SIPI probe. Returns NULL or the reason; *irqchip_ok tells
 * whether the irqchip itself worked (the BSP reached the LAPIC). */
static const char *probe_smp(bool *irqchip_ok, char *why, size_t whylen)
{
	struct probe_vm pvm;
	const char *result = why;
	struct vcpu_exit_info exit;
	*irqchip_ok = false;
	if (kvm_open(why, whylen) < 0)
		return why;
	if (probe_vm_open(&pvm, MODE_PM32, 2, true, why, whylen) < 0)
		goto out;
	memcpy(pvm.vm.mem, probe_bsp_code, sizeof probe_bsp_code);
	memcpy(pvm.vm.mem + PROBE_AP_PAGE, probe_ap_code, sizeof probe_ap_code);
	if (vcpu_run_once(&pvm.vcpus[0], PROBE_SECONDS, &exit) < 0 || exit.reason != KVM_EXIT_IO ||
	    exit.port != PROBE_PORT_BSP) {
		snprintf(why, whylen, "the boot vCPU could not reach its local APIC (exit %s)",
			 vcpu_exit_name(exit.reason));
		goto out;
	}
	*irqchip_ok = true;
	if (vcpu_run_once(&pvm.vcpus[1], PROBE_SECONDS, &exit) < 0) {
		snprintf(why, whylen, "the second vCPU did not start on INIT/SIPI within %d s (%s)",
			 PROBE_SECONDS, strerror(errno));
		goto out;
	}
	if (exit.reason == KVM_EXIT_IO && exit.port == PROBE_PORT_AP)
		result = NULL;
	else if (exit.reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen, "the host's KVM cannot emulate the started AP (internal error, sub-error %u)",
			 exit.suberror);
	else
		snprintf(why, whylen, "the started AP ended with exit %s (%s)",
			 vcpu_exit_name(exit.reason), vcpu_exit_meaning(exit.reason));
out:
	probe_vm_close(&pvm);
	return result;
}

static bool smp_probed, smp_irqchip_ok;
static char smp_why[200];
static const char *smp_result;

static void probe_smp_once(void)
{
	if (!smp_probed)
		smp_result = probe_smp(&smp_irqchip_ok, smp_why, sizeof smp_why);
	smp_probed = true;
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
		for (int p = 0; p < GDB_PROBES; p++)
			printf("%s no: no usable /dev/kvm\n", gdb_probe_name(p));
		printf("tsc-deadline no: no usable /dev/kvm\n");
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
	probe_smp_once();
	if (smp_irqchip_ok)
		printf("irqchip yes\n");
	else
		printf("irqchip no: %s\n", smp_why);
	if (!smp_result)
		printf("smp yes\n");
	else
		printf("smp no: %s\n", smp_why);
	gdb_probe_report();               /* what --gdb can use here */
	/* What --cpu-features +tsc-deadline needs (the CPUID features, cpu_features.c) */
	if (kvm_cpu_feature_supported(cpu_feature_find("tsc-deadline")))
		printf("tsc-deadline yes\n");
	else
		printf("tsc-deadline no: KVM_CAP_TSC_DEADLINE_TIMER is absent\n");
	return STATUS_OK;
}
