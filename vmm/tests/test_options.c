/* tests/test_options.c: the command line (options_parse) and sizes
 * (options_parse_size): every option, its defaults, bad values and limits. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "options.h"

static struct config cfg;
static char err[256];

/* Parse "mini-kvm" + the given words (NULL-terminated). */
static enum parse_result parse(const char *first, ...)
{
	static char *argv[64];
	static char store[64][128];
	int argc = 0;
	argv[argc++] = strcpy(store[0], "mini-kvm");
	va_list ap;
	va_start(ap, first);
	for (const char *word = first; word; word = va_arg(ap, const char *)) {
		snprintf(store[argc], sizeof store[argc], "%s", word);
		argv[argc] = store[argc];
		argc++;
	}
	va_end(ap);
	argv[argc] = NULL;
	err[0] = '\0';
	return options_parse(argc, argv, &cfg, err, sizeof err);
}

static void expect_error(enum parse_result r, const char *needle)
{
	CU_ASSERT_EQUAL(r, PARSE_ERROR);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, needle));
	CU_ASSERT_PTR_NULL(strchr(err, '\n'));
}

static void test_defaults(void)
{
	CU_ASSERT_EQUAL(parse("a.bin", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.nimages, 1);
	CU_ASSERT_STRING_EQUAL(cfg.images[0], "a.bin");
	CU_ASSERT_EQUAL(cfg.flat_mode, MODE_REAL);
	CU_ASSERT_EQUAL(cfg.mem_size, 4u << 20);
	CU_ASSERT_PTR_NULL(cfg.input_path);
	CU_ASSERT_PTR_NULL(cfg.transcript_path);
	CU_ASSERT(cfg.timeout < 0);               /* "not given" */
	CU_ASSERT_EQUAL(cfg.timer_hz, 100);
	CU_ASSERT_EQUAL(cfg.max_output, 1u << 20);
	CU_ASSERT_FALSE(cfg.quiet || cfg.trace || cfg.stats || cfg.host_check);
}

static void test_modes(void)
{
	CU_ASSERT_EQUAL(parse("--mode", "pm32", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.flat_mode, MODE_PM32);
	CU_ASSERT_EQUAL(parse("--mode=long", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.flat_mode, MODE_LONG);
	CU_ASSERT_EQUAL(parse("--mode", "real", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.flat_mode, MODE_REAL);
	CU_ASSERT_EQUAL(parse("--long-mode", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.flat_mode, MODE_LONG);
	expect_error(parse("--mode", "pm64", "a", NULL), "--mode");
	expect_error(parse("--mode", "", "a", NULL), "--mode");
	expect_error(parse("--mode", "LONG", "a", NULL), "--mode");
	expect_error(parse("a", "--mode", NULL), "needs a value");
}

static void test_vcpus(void)
{
	CU_ASSERT_EQUAL(parse("--vcpus", "4", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.nimages, 4);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_STRING_EQUAL(cfg.images[i], "a");
	CU_ASSERT_EQUAL(parse("--vcpus", "1", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.nimages, 1);
	expect_error(parse("--vcpus", "0", "a", NULL), "--vcpus");
	expect_error(parse("--vcpus", "5", "a", NULL), "--vcpus");
	expect_error(parse("--vcpus", "-1", "a", NULL), "--vcpus");
	expect_error(parse("--vcpus", "2x", "a", NULL), "--vcpus");
	expect_error(parse("--vcpus", "99999999999999999999999", "a", NULL), "--vcpus");
	expect_error(parse("--vcpus", "2", "a", "b", NULL), "single image");
}

static void test_images(void)
{
	CU_ASSERT_EQUAL(parse("a", "b", "c", "d", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.nimages, 4);
	CU_ASSERT_STRING_EQUAL(cfg.images[3], "d");
	expect_error(parse("a", "b", "c", "d", "e", NULL), "at most 4");
	expect_error(parse(NULL), "no guest image");
	expect_error(parse("--quiet", NULL), "no guest image");
	/* options after the images are still options (GNU getopt permutes) */
	CU_ASSERT_EQUAL(parse("a", "--quiet", NULL), PARSE_RUN);
	CU_ASSERT_TRUE(cfg.quiet);
	/* "--" ends the options: a file may be called --quiet */
	CU_ASSERT_EQUAL(parse("--", "--quiet", NULL), PARSE_RUN);
	CU_ASSERT_STRING_EQUAL(cfg.images[0], "--quiet");
	CU_ASSERT_FALSE(cfg.quiet);
}

static void test_mem(void)
{
	CU_ASSERT_EQUAL(parse("--mem", "64K", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.mem_size, 64u << 10);
	CU_ASSERT_EQUAL(parse("--mem", "1G", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.mem_size, 1u << 30);
	CU_ASSERT_EQUAL(parse("--mem", "16MiB", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.mem_size, 16u << 20);
	CU_ASSERT_EQUAL(parse("--mem", "1048576", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.mem_size, 1u << 20);
	expect_error(parse("--mem", "60K", "a", NULL), "64K to 1G");
	expect_error(parse("--mem", "1025M", "a", NULL), "64K to 1G");
	expect_error(parse("--mem", "0", "a", NULL), "64K to 1G");
	expect_error(parse("--mem", "banana", "a", NULL), "64K to 1G");
	expect_error(parse("--mem", "-4M", "a", NULL), "64K to 1G");
	expect_error(parse("--mem", "65537", "a", NULL), "4 KiB");
	expect_error(parse("--mem", "18446744073709551615G", "a", NULL), "64K to 1G");
}

static void test_paths(void)
{
	CU_ASSERT_EQUAL(parse("--input", "keys", "--transcript", "-", "a", NULL), PARSE_RUN);
	CU_ASSERT_STRING_EQUAL(cfg.input_path, "keys");
	CU_ASSERT_STRING_EQUAL(cfg.transcript_path, "-");
	expect_error(parse("a", "--input", NULL), "needs a value");
	expect_error(parse("a", "--transcript", NULL), "needs a value");
}

static void test_timeout(void)
{
	CU_ASSERT_EQUAL(parse("--timeout", "0", "a", NULL), PARSE_RUN);
	CU_ASSERT_DOUBLE_EQUAL(cfg.timeout, 0.0, 1e-9);
	CU_ASSERT_EQUAL(parse("--timeout", "0.25", "a", NULL), PARSE_RUN);
	CU_ASSERT_DOUBLE_EQUAL(cfg.timeout, 0.25, 1e-9);
	CU_ASSERT_EQUAL(parse("--timeout", "604800", "a", NULL), PARSE_RUN);
	expect_error(parse("--timeout", "604801", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "-1", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "nan", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "inf", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "1e999", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "", "a", NULL), "--timeout");
	expect_error(parse("--timeout", "5s", "a", NULL), "--timeout");
}

static void test_timer_hz(void)
{
	CU_ASSERT_EQUAL(parse("--timer-hz", "0", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.timer_hz, 0);
	CU_ASSERT_EQUAL(parse("--timer-hz", "10000", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.timer_hz, 10000);
	expect_error(parse("--timer-hz", "10001", "a", NULL), "--timer-hz");
	expect_error(parse("--timer-hz", "+5", "a", NULL), "--timer-hz");
	expect_error(parse("--timer-hz", "0x10", "a", NULL), "--timer-hz");
	expect_error(parse("--timer-hz", "4294967396", "a", NULL), "--timer-hz");
}

static void test_max_output(void)
{
	CU_ASSERT_EQUAL(parse("--max-output", "1", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.max_output, 1);
	CU_ASSERT_EQUAL(parse("--max-output", "1G", "a", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.max_output, 1u << 30);
	expect_error(parse("--max-output", "0", "a", NULL), "--max-output");
	expect_error(parse("--max-output", "2G", "a", NULL), "--max-output");
	expect_error(parse("--max-output", "lots", "a", NULL), "--max-output");
}

static void test_flags(void)
{
	CU_ASSERT_EQUAL(parse("--quiet", "--trace", "--stats", "a", NULL), PARSE_RUN);
	CU_ASSERT_TRUE(cfg.quiet && cfg.trace && cfg.stats);
	CU_ASSERT_EQUAL(parse("--host-check", NULL), PARSE_RUN);
	CU_ASSERT_TRUE(cfg.host_check);
	expect_error(parse("--host-check", "a", NULL), "takes no image");
	CU_ASSERT_EQUAL(parse("--help", NULL), PARSE_HELP);
	CU_ASSERT_EQUAL(parse("-h", "a", NULL), PARSE_HELP);
	expect_error(parse("--quiet=yes", "a", NULL), "'--quiet=yes'");
	expect_error(parse("--frobnicate", "a", NULL), "unknown option '--frobnicate'");
	expect_error(parse("-x", "a", NULL), "unknown option");
}

/* The parser resets getopt: a second call does not see the first's state. */
static void test_reparse(void)
{
	CU_ASSERT_EQUAL(parse("--mem", "8M", "--quiet", "a", "b", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(parse("c", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.nimages, 1);
	CU_ASSERT_STRING_EQUAL(cfg.images[0], "c");
	CU_ASSERT_EQUAL(cfg.mem_size, 4u << 20);
	CU_ASSERT_FALSE(cfg.quiet);
}

static void test_error_truncated(void)
{
	char *argv[] = { "mini-kvm", "--mode", "a-very-long-mode-name-indeed", "x", NULL };
	char small[16];
	memset(small, 'z', sizeof small);
	CU_ASSERT_EQUAL(options_parse(4, argv, &cfg, small, sizeof small), PARSE_ERROR);
	CU_ASSERT_EQUAL(small[sizeof small - 1], '\0');
}

static void test_parse_size(void)
{
	size_t bytes = 7;
	CU_ASSERT_TRUE(options_parse_size("4M", &bytes) && bytes == 4u << 20);
	CU_ASSERT_TRUE(options_parse_size("512k", &bytes) && bytes == 512u << 10);
	CU_ASSERT_TRUE(options_parse_size("1g", &bytes) && bytes == 1u << 30);
	CU_ASSERT_TRUE(options_parse_size("2KiB", &bytes) && bytes == 2048);
	CU_ASSERT_TRUE(options_parse_size("3Mb", &bytes) && bytes == 3u << 20);
	CU_ASSERT_TRUE(options_parse_size("0x1000", &bytes) && bytes == 4096);
	CU_ASSERT_TRUE(options_parse_size("65536", &bytes) && bytes == 65536);
	CU_ASSERT_TRUE(options_parse_size("0", &bytes) && bytes == 0);
	bytes = 7;
	CU_ASSERT_FALSE(options_parse_size("", &bytes));
	CU_ASSERT_FALSE(options_parse_size(NULL, &bytes));
	CU_ASSERT_FALSE(options_parse_size("-1", &bytes));
	CU_ASSERT_FALSE(options_parse_size("+1", &bytes));
	CU_ASSERT_FALSE(options_parse_size("M", &bytes));
	CU_ASSERT_FALSE(options_parse_size("4T", &bytes));
	CU_ASSERT_FALSE(options_parse_size("4MM", &bytes));
	CU_ASSERT_FALSE(options_parse_size("4 M", &bytes));
	CU_ASSERT_FALSE(options_parse_size("4i", &bytes));
	CU_ASSERT_FALSE(options_parse_size("99999999999999999999", &bytes));
	CU_ASSERT_FALSE(options_parse_size("17179869184G", &bytes));   /* 2^34 G overflows */
	CU_ASSERT_EQUAL(bytes, 7);          /* untouched by every failure */
}

static void test_usage_text(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	options_usage(out);
	fclose(out);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "--max-output"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "104"));
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "112"));
	free(text);
}

static void test_gdb(void)
{
	CU_ASSERT_EQUAL(parse("a", NULL), PARSE_RUN);
	CU_ASSERT_PTR_NULL(cfg.gdb);
	CU_ASSERT_FALSE(cfg.gdb_wait);
	CU_ASSERT_EQUAL(parse("--gdb", "1234", "--gdb-wait", "a", NULL), PARSE_RUN);
	CU_ASSERT_STRING_EQUAL(cfg.gdb, "1234");
	CU_ASSERT(cfg.gdb_wait);
	CU_ASSERT_EQUAL(parse("--gdb=unix:/tmp/s", "--smp", "2", "a", NULL), PARSE_RUN);
	CU_ASSERT_STRING_EQUAL(cfg.gdb, "unix:/tmp/s");
	expect_error(parse("--gdb", "0", "a", NULL), "--gdb: '0'");
	expect_error(parse("--gdb", "65536", "a", NULL), "is not a port");
	expect_error(parse("--gdb", "localhost:1", "a", NULL), "is not a port");
	expect_error(parse("--gdb", "unix:", "a", NULL), "--gdb");
	expect_error(parse("--gdb-wait", "a", NULL), "--gdb-wait needs --gdb");
	expect_error(parse("--gdb", "1234", "a", "b", NULL), "--gdb debugs one guest");
	expect_error(parse("--gdb", "1234", "--vcpus", "2", "a", NULL), "--gdb debugs one guest");
}

static void test_cpu_features(void)
{
	struct cpu_feature_choice c = { 0 };
	int x2apic = cpu_feature_find("x2apic"), deadline = cpu_feature_find("tsc-deadline");
	CU_ASSERT_FATAL(x2apic >= 0 && deadline >= 0);
	CU_ASSERT_EQUAL(cpu_features_parse("+x2apic,-tsc-deadline", &c, err, sizeof err), 0);
	CU_ASSERT_EQUAL(c.add, 1u << x2apic);
	CU_ASSERT_EQUAL(c.remove, 1u << deadline);
	CU_ASSERT_EQUAL(cpu_features_parse("-x2apic,tsc-deadline", &c, err, sizeof err), 0);   /* later wins */
	CU_ASSERT_EQUAL(c.add, 1u << deadline);
	CU_ASSERT_EQUAL(c.remove, 1u << x2apic);
	uint32_t regs[4] = { 0, 0, 1u << 21, 0 };
	cpu_features_apply(&c, 1, 0, regs);
	CU_ASSERT_EQUAL(regs[CPUID_ECX], 1u << 24);
	regs[CPUID_ECX] = 1u << 21;
	cpu_features_apply(&c, 7, 0, regs);                  /* another leaf: untouched */
	CU_ASSERT_EQUAL(regs[CPUID_ECX], 1u << 21);
	const char *bad[] = { "", "+", "x2apic,", ",x2apic", "+bogus", "--x2apic", "x2apic;-hypervisor" };
	for (unsigned i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		CU_ASSERT_EQUAL(cpu_features_parse(bad[i], &c, err, sizeof err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "--cpu-features"));
	}
	CU_ASSERT_EQUAL(parse("--cpu-features", "-x2apic", "k.elf", NULL), PARSE_RUN);
	CU_ASSERT_EQUAL(cfg.cpu_features.remove, 1u << x2apic);
	expect_error(parse("--cpu-features", "+sse9", "k.elf", NULL), "unknown feature 'sse9'");
}

/* --disk boots one PC; with --smp it is one PC of N vCPUs booted from
 * the first --disk, never beside an IMAGE. */
static void test_disk_and_smp(void)
{
	CU_ASSERT_EQUAL(parse("--disk", "a.img", "--disk", "b.img", "--smp", "2", NULL), PARSE_RUN);
	CU_ASSERT(cfg.boot_from_disk);
	CU_ASSERT_EQUAL(cfg.smp, 2);
	CU_ASSERT_EQUAL(cfg.ndisks, 2);
	expect_error(parse("--disk", "a.img", "--smp", "2", "boot.bin", NULL), "none with --smp");
	expect_error(parse("--disk", "a.img", "--vcpus", "2", NULL), "--vcpus");
	expect_error(parse("--disk", "a.img", "--multiboot", NULL), "--multiboot");
}

CU_pSuite add_options_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_defaults), TEST(test_modes), TEST(test_vcpus), TEST(test_images),
		TEST(test_mem), TEST(test_paths), TEST(test_timeout), TEST(test_timer_hz),
		TEST(test_max_output), TEST(test_flags), TEST(test_reparse),
		TEST(test_error_truncated), TEST(test_parse_size), TEST(test_usage_text),
		TEST(test_gdb), TEST(test_cpu_features), TEST(test_disk_and_smp),
	};
	return ADD_SUITE("options", NULL, NULL, tests);
}
