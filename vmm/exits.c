/* exits.c: a vCPU's thread and KVM_RUN loop, and the table that sends
 * each kind of VM exit to its handler.
 * Every exit reason a guest can cause ends up in exit_handlers[] below;
 * an unexpected one ends the run with its name, never silently. Port and
 * MMIO exits are decoded here from kvm_run into plain bus accesses. Also
 * here, beside the table: the reporter of guest exceptions that reach
 * the VMM's fallback IDT (port 0x501). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include "exits.h"
#include "vcpu.h"

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

static size_t ram_size(const struct vcpu *vcpu)
{
	return vcpu->env->vm->mem_size;
}

/* ---- exit handlers, one per KVM exit reason ---- */

/* A port access moves `size` bytes `count` times (rep ins/outs); each
 * element is one bus access. A port nobody owns reads as 0xFF and
 * ignores writes (logged under --trace). */
static int handle_io(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	bool is_write = run->io.direction == KVM_EXIT_IO_OUT;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	if (vcpu->env->trace)
		fprintf(stderr, "[cpu%d] io %s port=0x%x size=%u count=%u data=0x%02x%s\n", vcpu->id,
			is_write ? "out" : "in", run->io.port, run->io.size, run->io.count,
			is_write ? data[0] : 0,
			bus_find(vcpu->env->ports, run->io.port) ? "" : " (no device: ignored, reads 0xff)");
	for (uint32_t i = 0; i < run->io.count; i++) {
		uint8_t *element = data + (size_t)i * run->io.size;
		if (bus_access(vcpu->env->ports, vcpu, run->io.port, run->io.size, is_write, element) == BUS_STOP)
			return VCPU_STOP;
	}
	return VCPU_CONTINUE;
}

/* hlt with IF=0 ends the vCPU (as in the original); with IF=1 it sleeps
 * until an interrupt is deliverable, unless none can ever arrive. */
static int handle_hlt(struct vcpu *vcpu)
{
	const struct vcpu_env *env = vcpu->env;
	if (!vcpu->run->if_flag || !env->interrupt_ready || !env->interrupt_possible) {
		vcpu_end(vcpu, END_HALT, REASON_HALT, 0, END_NO_FIELDS);
		return VCPU_STOP;
	}
	vcpu_flush_output(vcpu);
	if (env->on_idle)
		env->on_idle(env->guest, vcpu);
	pthread_mutex_lock(&vcpu->lock);
	vcpu->idle = true;
	while (!env->interrupt_ready(env->guest) && atomic_load(env->stop) == END_RUNNING) {
		if (!env->interrupt_possible(env->guest)) {
			vcpu->idle = false;
			pthread_mutex_unlock(&vcpu->lock);
			vcpu_end(vcpu, END_HALT, REASON_HALT, 0, END_NO_FIELDS);
			return VCPU_STOP;
		}
		pthread_cond_wait(&vcpu->wake, &vcpu->lock);
	}
	vcpu->idle = false;
	pthread_mutex_unlock(&vcpu->lock);
	return VCPU_CONTINUE;
}

#define FOUR_GIB 0x100000000ull

/* A PC's holes below 4 GiB (nothing decodes the address: the bus floats)
 * read as all ones and swallow writes, and firmware-era code probes
 * them; above 4 GiB, or in the separate-guests machine whose ABI makes
 * any access outside RAM a fault, nothing is forgiven. */
static bool pc_memory_hole(const struct vcpu *vcpu, uint64_t addr, unsigned len)
{
	return vcpu->env->pc_memory_holes && addr < FOUR_GIB && len <= FOUR_GIB - addr;
}

/* An access outside RAM: a device's, if one owns the address, else a PC
 * memory hole (docs/DEVICES.md), else a fault naming the address. */
static int handle_mmio(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	unsigned len = run->mmio.len <= sizeof run->mmio.data ? run->mmio.len : sizeof run->mmio.data;
	if (vcpu->env->mmio && len) {
		int result = bus_access(vcpu->env->mmio, vcpu, run->mmio.phys_addr, len,
					run->mmio.is_write, run->mmio.data);
		if (result != BUS_UNCLAIMED)
			return result;
	}
	if (len && pc_memory_hole(vcpu, run->mmio.phys_addr, len)) {
		if (!run->mmio.is_write)
			memset(run->mmio.data, 0xff, len);
		if (vcpu->env->trace)
			fprintf(stderr, "[cpu%d] %s of %u bytes at 0x%llx: a hole (reads all ones)\n", vcpu->id,
				run->mmio.is_write ? "write" : "read", len, (unsigned long long)run->mmio.phys_addr);
		return VCPU_CONTINUE;
	}
	fprintf(stderr, "mini-kvm: cpu%d (%s): %s of %u bytes at guest-physical 0x%llx, outside RAM (0x0-0x%zx)\n",
		vcpu->id, vcpu->env->image_name, run->mmio.is_write ? "write" : "read", run->mmio.len,
		(unsigned long long)run->mmio.phys_addr, ram_size(vcpu));
	vcpu_end(vcpu, END_FAULT, REASON_MMIO, 0,
		 END_FIELDS(END_HEX("addr", run->mmio.phys_addr), END_HEX("rip", current_rip(vcpu))));
	return VCPU_STOP;
}

/* Is the instruction at the shutdown a `mov cr0, reg` turning paging on
 * outside long mode? kvm-pvm hosts shut such a guest down right there. */
static bool enabling_pm32_paging(struct vcpu *vcpu, const struct kvm_regs *r)
{
	struct kvm_sregs s;
	uint8_t insn[3];
	if (!vcpu->env->pm32_paging_works)
		return false;
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0 || !(s.cr0 & 1) || (s.efer & 0x400) ||
	    vcpu_read_virt(vcpu, s.cs.base + r->rip, insn, sizeof insn, 1) < 0)
		return false;
	if (insn[0] != 0x0f || insn[1] != 0x22 || ((insn[2] >> 3) & 7) != 0 || (insn[2] >> 6) != 3)
		return false;
	const uint64_t gprs[8] = { r->rax, r->rcx, r->rdx, r->rbx, r->rsp, r->rbp, r->rsi, r->rdi };
	return (gprs[insn[2] & 7] & 0x80000000u) && !vcpu->env->pm32_paging_works();
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
		vcpu_end(vcpu, END_HOST_REFUSED, REASON_MODE_REFUSED, 0,
			 END_FIELDS(END_BARE_WORD("mode", "pm32-paging"), END_HEX("rip", r.rip)));
		fprintf(stderr, "mini-kvm: cpu%d (%s): the guest turned on paging in 32-bit protected mode at rip=0x%llx;\n"
			"  this host's KVM cannot run 32-bit paging (kvm-pvm runs paging only in long mode),\n"
			"  so the guest is refused here. It runs on a VT-x/AMD-V host.\n",
			vcpu->id, vcpu->env->image_name, (unsigned long long)r.rip);
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
			vcpu->id, vcpu->env->image_name);
	else {
		fprintf(stderr, "mini-kvm: cpu%d (%s): triple fault (shutdown) at rip=0x%llx\n",
			vcpu->id, vcpu->env->image_name, (unsigned long long)r.rip);
		dump_registers(vcpu);
	}
	vcpu_end(vcpu, END_FAULT, REASON_TRIPLE_FAULT, 0, END_NO_FIELDS);
	return VCPU_STOP;
}

/* KVM cannot fetch instructions from outside RAM and reports that as an
 * emulation failure; for the guest it is an access outside RAM (a fault
 * naming the address, docs/ABI.md), not something the host refused. */
static bool executing_outside_ram(struct vcpu *vcpu, uint64_t linear, uint64_t *gpa)
{
	return vcpu_translate(vcpu, linear, gpa) == 0 && *gpa >= ram_size(vcpu);
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
			vcpu->id, vcpu->env->image_name, (unsigned long long)gpa, ram_size(vcpu));
		vcpu_end(vcpu, END_FAULT, REASON_MMIO, 0, END_FIELDS(END_HEX("addr", gpa), END_HEX("rip", rip)));
		return VCPU_STOP;
	}
	int have_insn = have_sregs && vcpu_read_virt(vcpu, s.cs.base + rip, insn, sizeof insn, 1) == 0;
	fprintf(stderr, "mini-kvm: cpu%d (%s): the host's KVM could not run the instruction at rip=0x%llx",
		vcpu->id, vcpu->env->image_name, (unsigned long long)rip);
	if (have_insn)
		fprintf(stderr, " (bytes %02x %02x %02x %02x)", insn[0], insn[1], insn[2], insn[3]);
	fprintf(stderr, "\n  KVM_EXIT_INTERNAL_ERROR, sub-error %u%s\n", run->internal.suberror,
		run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION ?
		" (emulation failure: on kvm-pvm hosts `int N` outside real mode, 32-bit `iret`\n"
		"  and some other instructions cannot be emulated; see docs/HOST.md)" : "");
	vcpu_end(vcpu, END_HOST_REFUSED, REASON_EMULATION_FAILURE, 0,
		 END_FIELDS(END_DEC("suberror", run->internal.suberror), END_HEX("rip", rip)));
	return VCPU_STOP;
}

static int handle_fail_entry(struct vcpu *vcpu)
{
	unsigned long long reason = vcpu->run->fail_entry.hardware_entry_failure_reason;
	fprintf(stderr, "mini-kvm: cpu%d (%s): the CPU refused to enter the guest (KVM_EXIT_FAIL_ENTRY, reason 0x%llx)\n",
		vcpu->id, vcpu->env->image_name, reason);
	dump_registers(vcpu);
	vcpu_end(vcpu, END_HOST_REFUSED, REASON_FAIL_ENTRY, 0, END_FIELDS(END_HEX("reason", reason)));
	return VCPU_STOP;
}

/* Exits that only mean "come back to user space": the loop re-checks
 * stop requests and pending interrupts before the next KVM_RUN. */
static int handle_resume(struct vcpu *vcpu)
{
	(void)vcpu;
	return VCPU_CONTINUE;
}

static int handle_unexpected(struct vcpu *vcpu);

/* A breakpoint, watchpoint or step: only ever asked for by a debugger. */
static int handle_debug(struct vcpu *vcpu)
{
	const struct vcpu_env *env = vcpu->env;
	return env->debug_exit ? env->debug_exit(env->guest, vcpu) : handle_unexpected(vcpu);
}

static int handle_unexpected(struct vcpu *vcpu)
{
	unsigned reason = vcpu->run->exit_reason;
	fprintf(stderr, "mini-kvm: cpu%d (%s): unexpected VM exit %u (%s: %s)\n", vcpu->id,
		vcpu->env->image_name, reason, vcpu_exit_name(reason), vcpu_exit_meaning(reason));
	dump_registers(vcpu);
	vcpu_end(vcpu, END_FAULT, REASON_UNEXPECTED_EXIT, 0,
		 END_FIELDS(END_WORD("reason", vcpu_exit_name(reason)), END_HEX("rip", current_rip(vcpu))));
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
	[KVM_EXIT_DEBUG]           = { "debug",          "debug trap",                     handle_debug },
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
	if (vcpu->env->trace && reason != KVM_EXIT_IO)
		fprintf(stderr, "[cpu%d] exit %s\n", vcpu->id, vcpu_exit_name(reason));
	if (reason < EXIT_REASONS && exit_handlers[reason].handle)
		return exit_handlers[reason].handle(vcpu);
	return handle_unexpected(vcpu);
}

/* ---- the run loop ---- */

/* --paging enters with paging already on. A host that cannot run 32-bit
 * paging (kvm-pvm) would shut the guest down at its first instruction;
 * refuse it before that, naming the mode, as a refused `mov cr0` is. */
static bool refused_at_entry(struct vcpu *vcpu)
{
	const struct vcpu_env *env = vcpu->env;
	if (vcpu->mode != MODE_PAGING || !env->pm32_paging_works || env->pm32_paging_works())
		return false;
	uint64_t entry = env->boot ? env->boot->entry : 0;
	vcpu_end(vcpu, END_HOST_REFUSED, REASON_MODE_REFUSED, 0,
		 END_FIELDS(END_BARE_WORD("mode", "pm32-paging"), END_HEX("rip", entry)));
	fprintf(stderr, "mini-kvm: cpu%d (%s): --paging enters 32-bit protected mode with paging on;\n"
		"  this host's KVM cannot run 32-bit paging (kvm-pvm runs paging only in long mode),\n"
		"  so the guest is refused before its first instruction. It runs on a VT-x/AMD-V host.\n",
		vcpu->id, env->image_name);
	return true;
}

static void run_loop(struct vcpu *vcpu)
{
	const struct vcpu_env *env = vcpu->env;
	if (refused_at_entry(vcpu))
		return;
	for (;;) {
		if (env->debug_checkpoint)      /* parks while stopped in a debugger */
			env->debug_checkpoint(env->guest, vcpu);
		int stop = atomic_load(env->stop);
		if (stop != END_RUNNING) {
			/* (an --expect script's end has set each vCPU's record already) */
			enum end_reason why = stop == END_TIMEOUT ? REASON_TIMEOUT
					    : stop == END_GUEST_ENDED ? REASON_GUEST_ENDED
					    : stop == END_SCRIPT_ENDED ? REASON_SCRIPT_END
					    : stop == END_SCRIPT_TIMEOUT ? REASON_EXPECT_TIMEOUT : REASON_STOPPED;
			vcpu_end(vcpu, stop, why, 0, END_NO_FIELDS);
			return;
		}
		if (env->before_entry && env->before_entry(env->guest, vcpu) < 0)
			return;
		vcpu->regs_in_run = false;
		if (ioctl(vcpu->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN) {
				vcpu->run->immediate_exit = 0;
				vcpu->exit_counts[KVM_EXIT_INTR]++;
				continue;
			}
			vcpu_fail(vcpu, "ioctl KVM_RUN: %s", strerror(errno));
			return;
		}
		vcpu->regs_in_run = true;
		if (vcpu_dispatch_exit(vcpu) == VCPU_STOP)
			return;
	}
}

static void *vcpu_thread(void *arg)
{
	struct vcpu *vcpu = arg;
	vcpu_bind_thread(vcpu);
	run_loop(vcpu);
	vcpu_flush_output(vcpu);
	if (vcpu->env->ended)
		vcpu->env->ended(vcpu->env->guest, vcpu);
	return NULL;
}

int vcpu_start(struct vcpu *vcpu)
{
	if (pthread_create(&vcpu->thread, NULL, vcpu_thread, vcpu) != 0)
		return -1;
	atomic_store(&vcpu->thread_started, true);
	return 0;
}

void vcpu_join(struct vcpu *vcpu)
{
	if (atomic_load(&vcpu->thread_started))
		pthread_join(vcpu->thread, NULL);
}

/* ---- the exception reporter (port 0x501) ---- */

static const char *const exception_names[32] = {
	"#DE (divide error)", "#DB (debug)", "NMI", "#BP (breakpoint)",
	"#OF (overflow)", "#BR (bound range)", "#UD (invalid opcode)",
	"#NM (device not available)", "#DF (double fault)", "coprocessor overrun",
	"#TS (invalid TSS)", "#NP (segment not present)", "#SS (stack fault)",
	"#GP (general protection)", "#PF (page fault)", "reserved",
	"#MF (x87 error)", "#AC (alignment check)", "#MC (machine check)",
	"#XM (SIMD error)", "#VE (virtualization)", "#CP (control protection)",
};

const char *exception_name(unsigned vector)
{
	if (vector < 32 && exception_names[vector])
		return exception_names[vector];
	return "reserved";
}

static bool has_error_code(unsigned vector)
{
	return vector == 8 || (vector >= 10 && vector <= 14) || vector == 17 ||
	       vector == 21 || vector == 29 || vector == 30;
}

/* The stub was entered through an interrupt gate: the CPU pushed the
 * interrupted RIP (and an error code for some vectors) on the stack. */
int exception_io(void *owner, struct vcpu *vcpu, uint64_t offset, unsigned size,
		 bool is_write, uint8_t *data)
{
	(void)owner, (void)offset, (void)size;
	if (!is_write)
		return VCPU_CONTINUE;
	unsigned vector = data[0] & 31;
	struct kvm_regs regs;
	struct kvm_sregs sregs;
	if (vcpu_get_regs(vcpu, &regs) < 0 || vcpu_get_sregs(vcpu, &sregs) < 0)
		return VCPU_STOP;
	unsigned width = (sregs.efer & 0x400) ? 8 : 4;     /* EFER.LMA: long mode */
	uint64_t frame[2] = { 0, 0 };
	int have_frame = vcpu_read_virt(vcpu, regs.rsp, frame, 2 * width, width) == 0;
	bool with_error = has_error_code(vector);
	uint64_t rip = with_error ? frame[1] : frame[0];
	struct end_field fields[END_MAX_FIELDS] = {
		END_DEC("vector", vector), END_BARE_WORD("name", exception_name(vector)),
	};
	int n = 2;
	if (have_frame && with_error)
		fields[n++] = (struct end_field)END_HEX("error", frame[0]);
	if (have_frame)
		fields[n++] = (struct end_field)END_HEX("rip", rip);
	if (vector == 14)
		fields[n++] = (struct end_field)END_HEX("cr2", sregs.cr2);
	vcpu_end(vcpu, END_FAULT, REASON_EXCEPTION, 0, fields, n);
	return VCPU_STOP;
}
