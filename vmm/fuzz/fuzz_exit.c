/* fuzz_exit.c: the exit dispatcher (vcpu_dispatch_exit) fed made-up
 * kvm_run records, as if KVM_RUN had returned them. The fields KVM itself
 * guarantees (the PIO data offset and that size * count fits its page)
 * are kept valid; everything a guest can influence is arbitrary: exit
 * reason, port, direction, width, count, data, MMIO address and length,
 * registers, IF. Each input is a sequence of exits run until one stops. */
#include <stdlib.h>
#include <string.h>
#include "fake_vcpu.h"
#include "../transcript.h"

#define MAX_EXITS 256

static const uint16_t interesting_ports[] = {
	0x20, 0x21, 0x60, 0x64, 0xa0, 0xa1, 0x500, 0x501, 0x80, 0x3f8, 0xffff, 0x502, 0x4ff,
};

static void make_io_exit(struct kvm_run *run, struct fuzz_input *in)
{
	static const uint8_t sizes[] = { 1, 2, 4 };
	uint8_t how = fuzz_u8(in);
	run->exit_reason = KVM_EXIT_IO;
	run->io.direction = how & 1 ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = sizes[(how >> 1) % 3];
	run->io.port = how & 0x80 ? fuzz_u16(in)
		: interesting_ports[fuzz_u8(in) % (sizeof interesting_ports / sizeof interesting_ports[0])];
	unsigned max_count = 4096 / run->io.size;
	run->io.count = how & 0x40 ? 1 + fuzz_u16(in) % max_count : 1;
	run->io.data_offset = FAKE_PIO_OFFSET;
	uint8_t *pio = (uint8_t *)run + FAKE_PIO_OFFSET;
	for (size_t i = 0; i < (size_t)run->io.size * run->io.count && in->pos < in->size; i++)
		pio[i] = fuzz_u8(in);
}

static void make_exit(struct kvm_run *run, struct fuzz_input *in)
{
	uint8_t pick = fuzz_u8(in);
	run->if_flag = pick & 1;
	run->ready_for_interrupt_injection = (pick >> 1) & 1;
	fake_kvm.regs.rbx = fuzz_u8(in);
	switch ((pick >> 2) % 8) {
	case 0: case 1: case 2:
		make_io_exit(run, in);
		break;
	case 3:
		run->exit_reason = KVM_EXIT_MMIO;
		run->mmio.phys_addr = fuzz_u64(in);
		run->mmio.len = fuzz_u8(in) % 9;
		run->mmio.is_write = fuzz_u8(in) & 1;
		break;
	case 4:
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = fuzz_u32(in);
		break;
	case 5:
		run->exit_reason = KVM_EXIT_FAIL_ENTRY;
		run->fail_entry.hardware_entry_failure_reason = fuzz_u64(in);
		break;
	case 6:
		run->exit_reason = fuzz_u8(in);          /* any reason, named or not */
		break;
	case 7:
		run->exit_reason = fuzz_u32(in);         /* far outside the table */
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size, 0 };
	uint8_t script_len = fuzz_u8(&in) % 16;
	const uint8_t *script = data + (in.pos < size ? in.pos : size);
	in.pos += script_len;
	if (in.pos > size)
		return 0;
	struct vcpu *vcpu = fake_vcpu_setup(script, script_len, 1 + fuzz_u16(&in) % 4096);
	fake_kvm.regs.rip = fuzz_u64(&in);
	fake_kvm.regs.rsp = fuzz_u16(&in) % (FAKE_MEM_SIZE + 64);
	uint8_t flags = fuzz_u8(&in);
	fake_kvm.sregs.efer = flags & 1 ? 0x500 : 0;
	fake_kvm.sregs.cr0 = flags & 2 ? 1 : 0;
	fake_kvm.sregs.cs.base = fuzz_u32(&in);
	fake_kvm.fail_regs = (flags & 0x0c) == 0x0c;
	fake_kvm.fail_sregs = (flags & 0x30) == 0x30;
	fake_kvm.fail_translate = (flags & 0xc0) == 0xc0;
	fake_kvm.sync_regs = (flags & 0x44) == 0x04;
	for (size_t i = 0; i < 64; i++)      /* code at cs:rip and stack bytes */
		fake_guest()->vm.mem[(fake_kvm.sregs.cs.base + fake_kvm.regs.rip + i) % FAKE_MEM_SIZE] = fuzz_u8(&in);

	int result = VCPU_CONTINUE;
	for (int i = 0; i < MAX_EXITS && in.pos < size && result == VCPU_CONTINUE; i++) {
		if (vcpu->env->before_entry(vcpu->env->guest, vcpu) < 0)   /* as the run loop does */
			break;
		make_exit(vcpu->run, &in);
		fake_vcpu_sync(vcpu);
		result = vcpu_dispatch_exit(vcpu);
	}
	if (result == VCPU_STOP) {
		if (vcpu->end.kind == END_RUNNING)
			abort();                       /* stopped without an end */
		char text[320];
		transcript_end_text(&vcpu->end, text, sizeof text);
		if (strchr(text, '\n'))
			abort();
		/* a guest's code (0-99, or the debug-exit device's odd ones) must
		 * never look like a VMM status: even and >= 100 */
		int code = vcpu->end.code;
		if (vcpu->end.kind == END_EXIT &&
		    (code < 0 || code > 255 || (code >= STATUS_USAGE && code % 2 == 0)))
			abort();
	}
	fake_vcpu_teardown();
	return 0;
}
