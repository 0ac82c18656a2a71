/* hypercall.c: the hypercall table. A guest writes a call number to port
 * 0x500 (AL); the table maps it to a handler. A number not in the table
 * ends the vCPU, named: below HC_FIRST_EXTENSION as the original Mini-KVM
 * ends it (the vCPU stops, status 0: its own test guest makes call 3),
 * from there up as a guest fault, since only this project's guests use
 * those numbers. Arguments come from registers the guest controls, so
 * each handler validates its own. */
#include <stdio.h>
#include <string.h>
#include "hypercall.h"
#include "keyboard.h"
#include "vcpu.h"

typedef int (*hypercall_fn)(struct vcpu *vcpu, const struct kvm_regs *regs);

static int hc_exit(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	(void)regs;   /* the original's HC_EXIT reads no register: code 0 */
	vcpu_end(vcpu, END_EXIT, REASON_EXIT, 0, END_FIELDS(END_BARE_DEC("code", 0)));
	return VCPU_STOP;
}

static int hc_putchar(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	return vcpu_putc(vcpu, regs->rbx & 0xff);
}

static int hc_getchar(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	(void)vcpu, (void)regs;   /* the key is handed over by the following in al, dx */
	return VCPU_CONTINUE;
}

static int hc_exit_code(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	unsigned code = regs->rbx & 0xff;
	if (code > STATUS_GUEST_MAX) {
		vcpu_end(vcpu, END_FAULT, REASON_BAD_EXIT_CODE, 0,
			 END_FIELDS(END_DEC("code", code), END_HEX("rip", vcpu_rip_after_io(vcpu))));
		return VCPU_STOP;
	}
	vcpu_end(vcpu, END_EXIT, REASON_EXIT, (int)code, END_FIELDS(END_BARE_DEC("code", code)));
	return VCPU_STOP;
}

static const struct {
	hypercall_fn call;
	bool needs_regs;
} hypercalls[HC_NUMBERS] = {
	[HC_EXIT]      = { hc_exit,      false },
	[HC_PUTCHAR]   = { hc_putchar,   true  },
	[HC_GETCHAR]   = { hc_getchar,   false },
	[HC_EXIT_CODE] = { hc_exit_code, true  },
};

int hypercall_io(void *owner, struct vcpu *vcpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	(void)offset, (void)size;
	if (!is_write) {
		int key = kbd_next_key(owner, vcpu);
		*data = key < 0 ? 0xff : (uint8_t)key;
		return VCPU_CONTINUE;
	}
	unsigned nr = data[0];
	bool known = hypercalls[nr].call != NULL;
	struct kvm_regs regs = { 0 };
	if (!known || hypercalls[nr].needs_regs || vcpu->env->trace) {
		if (vcpu_get_regs(vcpu, &regs) < 0)
			return VCPU_STOP;
	}
	if (known)
		return hypercalls[nr].call(vcpu, &regs);
	if (nr < HC_FIRST_EXTENSION)      /* the original's way: stop, status 0 */
		vcpu_end(vcpu, END_EXIT, REASON_UNKNOWN_HYPERCALL, 0,
			 END_FIELDS(END_HEX2("al", nr), END_HEX("rip", vcpu_rip_after_io(vcpu))));
	else
		vcpu_end(vcpu, END_FAULT, REASON_BAD_HYPERCALL, 0,
			 END_FIELDS(END_HEX2("al", nr), END_HEX("rip", vcpu_rip_after_io(vcpu))));
	return VCPU_STOP;
}
