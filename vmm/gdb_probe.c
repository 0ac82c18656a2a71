/* gdb_probe.c: which of KVM's guest-debugging features this host honours.
 * Each probe runs a few bytes of guest code in a VM of its own with
 * KVM_SET_GUEST_DEBUG on, and looks for the KVM_EXIT_DEBUG it should
 * cause. kvm-pvm hosts, for example, single-step and take breakpoints in
 * the debug registers, but hand an int3 to the guest (real mode) or fail
 * to emulate it, and never fire data breakpoints in emulated code. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "boot.h"
#include "gdb_probe.h"
#include "exits.h"
#include "vcpu.h"
#include "vm.h"

#define PROBE_MEM  0x200000
#define PROBE_CODE 0x1000    /* above the real-mode IVT */
#define PROBE_DATA 0x2000    /* the watched dword */
#define PROBE_SECONDS 1

static const char *const probe_names[GDB_PROBES] = {
	[GDB_PROBE_STEP] = "gdb-step", [GDB_PROBE_HW_BREAK] = "gdb-hw-break",
	[GDB_PROBE_SW_BREAK] = "gdb-sw-break", [GDB_PROBE_WATCH] = "gdb-watch",
	[GDB_PROBE_USER] = "gdb-user",
};

const char *gdb_probe_name(enum gdb_probe probe)
{
	return probe_names[probe];
}

/* At PROBE_CODE: nop; CODE; nop; nop; out 0x10, al; hlt, where CODE is
 * an int3 for the software-breakpoint probe and a store to PROBE_DATA for
 * the watch probe (mov [PROBE_DATA], al in real mode; RIP-relative in
 * long mode). A trap the guest takes instead of the VMM ends quickly:
 * every real-mode vector leads to the hlt at 0, every long-mode one to
 * the boot stubs' port write. */
static void probe_code(enum gdb_probe probe, enum guest_mode mode, uint8_t *mem)
{
	uint8_t *code = mem + PROBE_CODE;
	size_t n = 0;
	mem[0] = 0xf4;
	code[n++] = 0x90;
	if (probe == GDB_PROBE_SW_BREAK) {
		code[n++] = 0xcc;
	} else if (probe == GDB_PROBE_WATCH && mode == MODE_REAL) {
		code[n++] = 0xa2, code[n++] = PROBE_DATA & 0xff, code[n++] = PROBE_DATA >> 8;
	} else if (probe == GDB_PROBE_WATCH) {
		int32_t disp = PROBE_DATA - (PROBE_CODE + 7);   /* from the end of this store */
		code[n++] = 0x88, code[n++] = 0x05;
		memcpy(code + n, &disp, 4);
		n += 4;
	}
	const uint8_t tail[] = { 0x90, 0x90, 0xe6, 0x10, 0xf4 };
	memcpy(code + n, tail, sizeof tail);
}

/* Where the vCPU must stand at the debug exit: after the first nop (a
 * step; the breakpoint in DR0; the int3, which KVM reports at itself),
 * or after the store (a data breakpoint is a trap). */
static uint64_t expected_rip(enum gdb_probe probe, enum guest_mode mode)
{
	if (probe == GDB_PROBE_WATCH)
		return PROBE_CODE + (mode == MODE_REAL ? 4 : 7);
	return PROBE_CODE + 1;
}

static void probe_debug(enum gdb_probe probe, struct kvm_guest_debug *dbg)
{
	memset(dbg, 0, sizeof *dbg);
	dbg->control = KVM_GUESTDBG_ENABLE;
	switch (probe) {
	case GDB_PROBE_STEP:
	case GDB_PROBE_USER:
		dbg->control |= KVM_GUESTDBG_SINGLESTEP;
		break;
	case GDB_PROBE_SW_BREAK:
		dbg->control |= KVM_GUESTDBG_USE_SW_BP;
		break;
	case GDB_PROBE_HW_BREAK:          /* execution breakpoint at the 2nd byte */
		dbg->control |= KVM_GUESTDBG_USE_HW_BP;
		dbg->arch.debugreg[0] = PROBE_CODE + 1;
		dbg->arch.debugreg[7] = 0x401;
		break;
	case GDB_PROBE_WATCH:             /* write of a dword at PROBE_DATA */
		dbg->control |= KVM_GUESTDBG_USE_HW_BP;
		dbg->arch.debugreg[0] = PROBE_DATA;
		dbg->arch.debugreg[7] = 0x401 | (1u << 16) | (3u << 18);
		break;
	default:
		break;
	}
}

static const char *describe_exit(enum gdb_probe probe, struct kvm_run *run, char *why, size_t whylen)
{
	static const char *const missed[GDB_PROBES] = {
		[GDB_PROBE_STEP] = "the guest ran on without stopping after one instruction",
		[GDB_PROBE_HW_BREAK] = "the guest ran past the breakpoint in DR0",
		[GDB_PROBE_SW_BREAK] = "int3 did not come to the VMM",
		[GDB_PROBE_WATCH] = "the data breakpoint in DR0 did not fire on a write",
		[GDB_PROBE_USER] = "the guest ran on without stopping after one instruction",
	};
	if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
		snprintf(why, whylen, "the host's KVM cannot emulate it (internal error, sub-error %u)",
			 run->internal.suberror);
	else if ((run->exit_reason == KVM_EXIT_IO && run->io.port == PORT_EXCEPTION) ||
		 run->exit_reason == KVM_EXIT_HLT)
		snprintf(why, whylen, "the guest took the trap, not the VMM");
	else if (run->exit_reason == KVM_EXIT_IO)
		snprintf(why, whylen, "%s", missed[probe]);
	else if (run->exit_reason == KVM_EXIT_SHUTDOWN)
		snprintf(why, whylen, "the debug trap went to the guest, which shut down");
	else
		snprintf(why, whylen, "the guest ended with exit %s (%s)", vcpu_exit_name(run->exit_reason),
			 vcpu_exit_meaning(run->exit_reason));
	return why;
}

/* Ring 3 with IOPL 3 (so the final `out` works), as hostcheck's long-user. */
static void enter_ring3(struct kvm_sregs *s, struct kvm_regs *r)
{
	s->cs.selector = 0x23, s->cs.dpl = 3;
	s->ss.selector = s->ds.selector = s->es.selector = 0x1b;
	s->ss.dpl = s->ds.dpl = s->es.dpl = 3;
	r->rflags = 0x3002;
}

static const atomic_int never_stop = END_RUNNING;

/* One probe in one mode, on a vCPU opened like any guest's and run for at
 * most PROBE_SECONDS: NULL if KVM_EXIT_DEBUG came where it should, else
 * why not. */
static const char *probe_in_mode(enum gdb_probe probe, enum guest_mode mode, char *why, size_t whylen)
{
	char err[160];
	struct vm vm;
	struct vcpu vcpu;
	memset(&vcpu, 0, sizeof vcpu);
	if (vm_create(&vm, PROBE_MEM, err, sizeof err) < 0) {
		snprintf(why, whylen, "%s", err);
		return why;
	}
	const char *result = why;
	struct boot_info boot = { .mode = mode, .entry = PROBE_CODE };
	struct vcpu_env env = { .vm = &vm, .boot = &boot, .stop = &never_stop, .image_name = "host-check" };
	struct kvm_sregs s;
	struct kvm_regs r;
	struct kvm_guest_debug dbg;
	struct vcpu_exit_info exit;
	if (vcpu_open(&vcpu, &env, 0, err, sizeof err) < 0) {
		snprintf(why, whylen, "cannot create a vCPU: %s", err);
		goto out;
	}
	probe_code(probe, mode, vm.mem);
	probe_debug(probe, &dbg);
	if (ioctl(vcpu.fd, KVM_GET_SREGS, &s) < 0 || ioctl(vcpu.fd, KVM_GET_REGS, &r) < 0) {
		snprintf(why, whylen, "cannot read the registers: %s", strerror(errno));
		goto out;
	}
	if (probe == GDB_PROBE_USER)
		enter_ring3(&s, &r);
	if (ioctl(vcpu.fd, KVM_SET_SREGS, &s) < 0 || ioctl(vcpu.fd, KVM_SET_REGS, &r) < 0 ||
	    ioctl(vcpu.fd, KVM_SET_GUEST_DEBUG, &dbg) < 0) {
		snprintf(why, whylen, "KVM refused the set-up: %s", strerror(errno));
		goto out;
	}
	if (vcpu_run_once(&vcpu, PROBE_SECONDS, &exit) < 0)
		snprintf(why, whylen, "KVM_RUN failed: %s", strerror(errno));
	else if (exit.reason != KVM_EXIT_DEBUG)
		describe_exit(probe, vcpu.run, why, whylen);
	else if (ioctl(vcpu.fd, KVM_GET_REGS, &r) < 0 || r.rip != expected_rip(probe, mode))
		snprintf(why, whylen, "the debug exit came at rip=0x%llx, not 0x%llx%s", (unsigned long long)r.rip,
			 (unsigned long long)expected_rip(probe, mode),
			 r.rip >= vm.mem_size - BOOT_AREA_SIZE ? " (the guest took the trap)" : "");
	else
		result = NULL;
out:
	vcpu_close(&vcpu);
	vm_destroy(&vm);
	return result;
}

/* Every mode is probed, so that the reason names each one that fails
 * (a host may honour a feature in one mode and not another). */
const char *gdb_probe_run(enum gdb_probe probe, char *why, size_t whylen)
{
	static const enum guest_mode modes[] = { MODE_REAL, MODE_LONG };
	size_t used = 0, failed = 0, tried = 0;
	why[0] = '\0';
	for (size_t i = probe == GDB_PROBE_USER ? 1 : 0; i < sizeof modes / sizeof modes[0]; i++) {
		char reason[200];
		tried++;
		if (!probe_in_mode(probe, modes[i], reason, sizeof reason))
			continue;
		int n = snprintf(why + used, whylen - used, "%s%s mode%s: %s", failed ? "; " : "",
				 guest_mode_name(modes[i]), probe == GDB_PROBE_USER ? ", ring 3" : "", reason);
		if (n > 0 && (size_t)n < whylen - used)
			used += (size_t)n;
		failed++;
	}
	if (failed && failed < tried)
		snprintf(why + used, whylen - used, " (works in the other mode)");
	return failed ? why : NULL;
}

void gdb_probe_report(void)
{
	for (int p = 0; p < GDB_PROBES; p++) {
		char why[480];
		const char *reason = gdb_probe_run(p, why, sizeof why);
		if (reason)
			printf("%s no: %s\n", probe_names[p], reason);
		else
			printf("%s yes\n", probe_names[p]);
	}
}
