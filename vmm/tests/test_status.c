/* tests/test_status.c: how a vCPU's end becomes an exit status, and how
 * several vCPUs' ends become the process's (machine_status). */
#include <string.h>
#include "tests.h"
#include "machine.h"

static void test_end_status(void)
{
	struct vcpu_end end = { .kind = END_EXIT, .code = 42 };
	CU_ASSERT_EQUAL(end_status(&end), 42);
	end = (struct vcpu_end){ .kind = END_HALT };
	CU_ASSERT_EQUAL(end_status(&end), 0);
	end.kind = END_STOPPED;
	CU_ASSERT_EQUAL(end_status(&end), 112);
	end.kind = END_TIMEOUT;
	CU_ASSERT_EQUAL(end_status(&end), 106);
	end.kind = END_FAULT;
	CU_ASSERT_EQUAL(end_status(&end), 104);
	end.kind = END_HOST_REFUSED;
	CU_ASSERT_EQUAL(end_status(&end), 108);
	end.kind = END_VMM_ERROR;
	CU_ASSERT_EQUAL(end_status(&end), 110);
	end.kind = END_RUNNING;                     /* never ended: the VMM's fault */
	CU_ASSERT_EQUAL(end_status(&end), 110);
}

static void test_statuses_are_even_and_distinct(void)
{
	const int statuses[] = { STATUS_USAGE, STATUS_IMAGE, STATUS_GUEST_FAULT, STATUS_TIMEOUT,
				 STATUS_HOST_REFUSED, STATUS_VMM_ERROR, STATUS_STOPPED };
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++) {
		CU_ASSERT(statuses[i] >= 100 && statuses[i] % 2 == 0 && statuses[i] < 128);
		for (size_t j = 0; j < i; j++)
			CU_ASSERT(statuses[i] != statuses[j]);
	}
}

static void test_end_kind_names(void)
{
	CU_ASSERT_STRING_EQUAL(end_kind_name(END_EXIT), "exit");
	CU_ASSERT_STRING_EQUAL(end_kind_name(END_FAULT), "fault");
	CU_ASSERT_STRING_EQUAL(end_kind_name(END_HOST_REFUSED), "host-refused");
	for (int k = END_RUNNING; k <= END_VMM_ERROR; k++)
		CU_ASSERT_PTR_NOT_NULL(end_kind_name(k));
}

static struct machine machine;

static int status_of(int n, const struct vcpu_end *ends)
{
	memset(&machine, 0, sizeof machine);
	machine.nguests = n;                       /* n guests of one vCPU each */
	for (int i = 0; i < n; i++) {
		machine.guests[i].nvcpus = 1;
		machine.guests[i].vcpus[0].end = ends[i];
	}
	return machine_status(&machine);
}

#define EXIT(c) { .kind = END_EXIT, .code = (c) }
#define KIND(k) { .kind = (k) }

static void test_machine_status_codes(void)
{
	struct vcpu_end a[] = { EXIT(0), EXIT(5), EXIT(7) };
	CU_ASSERT_EQUAL(status_of(3, a), 5);       /* first non-zero in vCPU order */
	struct vcpu_end b[] = { KIND(END_HALT), EXIT(0) };
	CU_ASSERT_EQUAL(status_of(2, b), 0);
	struct vcpu_end c[] = { EXIT(99) };
	CU_ASSERT_EQUAL(status_of(1, c), 99);
	CU_ASSERT_EQUAL(status_of(0, c), 0);
}

/* 110 > 108 > 104 > 106 > 112 > guest codes (docs/HARNESS.md). */
static void test_machine_status_severity(void)
{
	struct vcpu_end a[] = { EXIT(3), KIND(END_TIMEOUT) };
	CU_ASSERT_EQUAL(status_of(2, a), 106);
	struct vcpu_end b[] = { KIND(END_TIMEOUT), KIND(END_FAULT), EXIT(9) };
	CU_ASSERT_EQUAL(status_of(3, b), 104);
	struct vcpu_end c[] = { KIND(END_FAULT), KIND(END_HOST_REFUSED) };
	CU_ASSERT_EQUAL(status_of(2, c), 108);
	struct vcpu_end d[] = { KIND(END_VMM_ERROR), KIND(END_HOST_REFUSED), KIND(END_FAULT) };
	CU_ASSERT_EQUAL(status_of(3, d), 110);
	struct vcpu_end e[] = { KIND(END_STOPPED), EXIT(4) };
	CU_ASSERT_EQUAL(status_of(2, e), 112);
	struct vcpu_end f[] = { KIND(END_STOPPED), KIND(END_TIMEOUT) };
	CU_ASSERT_EQUAL(status_of(2, f), 106);
}

CU_pSuite add_status_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_end_status), TEST(test_statuses_are_even_and_distinct),
		TEST(test_end_kind_names), TEST(test_machine_status_codes),
		TEST(test_machine_status_severity),
	};
	return ADD_SUITE("status", NULL, NULL, tests);
}
