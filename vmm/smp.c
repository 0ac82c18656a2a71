/* smp.c: one guest on several vCPUs. Unlike the default machine (each
 * image a VM of its own with one vCPU), here vCPUs 0..N-1 share one VM:
 * the same RAM, devices and in-kernel irqchip. vCPU 0 (the bootstrap
 * processor) is entered like any guest; the others (application
 * processors) are created in the state KVM gives a non-boot vCPU with an
 * in-kernel local APIC: waiting for INIT, then a SIPI, which starts them
 * in real mode at vector << 12. The guest brings them up itself, through
 * its local APIC, as on a PC. Every Multiboot kernel runs on this machine
 * too (--smp 1 by default), so a test kernel sees the same devices and
 * interrupt controllers whatever its vCPU count.
 *
 * Each vCPU still runs its own thread and run loop (vcpu.c); what makes
 * them one guest is machine->one_guest: devices keep guest-wide state,
 * IRQs go to the irqchip, and the first vCPU to end ends them all. */
#include <errno.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "irqchip.h"
#include "loader.h"
#include "machine.h"
#include "multiboot.h"
#include "smp.h"

bool smp_wanted(const struct config *cfg, const uint8_t *data, size_t size)
{
	return cfg->smp || cfg->multiboot || multiboot_detect(data, size);
}

static void vcpu_identity(struct machine *machine, const struct config *cfg, int i)
{
	struct vcpu *vcpu = &machine->vcpus[i];
	vcpu->id = i;
	vcpu->machine = machine;
	vcpu->image_path = cfg->images[0];
	vcpu->image_name = loader_base_name(cfg->images[0]);
	vcpu->fd = -1;
	vcpu->out.keep_all = cfg->transcript_path != NULL;
	if (machine->scripted)
		vcpu->kbd.script = &machine->script;
}

/* An application processor: a vCPU of the shared VM whose registers are
 * left as KVM made them, waiting for INIT/SIPI. Its KVM vCPU id is its
 * local APIC ID. */
static int create_ap(struct machine *machine, int i, char *err, size_t errlen)
{
	struct vcpu *vcpu = &machine->vcpus[i];
	vcpu->vm = machine->vcpus[0].vm;          /* shared; vCPU 0 owns it */
	vcpu->boot = (struct boot_info){ .mode = MODE_REAL, .entry = 0 };
	pthread_mutex_init(&vcpu->lock, NULL);
	pthread_cond_init(&vcpu->wake, NULL);
	irq_init(&vcpu->irq, MODE_REAL);
	vcpu->fd = ioctl(vcpu->vm.fd, KVM_CREATE_VCPU, (unsigned long)i);
	if (vcpu->fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VCPU %d failed: %s", i, strerror(errno));
		return -1;
	}
	vcpu->run = mmap(NULL, kvm_run_size(), PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		snprintf(err, errlen, "cannot map vCPU %d's kvm_run: %s", i, strerror(errno));
		return -1;
	}
	kvm_set_cpuid(vcpu->fd, (unsigned)i);
	return 0;
}

/* Multiboot entry state on top of pm32: EAX = magic, EBX = the info. */
static int set_multiboot_registers(struct vcpu *vcpu, uint32_t info_addr, char *err, size_t errlen)
{
	struct kvm_regs regs;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &regs) < 0)
		goto failed;
	regs.rax = MULTIBOOT_BOOTLOADER_MAGIC;
	regs.rbx = info_addr;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &regs) == 0)
		return 0;
failed:
	snprintf(err, errlen, "cannot set the Multiboot entry registers: %s", strerror(errno));
	return -1;
}

int smp_setup(struct machine *machine, const struct config *cfg, const uint8_t *data, size_t size)
{
	char err[256];
	const char *image = cfg->images[0];
	bool multiboot = multiboot_detect(data, size);
	int ncpus = cfg->smp ? cfg->smp : 1;
	if (cfg->nimages != 1) {
		fprintf(stderr, "mini-kvm: %s: a Multiboot kernel runs as one guest; use --smp N for more vCPUs\n", image);
		return STATUS_USAGE;
	}
	if (cfg->multiboot && !multiboot) {
		fprintf(stderr, "mini-kvm: %s: --multiboot: no Multiboot header (magic 0x%08x, valid checksum) in the first %d bytes\n",
			image, MULTIBOOT_HEADER_MAGIC, MULTIBOOT_SEARCH_BYTES);
		return STATUS_IMAGE;
	}
	if (!multiboot && (cfg->nmodules || cfg->cmdline)) {
		fprintf(stderr, "mini-kvm: %s: --module and --cmdline are for Multiboot kernels\n", image);
		return STATUS_USAGE;
	}
	machine->one_guest = true;
	for (int i = 0; i < ncpus; i++)
		vcpu_identity(machine, cfg, i);
	struct vcpu *bsp = &machine->vcpus[0];
	if (vm_create(&bsp->vm, cfg->mem_size, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image, err);
		return STATUS_VMM_ERROR;
	}
	machine->nvcpus = 1;              /* from here on, cleanup destroys vCPU 0 */
	if (irqchip_create(machine, bsp->vm.fd, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: --smp and Multiboot kernels need KVM's in-kernel irqchip: %s\n",
			image, err);
		return STATUS_HOST_REFUSED;
	}
	uint32_t info_addr = 0;
	int loaded = multiboot
		? multiboot_load(data, size, image, cfg, bsp->vm.mem, bsp->vm.mem_size, &bsp->boot,
				 &info_addr, err, sizeof err)
		: loader_load(data, size, cfg->flat_mode, bsp->vm.mem, bsp->vm.mem_size, &bsp->boot,
			      err, sizeof err);
	if (loaded < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image, err);
		return STATUS_IMAGE;
	}
	if (vcpu_create(bsp, err, sizeof err) < 0 ||
	    (multiboot && set_multiboot_registers(bsp, info_addr, err, sizeof err) < 0)) {
		fprintf(stderr, "mini-kvm: %s: %s mode: %s\n", image, guest_mode_name(bsp->boot.mode), err);
		return STATUS_HOST_REFUSED;
	}
	for (int i = 1; i < ncpus; i++) {
		machine->nvcpus = i + 1;
		if (create_ap(machine, i, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s: --smp %d: %s\n", image, ncpus, err);
			return STATUS_HOST_REFUSED;
		}
	}
	return STATUS_OK;
}

void smp_release(struct machine *machine)
{
	if (!machine->one_guest)
		return;
	for (int i = 1; i < machine->nvcpus; i++)
		memset(&machine->vcpus[i].vm, 0, sizeof machine->vcpus[i].vm);
	irqchip_close(machine);
}

/* ---- host probes ---- */

#define PROBE_MEM       0x200000
#define PROBE_PORT_BSP  0x10
#define PROBE_PORT_AP   0x12
#define PROBE_AP_PAGE   0x1000      /* SIPI vector 1 */
#define PROBE_SECONDS   1

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

static __thread struct kvm_run *probe_run;
static void probe_alarm(int sig)
{
	(void)sig;
	if (probe_run)
		probe_run->immediate_exit = 1;
}

/* KVM_RUN until an exit that is not EAGAIN/EINTR, at most PROBE_SECONDS:
 * an AP that never receives its SIPI would block in KVM_RUN for ever. */
static int probe_run_vcpu(int fd, struct kvm_run *run)
{
	struct sigaction sa = { .sa_handler = probe_alarm }, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	probe_run = run;
	alarm(PROBE_SECONDS);
	int rc;
	do {
		rc = ioctl(fd, KVM_RUN, 0);
	} while (rc < 0 && errno == EAGAIN && !run->immediate_exit);
	int saved = errno;
	alarm(0);
	probe_run = NULL;
	run->immediate_exit = 0;
	sigaction(SIGALRM, &old, NULL);
	errno = saved;
	return rc;
}

/* Runs the INIT/SIPI probe. Returns NULL or the reason; *irqchip_ok tells
 * whether the irqchip itself worked (the BSP reached the LAPIC). */
static const char *probe(bool *irqchip_ok, char *why, size_t whylen)
{
	char err[200];
	struct vm vm;
	int fds[2] = { -1, -1 };
	struct kvm_run *runs[2] = { MAP_FAILED, MAP_FAILED };
	const char *result = why;
	*irqchip_ok = false;
	if (kvm_open(err, sizeof err) < 0 || vm_create(&vm, PROBE_MEM, err, sizeof err) < 0) {
		snprintf(why, whylen, "%s", err);
		return why;
	}
	if (ioctl(vm.fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		snprintf(why, whylen, "KVM_CREATE_IRQCHIP failed: %s", strerror(errno));
		goto out;
	}
	for (int i = 0; i < 2; i++) {
		fds[i] = ioctl(vm.fd, KVM_CREATE_VCPU, (unsigned long)i);
		if (fds[i] >= 0)
			runs[i] = mmap(NULL, kvm_run_size(), PROT_READ | PROT_WRITE, MAP_SHARED, fds[i], 0);
		if (runs[i] == MAP_FAILED) {
			snprintf(why, whylen, "cannot create vCPU %d: %s", i, strerror(errno));
			goto out;
		}
		kvm_set_cpuid(fds[i], (unsigned)i);
	}
	memcpy(vm.mem, probe_bsp_code, sizeof probe_bsp_code);
	memcpy(vm.mem + PROBE_AP_PAGE, probe_ap_code, sizeof probe_ap_code);
	struct boot_info boot = { .mode = MODE_PM32, .entry = 0 };
	struct kvm_sregs s;
	struct kvm_regs r;
	boot_build_tables(vm.mem, vm.mem_size, MODE_PM32);
	if (ioctl(fds[0], KVM_GET_SREGS, &s) < 0) {
		snprintf(why, whylen, "KVM_GET_SREGS failed: %s", strerror(errno));
		goto out;
	}
	boot_set_registers(&boot, vm.mem_size, &s, &r);
	if (ioctl(fds[0], KVM_SET_SREGS, &s) < 0 || ioctl(fds[0], KVM_SET_REGS, &r) < 0) {
		snprintf(why, whylen, "KVM refused the registers: %s", strerror(errno));
		goto out;
	}
	if (probe_run_vcpu(fds[0], runs[0]) < 0 || runs[0]->exit_reason != KVM_EXIT_IO ||
	    runs[0]->io.port != PROBE_PORT_BSP) {
		snprintf(why, whylen, "the boot vCPU could not reach its local APIC (exit %s)",
			 vcpu_exit_name(runs[0]->exit_reason));
		goto out;
	}
	*irqchip_ok = true;
	if (probe_run_vcpu(fds[1], runs[1]) < 0) {
		snprintf(why, whylen, "the second vCPU did not start on INIT/SIPI within %d s (%s)",
			 PROBE_SECONDS, strerror(errno));
		goto out;
	}
	if (runs[1]->exit_reason == KVM_EXIT_IO && runs[1]->io.port == PROBE_PORT_AP)
		result = NULL;
	else if (runs[1]->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen, "the host's KVM cannot emulate the started AP (internal error, sub-error %u)",
			 runs[1]->internal.suberror);
	else
		snprintf(why, whylen, "the started AP ended with exit %s (%s)",
			 vcpu_exit_name(runs[1]->exit_reason), vcpu_exit_meaning(runs[1]->exit_reason));
out:
	for (int i = 0; i < 2; i++) {
		if (runs[i] != MAP_FAILED)
			munmap(runs[i], kvm_run_size());
		if (fds[i] >= 0)
			close(fds[i]);
	}
	vm_destroy(&vm);
	return result;
}

static bool probed, probe_irqchip_ok;
static char probe_why[200];
static const char *probe_result;

static void probe_once(void)
{
	if (!probed)
		probe_result = probe(&probe_irqchip_ok, probe_why, sizeof probe_why);
	probed = true;
}

const char *smp_probe_irqchip(char *why, size_t whylen)
{
	probe_once();
	if (probe_irqchip_ok)
		return NULL;
	snprintf(why, whylen, "%s", probe_why);
	return why;
}

const char *smp_probe_smp(char *why, size_t whylen)
{
	probe_once();
	if (!probe_result)
		return NULL;
	snprintf(why, whylen, "%s", probe_why);
	return why;
}
