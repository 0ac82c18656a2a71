/* tests/test_hypercall.c: the hypercall table and the exception reporter,
 * driven through a vCPU without KVM (fuzz/fake_vcpu.c answers the register
 * ioctls with values the test chooses). */
#include <string.h>
#include "tests.h"
#include "fuzz/fake_vcpu.h"
#include "hypercall.h"

static struct vcpu *vcpu;

static int call(uint8_t nr, uint64_t rbx)
{
	fake_kvm.regs.rbx = rbx;
	uint8_t al = nr;
	return hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, true, &al);
}

static void fresh(const char *script, size_t max_output)
{
	fake_vcpu_teardown();
	vcpu = fake_vcpu_setup((const uint8_t *)script, strlen(script), max_output);
	fake_kvm.regs.rip = 0x1234;
}

static int setup(void) { stderr_off(); vcpu = fake_vcpu_setup(NULL, 0, 100); return 0; }
static int teardown(void) { fake_vcpu_teardown(); stderr_on(); return 0; }

static void test_names(void)
{
	CU_ASSERT_STRING_EQUAL(exception_name(0), "#DE (divide error)");
	CU_ASSERT_STRING_EQUAL(exception_name(13), "#GP (general protection)");
	CU_ASSERT_STRING_EQUAL(exception_name(14), "#PF (page fault)");
	CU_ASSERT_STRING_EQUAL(exception_name(21), "#CP (control protection)");
	CU_ASSERT_STRING_EQUAL(exception_name(22), "reserved");
	CU_ASSERT_STRING_EQUAL(exception_name(31), "reserved");
	CU_ASSERT_STRING_EQUAL(exception_name(32), "reserved");
	CU_ASSERT_STRING_EQUAL(exception_name(~0u), "reserved");
}

static void test_exit(void)
{
	fresh("", 100);
	fake_kvm.fail_regs = 1;                     /* HC_EXIT reads no register */
	CU_ASSERT_EQUAL(call(HC_EXIT, 55), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
	CU_ASSERT_EQUAL(vcpu->end.code, 0);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "exit 0");
}

static void test_exit_code(void)
{
	fresh("", 100);
	CU_ASSERT_EQUAL(call(HC_EXIT_CODE, 42), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
	CU_ASSERT_EQUAL(vcpu->end.code, 42);
	fresh("", 100);
	CU_ASSERT_EQUAL(call(HC_EXIT_CODE, 0xffffffffffff0063ull), VCPU_STOP);  /* BL = 99 */
	CU_ASSERT_EQUAL(vcpu->end.code, 99);
	fresh("", 100);
	CU_ASSERT_EQUAL(call(HC_EXIT_CODE, 100), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "bad-exit-code code=100 rip=0x1234");
	fresh("", 100);
	CU_ASSERT_EQUAL(call(HC_EXIT_CODE, 0xff), VCPU_STOP);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "bad-exit-code code=255 rip=0x1234");
	/* the first end wins: a later call cannot rewrite it */
	call(HC_EXIT_CODE, 3);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
}

/* Below the extensions, an undefined call stops the vCPU as the original
 * Mini-KVM does (status 0), named; from HC_FIRST_EXTENSION up it is a fault. */
static void test_undefined(void)
{
	for (unsigned nr = 0; nr < 256; nr++) {
		if (nr == HC_EXIT || nr == HC_PUTCHAR || nr == HC_GETCHAR || nr == HC_EXIT_CODE)
			continue;
		fresh("", 100);
		CU_ASSERT_EQUAL_FATAL(call((uint8_t)nr, 0), VCPU_STOP);
		char want[64];
		if (nr < HC_FIRST_EXTENSION) {
			CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
			CU_ASSERT_EQUAL(end_status(&vcpu->end), 0);
			snprintf(want, sizeof want, "unknown-hypercall al=0x%02x rip=0x1234", nr);
		} else {
			CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
			CU_ASSERT_EQUAL(end_status(&vcpu->end), STATUS_GUEST_FAULT);
			snprintf(want, sizeof want, "bad-hypercall al=0x%02x rip=0x1234", nr);
		}
		CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), want);
	}
}

/* The original's hctest: Hello!, then call 3 with BL = '!'. */
static void test_original_call_3(void)
{
	fresh("", 100);
	CU_ASSERT_EQUAL(call(3, '!'), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
	CU_ASSERT_EQUAL(vcpu->end.code, 0);
	CU_ASSERT_EQUAL(vcpu->out.total, 0);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "unknown-hypercall al=0x03 rip=0x1234");
}

static void test_registers_unreadable(void)
{
	fresh("", 100);
	fake_kvm.fail_regs = 1;
	CU_ASSERT_EQUAL(call(HC_PUTCHAR, 'a'), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_VMM_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(end_text(&vcpu->end), "KVM_GET_REGS"));
}

/* With KVM_CAP_SYNC_REGS the registers come in kvm_run, no ioctl. */
static void test_sync_regs(void)
{
	fresh("", 100);
	fake_kvm.fail_regs = 1;
	fake_kvm.sync_regs = 1;
	fake_kvm.regs.rbx = 77;
	fake_vcpu_sync(vcpu);
	uint8_t al = HC_EXIT_CODE;
	CU_ASSERT_EQUAL(hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, true, &al), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_EXIT);
	CU_ASSERT_EQUAL(vcpu->end.code, 77);
}

static void test_putchar_and_limit(void)
{
	fresh("", 3);
	CU_ASSERT_EQUAL(call(HC_PUTCHAR, 0x4100 | 'a'), VCPU_CONTINUE);   /* only BL counts */
	CU_ASSERT_EQUAL(call(HC_PUTCHAR, 'b'), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(call(HC_PUTCHAR, 0), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(vcpu->out.total, 3);
	CU_ASSERT_EQUAL(call(HC_PUTCHAR, 'd'), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "output-limit bytes=3");
	CU_ASSERT_EQUAL(vcpu->out.total, 3);
}

static void test_getchar(void)
{
	fresh("hi", 100);
	uint8_t key = 0;
	CU_ASSERT_EQUAL(call(HC_GETCHAR, 0), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, false, &key), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(key, 'h');
	hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, false, &key);
	CU_ASSERT_EQUAL(key, 'i');
	for (int i = 0; i < 1000; i++) {            /* after the end: 0xFF, forever */
		key = 0;
		hypercall_io(&fake_guest()->kbd, vcpu, 0, 1, false, &key);
		CU_ASSERT_EQUAL_FATAL(key, 0xff);
	}
	CU_ASSERT_EQUAL(vcpu->end.kind, END_RUNNING);
}

/* Put an exception frame of `width`-byte words at rsp. */
static void frame_at(uint64_t rsp, unsigned width, uint64_t w0, uint64_t w1)
{
	fake_kvm.regs.rsp = rsp;
	memcpy(fake_guest()->vm.mem + rsp, &w0, width);
	memcpy(fake_guest()->vm.mem + rsp + width, &w1, width);
}

static int report(uint8_t vector)
{
	return exception_io(NULL, vcpu, 0, 1, true, &vector);
}

static void test_exception_long(void)
{
	fresh("", 100);
	fake_kvm.sregs.efer = 0x500;
	frame_at(0x8000, 8, 0x18, 0x401000);        /* error code, rip */
	CU_ASSERT_EQUAL(report(13), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end),
			       "exception vector=13 #GP (general protection) error=0x18 rip=0x401000");
	fresh("", 100);
	fake_kvm.sregs.efer = 0x500;
	fake_kvm.sregs.cr2 = 0xdead000;
	frame_at(0x8000, 8, 0x2, 0x77);
	report(14);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end),
			       "exception vector=14 #PF (page fault) error=0x2 rip=0x77 cr2=0xdead000");
	fresh("", 100);
	fake_kvm.sregs.efer = 0x500;
	frame_at(0x8000, 8, 0x55, 0x99);            /* #UD pushes no error code */
	report(6);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "exception vector=6 #UD (invalid opcode) rip=0x55");
}

static void test_exception_pm32(void)
{
	fresh("", 100);
	frame_at(0x100, 4, 0x1234, 0x8);            /* rip, cs */
	report(0);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "exception vector=0 #DE (divide error) rip=0x1234");
	fresh("", 100);
	frame_at(0x100, 4, 0x0, 0x42);
	report(8);                                  /* #DF: error code 0 */
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "exception vector=8 #DF (double fault) error=0x0 rip=0x42");
}

/* A guest may write anything to port 0x501: the vector is taken mod 32,
 * and a stack outside RAM just means no frame details. */
static void test_exception_forged(void)
{
	fresh("", 100);
	fake_kvm.regs.rsp = FAKE_MEM_SIZE - 4;      /* frame runs past RAM */
	report(0xff);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_FAULT);
	CU_ASSERT_STRING_EQUAL(end_text(&vcpu->end), "exception vector=31 reserved");
	fresh("", 100);
	uint8_t data = 0x55;
	CU_ASSERT_EQUAL(exception_io(NULL, vcpu, 0, 1, false, &data), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_RUNNING);
	fresh("", 100);
	fake_kvm.fail_sregs = 1;
	CU_ASSERT_EQUAL(report(3), VCPU_STOP);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_VMM_ERROR);
}

CU_pSuite add_hypercall_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_names), TEST(test_exit), TEST(test_exit_code), TEST(test_undefined), TEST(test_original_call_3),
		TEST(test_registers_unreadable), TEST(test_sync_regs), TEST(test_putchar_and_limit), TEST(test_getchar),
		TEST(test_exception_long), TEST(test_exception_pm32), TEST(test_exception_forged),
	};
	return ADD_SUITE("hypercall", setup, teardown, tests);
}
