/* tests/main.c: the unit-test runner. Each tests/test_*.c file adds one
 * CUnit suite through its add_*_suite() function; the runner runs them
 * all, prints CUnit's summary and exits 1 if any assertion failed (or the
 * registry could not be built), 0 otherwise. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include "tests.h"

static CU_pSuite (*const suites[])(void) = {
	add_options_suite, add_loader_suite, add_transcript_suite, add_status_suite,
	add_boot_suite, add_hypercall_suite, add_keyboard_suite, add_iobus_suite,
	add_multiboot_suite, add_bus_suite, add_gdbstub_suite, add_pc_suite, add_bios_suite,
	add_seccomp_suite, add_console_suite, add_pcdevices_suite, add_ide_suite, add_cmos_suite,
	add_mptable_suite,
	add_expect_suite, add_serial_suite, add_linux_suite, add_paging_suite, add_screen_suite, add_pit_suite,
};

int main(void)
{
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 2;
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		if (!suites[i]()) {
			fprintf(stderr, "run-tests: cannot add suite %zu: %s\n", i, CU_get_error_msg());
			CU_cleanup_registry();
			return 2;
		}
	}
	CU_basic_set_mode(CU_BRM_NORMAL);
	CU_basic_run_tests();
	unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
	unsigned run = CU_get_number_of_tests_run();
	CU_cleanup_registry();
	printf("\n");
	return failed || run == 0 ? 1 : 0;
}
