/* tests/test_expect.c: --expect scripts: the parser (every command, the
 * escapes, the time limits, and each malformed script named by its line)
 * and the runner driven by hand with a clock of the test's own: matching
 * across cut output, sends that wait for room, the ends (end, end quiet,
 * a step's time limit) and the events the transcript shows. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../expect.h"
#include "tests.h"

static struct expect_script script;
static char err[256];

static int parse(const char *text)
{
	return expect_script_parse(text, strlen(text), &script, err, sizeof err);
}

static void test_parse_commands(void)
{
	CU_ASSERT_EQUAL_FATAL(parse("# a dialogue\n"
				    "expect \"login: \"\n"
				    "\n"
				    "send \"root\\n\"   # typed\r\n"
				    "timeout 2.5\n"
				    "  expect \"$ \"\n"
				    "expect \"x\" within 0.25\n"
				    "send \"\\e[A\\x00\\\\\\\"\\t\\r\\0\"\n"
				    "end quiet 0.5\n"), 0);
	CU_ASSERT_EQUAL_FATAL(script.nsteps, 6);
	const struct expect_step *s = script.steps;
	CU_ASSERT_EQUAL(s[0].op, STEP_EXPECT);
	CU_ASSERT(s[0].len == 7 && memcmp(s[0].text, "login: ", 7) == 0);
	CU_ASSERT_EQUAL(s[0].seconds, EXPECT_DEFAULT_LIMIT);
	CU_ASSERT_EQUAL(s[0].line, 2);
	CU_ASSERT(s[1].op == STEP_SEND && s[1].len == 5 && memcmp(s[1].text, "root\n", 5) == 0);
	CU_ASSERT_EQUAL(s[1].line, 4);
	CU_ASSERT(s[2].op == STEP_EXPECT && s[2].seconds == 2.5);     /* timeout applies later */
	CU_ASSERT(s[3].op == STEP_EXPECT && s[3].seconds == 0.25);    /* within: this step only */
	CU_ASSERT_EQUAL(s[4].len, 9);
	CU_ASSERT(memcmp(s[4].text, "\x1b[A\0\\\"\t\r\0", 9) == 0);
	CU_ASSERT(s[5].op == STEP_END_QUIET && s[5].seconds == 0.5);
	expect_script_free(&script);
	CU_ASSERT_EQUAL(parse("send \"go\"\nend"), 0);     /* no newline at the end */
	CU_ASSERT(script.nsteps == 2 && script.steps[1].op == STEP_END);
	expect_script_free(&script);
}

static void test_parse_errors(void)
{
	static const struct { const char *text, *says; } bad[] = {
		{ "", "no steps" },
		{ "# only a comment\n\n", "no steps" },
		{ "expect\n", "line 1: expect needs a text in double quotes" },
		{ "expect login\n", "line 1: expect needs a text in double quotes" },
		{ "send \"\"\n", "line 1: send needs a text that is not empty" },
		{ "send \"abc\n", "line 1: the text has no closing quote" },
		{ "send \"a\\qb\"\n", "line 1: unknown escape" },
		{ "send \"a\\x4\"\n", "line 1: unknown escape" },
		{ "\nexpect \"a\" whithin 2\n", "line 2: expect TEXT may be followed only by 'within SECONDS'" },
		{ "expect \"a\" within\n", "line 1: within needs a number of seconds" },
		{ "expect \"a\" within 0\n", "line 1: within needs a number of seconds" },
		{ "expect \"a\" within -1\n", "line 1: within needs a number of seconds" },
		{ "expect \"a\" within 1e3\n", "line 1: unexpected text after the expect command" },
		{ "expect \"a\" within 999999999\n", "line 1: within needs a number of seconds" },
		{ "timeout\n", "line 1: timeout needs a number of seconds" },
		{ "timeout 1 2\n", "line 1: unexpected text after the timeout" },
		{ "send \"a\" \"b\"\n", "line 1: unexpected text after the send command" },
		{ "end now\n", "line 1: end may be followed only by 'quiet SECONDS'" },
		{ "end quiet\n", "line 1: end quiet needs a number of seconds" },
		{ "end\nsend \"late\"\n", "line 2: nothing may follow 'end' (line 1)" },
		{ "expect \"a\"\nwait 3\n", "line 2: unknown command 'wait'" },
		{ "\"a\"\n", "line 1: a line must start with expect, send, timeout or end" },
		{ "send \"a\"\n\x00send \"b\"\n", "line 2: a NUL byte" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = strlen(bad[i].text);
		if (strstr(bad[i].says, "NUL"))
			len = 20;                     /* the text goes on past its NUL */
		err[0] = '\0';
		int rc = expect_script_parse(bad[i].text, len, &script, err, sizeof err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, bad[i].says));
		if (!strstr(err, bad[i].says))
			fprintf(stderr, "\n  script %zu: got \"%s\", wanted \"%s\"\n", i, err, bad[i].says);
		CU_ASSERT_PTR_NULL(script.steps);
	}
}

static void test_parse_limits(void)
{
	static char text[EXPECT_MAX_TEXT + 32];
	memset(text, 'a', sizeof text);
	memcpy(text, "send \"", 6);
	text[6 + EXPECT_MAX_TEXT] = '"';
	CU_ASSERT_EQUAL(expect_script_parse(text, 7 + EXPECT_MAX_TEXT, &script, err, sizeof err), 0);
	CU_ASSERT_EQUAL(script.steps[0].len, EXPECT_MAX_TEXT);
	expect_script_free(&script);
	text[6 + EXPECT_MAX_TEXT] = 'a';
	text[7 + EXPECT_MAX_TEXT] = '"';
	CU_ASSERT_EQUAL(expect_script_parse(text, 8 + EXPECT_MAX_TEXT, &script, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "longer than"));
	/* one step more than the limit */
	size_t n = (EXPECT_MAX_STEPS + 1) * 9;
	char *many = malloc(n);
	CU_ASSERT_FATAL(many != NULL);
	for (size_t i = 0; i < n; i += 9)
		memcpy(many + i, "send \"a\"\n", 9);
	CU_ASSERT_EQUAL(expect_script_parse(many, n, &script, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "more than 4096 steps"));
	CU_ASSERT_EQUAL(expect_script_parse(many, n - 9, &script, err, sizeof err), 0);
	CU_ASSERT_EQUAL(script.nsteps, EXPECT_MAX_STEPS);
	expect_script_free(&script);
	free(many);
	CU_ASSERT_EQUAL(expect_script_load("/nonexistent/x.expect", &script, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--expect /nonexistent/x.expect: No such file"));
	CU_ASSERT_EQUAL(expect_script_load("/", &script, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "not a regular file"));
}

/* ---- the runner, by hand ---- */

static double fake_time;
static double fake_clock(void) { return fake_time; }
static uint8_t typed[256];
static size_t ntyped, room;
static int inputs_done, finishes;
static struct vcpu_end finished;

static size_t fake_send(void *opaque, const uint8_t *bytes, size_t n)
{
	(void)opaque;
	if (n > room)
		n = room;
	memcpy(typed + ntyped, bytes, n);
	ntyped += n, room -= n;
	return n;
}

static void fake_input_done(void *opaque) { (void)opaque; inputs_done++; }

static void fake_finish(void *opaque, enum end_kind kind, enum end_reason reason,
			const struct end_field *fields, int nfields)
{
	(void)opaque;
	finishes++;
	end_set(&finished, kind, reason, 0, fields, nfields);
}

static struct expect_run run;

static void start(const char *text)
{
	CU_ASSERT_EQUAL_FATAL(parse(text), 0);
	ntyped = 0, room = sizeof typed, inputs_done = finishes = 0;
	memset(&finished, 0, sizeof finished);
	struct expect_hooks hooks = { .send = fake_send, .input_done = fake_input_done, .finish = fake_finish };
	CU_ASSERT_EQUAL_FATAL(expect_run_init(&run, &script, hooks), 0);
	run.clock = fake_clock;
	fake_time = 100.0;
	expect_begin(&run, fake_time);
}

static void stop(void)
{
	expect_run_close(&run);
	expect_script_free(&script);
}

/* Output as vCPU `vcpu` writes it; *offset counts its bytes. */
static void output(int vcpu, size_t *offset, const char *text)
{
	for (const char *p = text; *p; p++)
		expect_feed(&run, vcpu, ++*offset, (uint8_t)*p);
}

static void test_run_dialogue(void)
{
	start("send \"first\"\nexpect \"abab\"\nexpect \"aab\"\nsend \"x\\n\"\nexpect \"$ \"\nend\n");
	CU_ASSERT_EQUAL(expect_advance(&run, fake_time), fake_time + EXPECT_DEFAULT_LIMIT);
	CU_ASSERT(ntyped == 5 && memcmp(typed, "first", 5) == 0);   /* the leading send at once */
	CU_ASSERT_EQUAL(inputs_done, 0);
	size_t off0 = 0, off1 = 0;
	output(0, &off0, "aba");
	output(1, &off1, "b");                /* another vCPU completes "abab": matched there */
	CU_ASSERT_EQUAL(run.step, 2);
	output(0, &off0, "aaab");             /* a partial match that falls back, then "aab" */
	CU_ASSERT_EQUAL(run.step, 4);         /* matched, and "x\n" sent on the spot */
	CU_ASSERT(ntyped == 7 && memcmp(typed + 5, "x\n", 2) == 0);
	CU_ASSERT_EQUAL(inputs_done, 1);      /* no send is left */
	output(0, &off0, "$");
	CU_ASSERT_EQUAL(finishes, 0);
	output(0, &off0, " ");
	CU_ASSERT_EQUAL(finishes, 1);
	CU_ASSERT_EQUAL(finished.kind, END_SCRIPT_ENDED);
	CU_ASSERT_STRING_EQUAL(end_text(&finished), "script-end step=6");
	CU_ASSERT_EQUAL(end_status(&finished), 0);
	output(0, &off0, "more $ ");          /* after the end nothing moves */
	CU_ASSERT_EQUAL(finishes, 1);
	expect_note_unfinished(&run);         /* ended by its end step: nothing to note */
	int n;
	const struct expect_event *e = expect_events(&run, &n);
	CU_ASSERT_EQUAL_FATAL(n, 5);
	CU_ASSERT(e[0].kind == EVENT_SENT && e[0].step == 0 && e[0].vcpu == 0 && e[0].offset == 0);
	CU_ASSERT(e[1].kind == EVENT_MATCHED && e[1].step == 1 && e[1].vcpu == 1 && e[1].offset == 1);
	CU_ASSERT(e[2].kind == EVENT_MATCHED && e[2].step == 2 && e[2].vcpu == 0 && e[2].offset == 7);
	CU_ASSERT(e[3].kind == EVENT_SENT && e[3].step == 3 && e[3].vcpu == 0 && e[3].offset == 7);
	CU_ASSERT(e[4].kind == EVENT_MATCHED && e[4].step == 4 && e[4].offset == 9);
	stop();
}

static void test_run_time_limit(void)
{
	start("expect \"ok\" within 2\nexpect \"never\" within 0.5\nend\n");
	size_t off = 0;
	CU_ASSERT_EQUAL(expect_advance(&run, fake_time), 102.0);
	fake_time = 101.5;
	output(0, &off, "ok");
	CU_ASSERT_EQUAL(run.step, 1);
	CU_ASSERT_EQUAL(expect_advance(&run, 101.9), 102.0);   /* its own limit, from its start */
	CU_ASSERT_EQUAL(finishes, 0);
	expect_advance(&run, 102.0);
	CU_ASSERT_EQUAL(finishes, 1);
	CU_ASSERT_EQUAL(finished.kind, END_SCRIPT_TIMEOUT);
	CU_ASSERT_STRING_EQUAL(end_text(&finished), "expect-timeout step=2 ms=500");
	CU_ASSERT_EQUAL(end_status(&finished), STATUS_SCRIPT_TIMEOUT);
	expect_note_unfinished(&run);
	int n;
	const struct expect_event *e = expect_events(&run, &n);
	CU_ASSERT_EQUAL_FATAL(n, 2);
	CU_ASSERT(e[1].kind == EVENT_UNFINISHED && e[1].step == 1 && e[1].offset == SIZE_MAX);
	stop();
}

static void test_run_quiet(void)
{
	start("expect \"$ \"\nsend \"go\\n\"\nend quiet 0.25\n");
	size_t off = 0;
	output(0, &off, "$ ");
	CU_ASSERT_EQUAL(run.step, 2);
	CU_ASSERT_EQUAL(expect_advance(&run, 100.1), 100.25);    /* quiet since the step began */
	fake_time = 100.2;
	output(0, &off, "go\n");                                  /* output starts the quiet again */
	CU_ASSERT_EQUAL(expect_advance(&run, 100.3), 100.45);
	CU_ASSERT_EQUAL(finishes, 0);
	expect_advance(&run, 100.45);
	CU_ASSERT_EQUAL(finishes, 1);
	CU_ASSERT_STRING_EQUAL(end_text(&finished), "script-quiet step=3 ms=250");
	CU_ASSERT_EQUAL(end_status(&finished), 0);
	stop();
}

static void test_run_send_waits_for_room(void)
{
	start("send \"abcdef\"\nexpect \"z\"\n");
	room = 4;
	double next = expect_advance(&run, 100.0);
	CU_ASSERT(next > 100.0 && next < 100.1);                   /* try again soon */
	CU_ASSERT_EQUAL(ntyped, 4);
	CU_ASSERT_EQUAL(inputs_done, 0);
	size_t off = 0;
	output(0, &off, "z");                 /* not matched: the send is still under way */
	CU_ASSERT_EQUAL(run.step, 0);
	room = 10;
	expect_advance(&run, 100.01);
	CU_ASSERT(ntyped == 6 && memcmp(typed, "abcdef", 6) == 0);
	CU_ASSERT_EQUAL(inputs_done, 1);
	CU_ASSERT_EQUAL(run.step, 1);
	expect_note_unfinished(&run);         /* the run ended while it waited for "z" */
	int n;
	const struct expect_event *e = expect_events(&run, &n);
	CU_ASSERT(n == 2 && e[1].kind == EVENT_UNFINISHED && e[1].step == 1);
	stop();
}

CU_pSuite add_expect_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_parse_commands), TEST(test_parse_errors), TEST(test_parse_limits),
		TEST(test_run_dialogue), TEST(test_run_time_limit), TEST(test_run_quiet),
		TEST(test_run_send_waits_for_room),
	};
	return ADD_SUITE("expect", NULL, NULL, tests);
}
