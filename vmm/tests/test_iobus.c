/* tests/test_iobus.c: the port map and the exit dispatcher, fed kvm_run
 * records as KVM would fill them: unknown ports, string I/O to the
 * hypercall port, the PIC, and exits that end the guest. */
#include <string.h>
#include "tests.h"
#include "fuzz/fake_vcpu.h"
#include "exits.h"

static struct vcpu *vcpu;

static void fresh(const char *script)
{
	fake_vcpu_teardown();
	vcpu = fake_vcpu_setup((const uint8_t *)script, strlen(script), 100);
	fake_kvm.regs.rip = 0x42;
}

static int setup(void) { stderr_off(); vcpu = fake_vcpu_setup(NULL, 0, 100); return 0; }
static int teardown(void) { fake_vcpu_teardown(); stderr_on(); return 0; }

static uint8_t *pio(void) { return (uint8_t *)vcpu->run + FAKE_PIO_OFFSET; }

static int io(uint16_t port, bool out, uint8_t size, uint32_t count)
{
	struct kvm_run *run = vcpu->run;
	run->exit_reason = KVM_EXIT_IO;
	run->io.port = port;
	run->io.direction = out ? KVM_EXIT_IO_OUT : KVM_EXIT_IO_IN;
	run->io.size = size;
	run->io.count = count;
	run->io.data_offset = FAKE_PIO_OFFSET;
	return vcpu_dispatch_exit(vcpu);
}

static void test_unknown_ports(void)
{
	fresh("");
	const uint16_t ports[] = { 0x0, 0x80, 0x2f8, 0x502, 0x4ff, 0xcf8, 0xffff };
	for (size_t i = 0; i < sizeof ports / sizeof ports[0]; i++) {
		memset(pio(), 0, 16);
		CU_ASSERT_EQUAL(io(ports[i], false, 4, 2), VCPU_CONTINUE);
		for (int b = 0; b < 8; b++)
			CU_ASSERT_EQUAL(pio()[b], 0xff);    /* every byte of every element */
		pio()[0] = 0x12;
		CU_ASSERT_EQUAL(io(ports[i], true, 1, 1), VCPU_CONTINUE);
	}
	CU_ASSERT_EQUAL(vcpu->end.kind, END_RUNNING);
}

static void test_rep_outsb_hypercalls(void)
{
	fresh("");
	fake_kvm.regs.rbx = 'X';
	memcpy(pio(), "\x01\x01\x00\x01", 4);        /* putchar, putchar, exit, (never) */
	CU_ASSERT_EQUAL(io(0x500, true, 1, 4), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->out.total, 2);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
	fresh("");
	memcpy(pio(), "\x01\x00\x89\x00", 4);        /* outsw: AL of each word */
	CU_ASSERT_EQUAL(io(0x500, true, 2, 2), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "bad-hypercall al=0x89 rip=0x42");
}

static void test_rep_insb_keys(void)
{
	fresh("abc");
	memset(pio(), 0, 8);
	CU_ASSERT_EQUAL(io(0x500, false, 1, 5), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(memcmp(pio(), "abc\xff\xff", 5), 0);
}

static void test_pic(void)
{
	fresh("");
	pio()[0] = 0x11;                            /* ICW1: init, ICW4 follows */
	io(0x20, true, 1, 1);
	pio()[0] = 0x30;                            /* ICW2: vector base */
	io(0x21, true, 1, 1);
	pio()[0] = 0x04;                            /* ICW3 */
	io(0x21, true, 1, 1);
	pio()[0] = 0x01;                            /* ICW4 */
	io(0x21, true, 1, 1);
	CU_ASSERT_EQUAL(fake_guest()->pic.vector_base, 0x30);
	CU_ASSERT_EQUAL(atomic_load(&fake_guest()->pic.mask), 0);
	pio()[0] = 0xfd;                            /* OCW1: mask all but IRQ1 */
	io(0x21, true, 1, 1);
	CU_ASSERT_EQUAL(atomic_load(&fake_guest()->pic.mask), 0xfd);
	io(0x21, false, 1, 1);
	CU_ASSERT_EQUAL(pio()[0], 0xfd);
	pio()[0] = 0x37;                            /* ICW2 low bits are not the base */
	io(0x20, true, 1, 1), pio()[0] = 0x13, io(0x20, true, 1, 1);
	pio()[0] = 0x37;
	io(0x21, true, 1, 1);
	CU_ASSERT_EQUAL(fake_guest()->pic.vector_base, 0x30);
	io(0x20, false, 1, 1);
	CU_ASSERT_EQUAL(pio()[0], 0);
}

static void test_exit_names(void)
{
	CU_ASSERT_STRING_EQUAL(vcpu_exit_name(KVM_EXIT_SHUTDOWN), "shutdown");
	CU_ASSERT_STRING_EQUAL(vcpu_exit_meaning(KVM_EXIT_SHUTDOWN), "triple fault");
	CU_ASSERT_STRING_EQUAL(vcpu_exit_name(KVM_EXIT_IO), "io");
	CU_ASSERT_STRING_EQUAL(vcpu_exit_name(63), "other");
	CU_ASSERT_STRING_EQUAL(vcpu_exit_name(1000000), "other");
	CU_ASSERT_STRING_EQUAL(vcpu_exit_meaning(1000000), "not handled by mini-kvm");
}

/* One MMIO exit at addr: the handler's verdict. */
static int mmio(uint64_t addr, bool is_write, unsigned len)
{
	vcpu->run->exit_reason = KVM_EXIT_MMIO;
	vcpu->run->mmio.phys_addr = addr;
	vcpu->run->mmio.is_write = is_write;
	vcpu->run->mmio.len = len;
	memset(vcpu->run->mmio.data, 0x5a, sizeof vcpu->run->mmio.data);
	return vcpu_dispatch_exit(vcpu);
}

/* The one-guest machine's PC holes: below 4 GiB reads are all ones and
 * writes vanish; an access reaching past 4 GiB is still a fault. */
static void test_pc_memory_holes(void)
{
	fresh("");
	fake_guest()->vcpu_env.pc_memory_holes = true;
	CU_ASSERT_EQUAL(mmio(0xfe000000, false, 4), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(memcmp(vcpu->run->mmio.data, "\xff\xff\xff\xff\x5a", 5), 0);
	CU_ASSERT_EQUAL(mmio(0x8000000, true, 8), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(mmio(0xfffffffc, false, 4), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(mmio(0xfffffffc, false, 8), VCPU_STOP);     /* straddles 4 GiB */
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "mmio addr=0xfffffffc rip=0x42");
	fresh("");
	fake_guest()->vcpu_env.pc_memory_holes = true;
	CU_ASSERT_EQUAL(mmio(0x100000000ull, false, 1), VCPU_STOP);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "mmio addr=0x100000000 rip=0x42");
}

static void test_fatal_exits(void)
{
	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_MMIO;
	vcpu->run->mmio.phys_addr = 0x400000;
	vcpu->run->mmio.is_write = 1;
	vcpu->run->mmio.len = 4;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "mmio addr=0x400000 rip=0x42");

	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	vcpu->run->internal.suberror = 1;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_HOST_REFUSED);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "emulation-failure suberror=1 rip=0x42");

	/* the same failure while fetching outside RAM is the guest's fault */
	fresh("");
	fake_kvm.regs.rip = 0x20000;
	vcpu->run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	vcpu->run->internal.suberror = 1;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "mmio addr=0x20000 rip=0x20000");

	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_SHUTDOWN;  /* real mode: no paging check */
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "triple-fault");

	fresh("");
	vcpu->run->exit_reason = 0x7fffffff;         /* beyond the table */
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "unexpected-exit reason=other rip=0x42");
	CU_ASSERT_EQUAL(vcpu->exit_counts[0], 1);    /* counted, not written out of bounds */

	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_FAIL_ENTRY;
	vcpu->run->fail_entry.hardware_entry_failure_reason = 0x21;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_HOST_REFUSED);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "fail-entry reason=0x21");
}

static void test_hlt(void)
{
	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_HLT;
	vcpu->run->if_flag = 0;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_HALT);
	/* IF=1, timer off, no keys: nothing can ever wake it */
	fresh("");
	vcpu->run->exit_reason = KVM_EXIT_HLT;
	vcpu->run->if_flag = 1;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_HALT);
	/* IF=1 and a key in the script: IRQ1 is raised, the guest goes on */
	fresh("k");
	vcpu->run->exit_reason = KVM_EXIT_HLT;
	vcpu->run->if_flag = 1;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_CONTINUE);
	CU_ASSERT(pic_deliverable(&fake_guest()->pic));
	/* ...unless the guest masked IRQ1 */
	fresh("k");
	atomic_store(&fake_guest()->pic.mask, 0x02);
	vcpu->run->exit_reason = KVM_EXIT_HLT;
	vcpu->run->if_flag = 1;
	CU_ASSERT_EQUAL(vcpu_dispatch_exit(vcpu), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_HALT);
}

CU_pSuite add_iobus_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_unknown_ports), TEST(test_rep_outsb_hypercalls), TEST(test_rep_insb_keys),
		TEST(test_pic), TEST(test_exit_names), TEST(test_fatal_exits), TEST(test_pc_memory_holes), TEST(test_hlt),
	};
	return ADD_SUITE("iobus", setup, teardown, tests);
}
