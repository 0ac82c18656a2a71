/* vcpu.c: a vCPU's life: its thread, the KVM_RUN loop, and the table that
 * sends each kind of VM exit to its handler. Every exit reason a guest can
 * cause ends up in exit_handlers[] below; an unexpected one ends the run
 * with its name, never silently. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hostcheck.h"
#include "iobus.h"
#include "machine.h"
#include "vcpu_regs.h"

#define SIG_KICK SIGUSR1

/* The kick signal makes the next (or current) KVM_RUN return at once. */
static __thread struct kvm_run *current_run;

static void on_kick(int sig)
{
	(void)sig;
	if (current_run)
		current_run->immediate_exit = 1;
}

void vcpu_kick(struct vcpu *vcpu)
{
	/* thread_started is atomic: the starting thread sets it (after
	 * pthread_create has stored vcpu->thread) while others may kick. */
	if (!vcpu_is_current(vcpu) && atomic_load(&vcpu->thread_started))
		pthread_kill(vcpu->thread, SIG_KICK);
}

bool vcpu_is_current(const struct vcpu *vcpu)
{
	return current_run && current_run == vcpu->run;
}

void vcpu_finish(struct vcpu *vcpu, enum end_kind kind, int code, const char *fmt, ...)
{
	pthread_mutex_lock(&vcpu->lock);
	if (vcpu->end.kind == END_RUNNING) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(vcpu->end.detail, sizeof vcpu->end.detail, fmt, ap);
		va_end(ap);
		vcpu->end.kind = kind;
		vcpu->end.code = code;
	}
	pthread_mutex_unlock(&vcpu->lock);
}

/* ---- registers and guest memory ---- */

int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs)
{
	/* With sync regs on, KVM has already copied them into kvm_run at this
	 * exit: HC_PUTCHAR reads BL without a KVM_GET_REGS ioctl. */
	if (vcpu->run->kvm_valid_regs & KVM_SYNC_X86_REGS) {
		*regs = vcpu->run->s.regs.regs;
		return 0;
	}
	if (ioctl(vcpu->fd, KVM_GET_REGS, regs) == 0)
		return 0;
	vcpu_finish(vcpu, END_VMM_ERROR, 0, "ioctl KVM_GET_REGS: %s", strerror(errno));
	return -1;
}

/* The address after the IN/OUT that caused this exit, on every host.
 * Hardware KVM completes (and steps over) the instruction only at the next
 * KVM_RUN, so RIP still points at it; kvm-pvm has already moved past it.
 * A KVM_RUN with immediate_exit set completes the pending I/O without
 * entering the guest (the KVM API's own way to settle a vCPU's state), so
 * RIP then reads the same everywhere. For a vCPU on its way to an end. */
uint64_t vcpu_rip_after_io(struct vcpu *vcpu)
{
	struct kvm_regs regs;
	vcpu->run->immediate_exit = 1;
	(void)ioctl(vcpu->fd, KVM_RUN, 0);        /* -1 EINTR: done, guest not entered */
	vcpu->run->immediate_exit = 0;
	return ioctl(vcpu->fd, KVM_GET_REGS, &regs) == 0 ? regs.rip : 0;
}

int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs)
{
	if (ioctl(vcpu->fd, KVM_GET_SREGS, sregs) == 0)
		return 0;
	vcpu_finish(vcpu, END_VMM_ERROR, 0, "ioctl KVM_GET_SREGS: %s", strerror(errno));
	return -1;
}

int vcpu_read_virt(struct vcpu *vcpu, uint64_t vaddr, void *words, size_t len, unsigned width)
{
	uint8_t bytes[64];
	if (len > sizeof bytes || width == 0 || len % width)
		return -1;
	for (size_t done = 0; done < len;) {
		struct kvm_translation tr = { .linear_address = vaddr + done };
		if (ioctl(vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
			return -1;
		size_t chunk = 4096 - ((vaddr + done) & 4095);
		if (chunk > len - done)
			chunk = len - done;
		const uint8_t *src = vm_guest_ptr(&vcpu->vm, tr.physical_address, chunk);
		if (!src)
			return -1;
		memcpy(bytes + done, src, chunk);
		done += chunk;
	}
	if (width == 1) {
		memcpy(words, bytes, len);
		return 0;
	}
	uint64_t *out = words;
	for (size_t i = 0; i < len / width; i++) {
		out[i] = 0;
		memcpy(&out[i], bytes + i * width, width);
	}
	return 0;
}

static void dump_registers(struct vcpu *vcpu)
{
	struct kvm_regs r;
	struct kvm_sregs s;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &r) < 0 || ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0)
		return;
	fprintf(stderr,
		"  rip=%016llx rsp=%016llx rflags=%08llx\n"
		"  rax=%016llx rbx=%016llx rcx=%016llx rdx=%016llx\n"
		"  cs=%04x(base %llx) ds=%04x ss=%04x cr0=%08llx cr3=%08llx cr4=%08llx efer=%llx\n",
		r.rip, r.rsp, r.rflags, r.rax, r.rbx, r.rcx, r.rdx,
		s.cs.selector, s.cs.base, s.ds.selector, s.ss.selector,
		s.cr0, s.cr3, s.cr4, s.efer);
}

static uint64_t current_rip(struct vcpu *vcpu)
{
	struct kvm_regs r;
	return ioctl(vcpu->fd, KVM_GET_REGS, &r) == 0 ? r.rip : 0;
}

/* ---- exit handlers, one per KVM exit reason ---- */

static int handle_io(struct vcpu *vcpu)
{
	return iobus_dispatch(vcpu);
}

/* hlt with IF=0 ends the vCPU (as in the original); with IF=1 it sleeps
 * until an interrupt is deliverable, unless none can ever arrive. */
static int handle_hlt(struct vcpu *vcpu)
{
	if (!vcpu->run->if_flag) {
		vcpu_finish(vcpu, END_HALT, 0, "halt");
		return VCPU_STOP;
	}
	console_flush(vcpu, true);
	kbd_on_idle(vcpu);
	pthread_mutex_lock(&vcpu->lock);
	vcpu->idle = true;
	while (!irq_deliverable(vcpu) && !machine_stopping(vcpu->machine)) {
		if (!irq_may_arrive(vcpu)) {
			vcpu->idle = false;
			pthread_mutex_unlock(&vcpu->lock);
			vcpu_finish(vcpu, END_HALT, 0, "halt");
			return VCPU_STOP;
		}
		pthread_cond_wait(&vcpu->wake, &vcpu->lock);
	}
	vcpu->idle = false;
	pthread_mutex_unlock(&vcpu->lock);
	return VCPU_CONTINUE;
}

static int handle_mmio(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	fprintf(stderr, "mini-kvm: cpu%d (%s): %s of %u bytes at guest-physical 0x%llx, outside RAM (0x0-0x%zx)\n",
		vcpu->id, vcpu->image_name, run->mmio.is_write ? "write" : "read", run->mmio.len,
		(unsigned long long)run->mmio.phys_addr, vcpu->vm.mem_size);
	vcpu_finish(vcpu, END_FAULT, 0, "mmio addr=0x%llx rip=0x%llx",
		    (unsigned long long)run->mmio.phys_addr, (unsigned long long)current_rip(vcpu));
	return VCPU_STOP;
}

/* Is the instruction at the shutdown a `mov cr0, reg` turning paging on
 * outside long mode? kvm-pvm hosts shut such a guest down right there. */
static bool enabling_pm32_paging(struct vcpu *vcpu, const struct kvm_regs *r)
{
	struct kvm_sregs s;
	uint8_t insn[3];
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0 || !(s.cr0 & 1) || (s.efer & 0x400) ||
	    vcpu_read_virt(vcpu, s.cs.base + r->rip, insn, sizeof insn, 1) < 0)
		return false;
	if (insn[0] != 0x0f || insn[1] != 0x22 || ((insn[2] >> 3) & 7) != 0 || (insn[2] >> 6) != 3)
		return false;
	const uint64_t gprs[8] = { r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi };
	return (gprs[insn[2] & 7] & 0x80000000u) && !hostcheck_pm32_paging_works();
}

/* Is the vCPU in the state INIT leaves it in (CS = F000 based at FFFF0000)? */
static bool reset_state(struct vcpu *vcpu)
{
	struct kvm_sregs sregs;
	return ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) == 0 &&
	       sregs.cs.selector == 0xf000 && sregs.cs.base == 0xffff0000ull;
}

/* A shutdown is a triple fault, except on hosts (kvm-pvm) that shut a
 * guest down when it turns on paging outside long mode: say which. */
static int handle_shutdown(struct vcpu *vcpu)
{
	struct kvm_regs r;
	if (vcpu_get_regs(vcpu, &r) < 0)
		return VCPU_STOP;
	if (enabling_pm32_paging(vcpu, &r)) {
		vcpu_finish(vcpu, END_HOST_REFUSED, 0, "mode-refused pm32-paging rip=0x%llx",
			    (unsigned long long)r.rip);
		fprintf(stderr, "mini-kvm: cpu%d (%s): the guest turned on paging in 32-bit protected mode at rip=0x%llx;\n"
			"  this host's KVM cannot run 32-bit paging (kvm-pvm runs paging only in long mode),\n"
			"  so the guest is refused here. It runs on a VT-x/AMD-V host.\n",
			vcpu->id, vcpu->image_name, (unsigned long long)r.rip);
		return VCPU_STOP;
	}
	/* Where the CPU was is the host's to keep: VT-x and kvm-pvm keep it,
	 * but KVM on AMD SVM resets the vCPU (an INIT) at a shutdown, as the
	 * VMCB is undefined after one. So the end record names no RIP (it
	 * reads the same on every host) and the message gives it only when
	 * the vCPU still holds it. */
	if (r.rip == 0xfff0 && reset_state(vcpu))
		fprintf(stderr, "mini-kvm: cpu%d (%s): triple fault (shutdown); this host's KVM reset "
			"the vCPU, so where it happened is lost (AMD SVM does that; try --trace)\n",
			vcpu->id, vcpu->image_name);
	else {
		fprintf(stderr, "mini-kvm: cpu%d (%s): triple fault (shutdown) at rip=0x%llx\n",
			vcpu->id, vcpu->image_name, (unsigned long long)r.rip);
		dump_registers(vcpu);
	}
	vcpu_finish(vcpu, END_FAULT, 0, "triple-fault");
	return VCPU_STOP;
}

/* KVM cannot fetch instructions from outside RAM and reports that as an
 * emulation failure; for the guest it is an access outside RAM (a fault
 * naming the address, docs/ABI.md), not something the host refused. */
static bool executing_outside_ram(struct vcpu *vcpu, uint64_t linear, uint64_t *gpa)
{
	struct kvm_translation tr = { .linear_address = linear };
	if (ioctl(vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
		return false;
	*gpa = tr.physical_address;
	return tr.physical_address >= vcpu->vm.mem_size;
}

static int handle_internal_error(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	uint64_t rip = current_rip(vcpu), gpa;
	uint8_t insn[8] = { 0 };
	struct kvm_sregs s;
	bool have_sregs = ioctl(vcpu->fd, KVM_GET_SREGS, &s) == 0;
	if (have_sregs && run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION &&
	    executing_outside_ram(vcpu, s.cs.base + rip, &gpa)) {
		fprintf(stderr, "mini-kvm: cpu%d (%s): executing at guest-physical 0x%llx, outside RAM (0x0-0x%zx)\n",
			vcpu->id, vcpu->image_name, (unsigned long long)gpa, vcpu->vm.mem_size);
		vcpu_finish(vcpu, END_FAULT, 0, "mmio addr=0x%llx rip=0x%llx",
			    (unsigned long long)gpa, (unsigned long long)rip);
		return VCPU_STOP;
	}
	int have_insn = have_sregs && vcpu_read_virt(vcpu, s.cs.base + rip, insn, sizeof insn, 1) == 0;
	fprintf(stderr, "mini-kvm: cpu%d (%s): the host's KVM could not run the instruction at rip=0x%llx",
		vcpu->id, vcpu->image_name, (unsigned long long)rip);
	if (have_insn)
		fprintf(stderr, " (bytes %02x %02x %02x %02x)", insn[0], insn[1], insn[2], insn[3]);
	fprintf(stderr, "\n  KVM_EXIT_INTERNAL_ERROR, sub-error %u%s\n", run->internal.suberror,
		run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION ?
		" (emulation failure: on kvm-pvm hosts `int N` outside real mode, 32-bit `iret`\n"
		"  and some other instructions cannot be emulated; see docs/HOST.md)" : "");
	vcpu_finish(vcpu, END_HOST_REFUSED, 0, "emulation-failure suberror=%u rip=0x%llx",
		    run->internal.suberror, (unsigned long long)rip);
	return VCPU_STOP;
}

static int handle_fail_entry(struct vcpu *vcpu)
{
	unsigned long long reason = vcpu->run->fail_entry.hardware_entry_failure_reason;
	fprintf(stderr, "mini-kvm: cpu%d (%s): the CPU refused to enter the guest (KVM_EXIT_FAIL_ENTRY, reason 0x%llx)\n",
		vcpu->id, vcpu->image_name, reason);
	dump_registers(vcpu);
	vcpu_finish(vcpu, END_HOST_REFUSED, 0, "fail-entry reason=0x%llx", reason);
	return VCPU_STOP;
}

/* Exits that only mean "come back to user space": the loop re-checks
 * stop requests and pending interrupts before the next KVM_RUN. */
static int handle_resume(struct vcpu *vcpu)
{
	(void)vcpu;
	return VCPU_CONTINUE;
}

static int handle_unexpected(struct vcpu *vcpu)
{
	unsigned reason = vcpu->run->exit_reason;
	fprintf(stderr, "mini-kvm: cpu%d (%s): unexpected VM exit %u (%s: %s)\n", vcpu->id,
		vcpu->image_name, reason, vcpu_exit_name(reason), vcpu_exit_meaning(reason));
	dump_registers(vcpu);
	vcpu_finish(vcpu, END_FAULT, 0, "unexpected-exit reason=%s rip=0x%llx",
		    vcpu_exit_name(reason), (unsigned long long)current_rip(vcpu));
	return VCPU_STOP;
}

static const struct {
	const char *name, *meaning;
	int (*handle)(struct vcpu *vcpu);
} exit_handlers[EXIT_REASONS] = {
	[KVM_EXIT_UNKNOWN]         = { "unknown",        "the CPU gave no reason",         handle_unexpected },
	[KVM_EXIT_EXCEPTION]       = { "exception",      "an exception KVM passed out",    handle_unexpected },
	[KVM_EXIT_IO]              = { "io",             "port I/O",                       handle_io },
	[KVM_EXIT_HYPERCALL]       = { "hypercall",      "vmcall/vmmcall",                 handle_unexpected },
	[KVM_EXIT_DEBUG]           = { "debug",          "debug trap",                     handle_unexpected },
	[KVM_EXIT_HLT]             = { "hlt",            "hlt instruction",                handle_hlt },
	[KVM_EXIT_MMIO]            = { "mmio",           "memory access outside RAM",      handle_mmio },
	[KVM_EXIT_IRQ_WINDOW_OPEN] = { "irq-window",     "the guest can take an interrupt", handle_resume },
	[KVM_EXIT_SHUTDOWN]        = { "shutdown",       "triple fault",                   handle_shutdown },
	[KVM_EXIT_FAIL_ENTRY]      = { "fail-entry",     "VM entry failed",                handle_fail_entry },
	[KVM_EXIT_INTR]            = { "intr",           "interrupted by a signal",        handle_resume },
	[KVM_EXIT_INTERNAL_ERROR]  = { "internal-error", "KVM could not handle the guest", handle_internal_error },
	[KVM_EXIT_SYSTEM_EVENT]    = { "system-event",   "reset or shutdown request",      handle_unexpected },
};

const char *vcpu_exit_name(unsigned reason)
{
	return reason < EXIT_REASONS && exit_handlers[reason].name ? exit_handlers[reason].name : "other";
}

const char *vcpu_exit_meaning(unsigned reason)
{
	return reason < EXIT_REASONS && exit_handlers[reason].meaning ? exit_handlers[reason].meaning
								     : "not handled by mini-kvm";
}

int vcpu_dispatch_exit(struct vcpu *vcpu)
{
	unsigned reason = vcpu->run->exit_reason;
	vcpu->exit_counts[reason < EXIT_REASONS ? reason : 0]++;
	if (vcpu->machine->cfg->trace && reason != KVM_EXIT_IO)
		fprintf(stderr, "[cpu%d] exit %s\n", vcpu->id, vcpu_exit_name(reason));
	if (reason < EXIT_REASONS && exit_handlers[reason].handle)
		return exit_handlers[reason].handle(vcpu);
	return handle_unexpected(vcpu);
}

/* ---- the run loop ---- */

static void run_loop(struct vcpu *vcpu)
{
	struct machine *machine = vcpu->machine;
	for (;;) {
		int stop = atomic_load(&machine->stop);
		if (stop != END_RUNNING) {
			vcpu_finish(vcpu, stop, 0, "%s", stop == END_TIMEOUT ? "timeout" : "stopped");
			return;
		}
		if (irq_prepare_entry(vcpu) < 0)
			return;
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				vcpu->run->immediate_exit = 0;
				vcpu->exit_counts[KVM_EXIT_INTR]++;
				continue;
			}
			vcpu_finish(vcpu, END_VMM_ERROR, 0, "ioctl KVM_RUN: %s", strerror(errno));
			return;
		}
		if (vcpu_dispatch_exit(vcpu) == VCPU_STOP)
			return;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	current_run = vcpu->run;
	run_loop(vcpu);
	console_flush(vcpu, true);
	machine_vcpu_ended(vcpu->machine);
	return NULL;
}

static void install_kick_handler(void)
{
	struct sigaction sa = { .sa_handler = on_kick };   /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, NULL);
}

int vcpu_create(struct vcpu *vcpu, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_kick_handler);

	pthread_mutex_init(&vcpu->lock, NULL);
	pthread_cond_init(&vcpu->wake, NULL);
	irq_init(&vcpu->irq, vcpu->boot.mode);
	vcpu->fd = ioctl(vcpu->vm.fd, KVM_CREATE_VCPU, 0);
	if (vcpu->fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VCPU failed: %s", strerror(errno));
		return -1;
	}
	vcpu->run = mmap(NULL, kvm_run_size(), PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		snprintf(err, errlen, "cannot map the vCPU's kvm_run: %s", strerror(errno));
		return -1;
	}
	if (kvm_has_sync_regs())
		vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
	kvm_set_cpuid(vcpu->fd, 0);   /* one CPU per VM, or the BSP */
	boot_build_tables(vcpu->vm.mem, vcpu->vm.mem_size, vcpu->boot.mode);
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0) {
		snprintf(err, errlen, "KVM_GET_SREGS failed: %s", strerror(errno));
		return -1;
	}
	boot_set_registers(&vcpu->boot, vcpu->vm.mem_size, &sregs, &regs);
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sregs) < 0 || ioctl(vcpu->fd, KVM_SET_REGS, &regs) < 0) {
		snprintf(err, errlen, "cannot set the registers for %s mode: %s",
			 guest_mode_name(vcpu->boot.mode), strerror(errno));
		return -1;
	}
	return 0;
}

int vcpu_start(struct vcpu *vcpu)
{
	if (pthread_create(&vcpu->thread, NULL, vcpu_thread, vcpu) != 0)
		return -1;
	atomic_store(&vcpu->thread_started, true);
	return 0;
}

void vcpu_destroy(struct vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, kvm_run_size());
	if (vcpu->fd > 0)
		close(vcpu->fd);
	vm_destroy(&vcpu->vm);
	console_free(&vcpu->out);
}
