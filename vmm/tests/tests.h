/* tests/tests.h: what the unit-test files share: one suite per file, and
 * a helper to register a table of tests. */
#ifndef MINIKVM_TESTS_H
#define MINIKVM_TESTS_H

#include <CUnit/CUnit.h>
#include <stdio.h>

struct test_entry { const char *name; CU_TestFunc fn; };

/* The text of an end record's reason and fields, as the transcript shows it. */
#include "status.h"
static inline const char *end_text(const struct vcpu_end *end)
{
	static char buf[256];
	end_detail(end, buf, sizeof buf);
	return buf;
}
#define TEST(fn) { #fn, fn }

/* Add a suite named name holding tests[0..n), with optional init and
 * cleanup functions; NULL on failure. */
static inline CU_pSuite add_suite(const char *name, CU_InitializeFunc init, CU_CleanupFunc clean,
				  const struct test_entry *tests, size_t n)
{
	CU_pSuite suite = CU_add_suite(name, init, clean);
	for (size_t i = 0; suite && i < n; i++)
		if (!CU_add_test(suite, tests[i].name, tests[i].fn))
			return NULL;
	return suite;
}
#define ADD_SUITE(name, init, clean, table) \
	add_suite(name, init, clean, table, sizeof table / sizeof table[0])

/* The exit handlers report to stderr, as they should; suites that drive
 * them on purpose keep the test output readable by silencing it. */
#include <fcntl.h>
#include <unistd.h>
static int saved_stderr = -1;
static inline void stderr_off(void)
{
	int null = open("/dev/null", O_WRONLY);
	fflush(stderr);
	saved_stderr = dup(2);
	dup2(null, 2);
	close(null);
}
static inline void stderr_on(void)
{
	fflush(stderr);
	if (saved_stderr >= 0)
		dup2(saved_stderr, 2), close(saved_stderr), saved_stderr = -1;
}

CU_pSuite add_options_suite(void);
CU_pSuite add_loader_suite(void);
CU_pSuite add_transcript_suite(void);
CU_pSuite add_status_suite(void);
CU_pSuite add_boot_suite(void);
CU_pSuite add_paging_suite(void);
CU_pSuite add_hypercall_suite(void);
CU_pSuite add_keyboard_suite(void);
CU_pSuite add_iobus_suite(void);
CU_pSuite add_multiboot_suite(void);
CU_pSuite add_bus_suite(void);
CU_pSuite add_gdbstub_suite(void);
CU_pSuite add_pc_suite(void);
CU_pSuite add_bios_suite(void);
CU_pSuite add_seccomp_suite(void);
CU_pSuite add_console_suite(void);
CU_pSuite add_pcdevices_suite(void);
CU_pSuite add_ide_suite(void);
CU_pSuite add_cmos_suite(void);
CU_pSuite add_mptable_suite(void);
CU_pSuite add_expect_suite(void);
CU_pSuite add_serial_suite(void);
CU_pSuite add_linux_suite(void);
CU_pSuite add_screen_suite(void);
CU_pSuite add_pit_suite(void);

#endif
