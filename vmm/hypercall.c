/* hypercall.c: the hypercall table. A guest writes a call number to port
 * 0x500 (AL); the table maps it to a handler, and a number not in the
 * table ends the guest as a fault naming the number. Arguments come from
 * registers the guest controls, so each handler validates its own. */
#include <stdio.h>
#include <string.h>
#include "hypercall.h"
#include "machine.h"
#include "vcpu_regs.h"

typedef int (*hypercall_fn)(struct vcpu *vcpu, const struct kvm_regs *regs);

static int hc_exit(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	(void)regs;   /* the original's HC_EXIT reads no register: code 0 */
	vcpu_finish(vcpu, END_EXIT, 0, "exit 0");
	return VCPU_STOP;
}

static int hc_putchar(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	if (console_putc(vcpu, regs->rbx & 0xff) == 0)
		return VCPU_CONTINUE;
	vcpu_finish(vcpu, END_FAULT, 0, "output-limit bytes=%zu", vcpu->machine->cfg->max_output);
	return VCPU_STOP;
}

static int hc_getchar(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	(void)regs;   /* the key is handed over by the following in al, dx */
	console_flush(vcpu, true);
	return VCPU_CONTINUE;
}

static int hc_exit_code(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	unsigned code = regs->rbx & 0xff;
	if (code > STATUS_GUEST_MAX) {
		vcpu_finish(vcpu, END_FAULT, 0, "bad-exit-code code=%u rip=0x%llx", code,
			    (unsigned long long)vcpu_rip_after_io(vcpu));
		return VCPU_STOP;
	}
	vcpu_finish(vcpu, END_EXIT, code, "exit %u", code);
	return VCPU_STOP;
}

static const struct {
	const char *name;
	hypercall_fn call;
	bool needs_regs;
} hypercalls[HC_COUNT] = {
	[HC_EXIT]      = { "HC_EXIT",      hc_exit,      false },
	[HC_PUTCHAR]   = { "HC_PUTCHAR",   hc_putchar,   true  },
	[HC_GETCHAR]   = { "HC_GETCHAR",   hc_getchar,   false },
	[HC_EXIT_CODE] = { "HC_EXIT_CODE", hc_exit_code, true  },
};

const char *hypercall_name(unsigned nr)
{
	return nr < HC_COUNT ? hypercalls[nr].name : "undefined";
}

int hypercall_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data)
{
	(void)port;
	if (!is_write) {
		int key = kbd_next_key(vcpu);
		*data = key < 0 ? 0xff : (uint8_t)key;
		return VCPU_CONTINUE;
	}
	unsigned nr = data[0];
	struct kvm_regs regs = { 0 };
	if (nr >= HC_COUNT || hypercalls[nr].needs_regs || vcpu->machine->cfg->trace) {
		if (vcpu_get_regs(vcpu, &regs) < 0)
			return VCPU_STOP;
	}
	if (nr >= HC_COUNT) {
		vcpu_finish(vcpu, END_FAULT, 0, "bad-hypercall al=0x%02x rip=0x%llx", nr,
			    (unsigned long long)vcpu_rip_after_io(vcpu));
		return VCPU_STOP;
	}
	return hypercalls[nr].call(vcpu, &regs);
}

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
int exception_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data)
{
	(void)port;
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
	char details[96] = "";
	if (have_frame && with_error)
		snprintf(details, sizeof details, " error=0x%llx rip=0x%llx",
			 (unsigned long long)frame[0], (unsigned long long)rip);
	else if (have_frame)
		snprintf(details, sizeof details, " rip=0x%llx", (unsigned long long)rip);
	if (vector == 14)
		snprintf(details + strlen(details), sizeof details - strlen(details), " cr2=0x%llx",
			 (unsigned long long)sregs.cr2);
	vcpu_finish(vcpu, END_FAULT, 0, "exception vector=%u %s%s", vector, exception_name(vector), details);
	return VCPU_STOP;
}
