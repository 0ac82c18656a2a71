/* fuzz_hypercall.c: the hypercall decoder (port 0x500) and the exception
 * reporter (port 0x501) with guest-chosen registers. Input: a few bytes of
 * setup (registers, which ioctls fail, guest stack contents), then calls
 * of 2 bytes each (port/direction, AL) until the vCPU stops. A stopped
 * vCPU must have a recorded end; the end text must be one line. */
#include <stdlib.h>
#include <string.h>
#include "fake_vcpu.h"
#include "../hypercall.h"
#include "../transcript.h"

#define MAX_CALLS 512

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size, 0 };
	uint8_t script_len = fuzz_u8(&in) % 16;
	const uint8_t *script = data + (in.pos < size ? in.pos : size);
	in.pos += script_len;
	if (in.pos > size)
		return 0;
	struct vcpu *vcpu = fake_vcpu_setup(script, script_len, 1 + fuzz_u8(&in));
	fake_kvm.regs.rbx = fuzz_u64(&in);
	fake_kvm.regs.rip = fuzz_u64(&in);
	fake_kvm.regs.rsp = fuzz_u16(&in) % (FAKE_MEM_SIZE + 64);  /* near or past RAM */
	uint8_t flags = fuzz_u8(&in);
	fake_kvm.sregs.efer = flags & 1 ? 0x500 : 0;
	fake_kvm.sregs.cr2 = fuzz_u64(&in);
	fake_kvm.fail_regs = (flags & 0x06) == 0x06;
	fake_kvm.fail_sregs = (flags & 0x18) == 0x18;
	fake_kvm.fail_translate = (flags & 0x60) == 0x60;
	fake_kvm.sync_regs = flags & 0x80;
	uint16_t stack_at = fake_kvm.regs.rsp;
	for (int i = 0; i < 16 && (unsigned)stack_at + i < FAKE_MEM_SIZE; i++)
		fake_guest()->vm.mem[stack_at + i] = fuzz_u8(&in);

	(void)fuzz_u8(&in);      /* a byte kept so the saved inputs keep their meaning */
	exception_name(fuzz_u8(&in));
	int result = VCPU_CONTINUE;
	for (int i = 0; i < MAX_CALLS && in.pos < size && result == VCPU_CONTINUE; i++) {
		uint8_t how = fuzz_u8(&in), al = fuzz_u8(&in);
		bool is_write = how & 1;
		uint16_t port = how & 2 ? PORT_EXCEPTION : PORT_HYPERCALL;
		if (how & 4)
			fake_kvm.regs.rbx = (fake_kvm.regs.rbx & ~0xffull) | (how >> 3);
		uint8_t byte = al;
		fake_vcpu_sync(vcpu);
		result = port == PORT_HYPERCALL ? hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, is_write, &byte)
						: exception_io(NULL, vcpu, 0, 1, is_write, &byte);
	}
	if (result == VCPU_STOP) {
		if (vcpu->end.kind == END_RUNNING)
			abort();                       /* stopped without saying why */
		char text[320];
		transcript_end_text(&vcpu->end, text, sizeof text);
		if (strchr(text, '\n') || end_status(&vcpu->end) > STATUS_STOPPED)
			abort();
		if (vcpu->end.kind == END_EXIT && vcpu->end.code > STATUS_GUEST_MAX)
			abort();                       /* a guest code outside 0-99 */
	}
	fake_vcpu_teardown();
	return 0;
}
