/* tests/test_console.c: what the console echoes to stdout when several
 * streams (vCPUs) write, with stdout captured in a pipe (so the output is
 * plain, undecorated, as when mini-kvm's stdout is a file or a pipe). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#include "console.h"

#define STREAMS 4

static struct console_stream streams[STREAMS];
static struct console_stream wire = { .shared = true };   /* a device's line (the UART's) */
static int saved_stdout = -1, pipe_fds[2] = { -1, -1 };

/* Fresh streams, and stdout captured; every test ends with captured(). */
static void capture(int nstreams, size_t max_output)
{
	fflush(stdout);
	saved_stdout = dup(STDOUT_FILENO);
	CU_ASSERT_FATAL(pipe(pipe_fds) == 0);
	fcntl(pipe_fds[0], F_SETFL, O_NONBLOCK);
	dup2(pipe_fds[1], STDOUT_FILENO);
	console_setup(false, nstreams, nstreams);
	console_free(&wire);
	wire.shared = true;
	for (int i = 0; i < STREAMS; i++) {
		console_free(&streams[i]);
		streams[i].id = i;
		streams[i].max_output = max_output;
	}
}

/* Stop capturing; the bytes written to stdout meanwhile, in buf. */
static const char *captured(char *buf, size_t size)
{
	dup2(saved_stdout, STDOUT_FILENO);
	close(saved_stdout);
	close(pipe_fds[1]);
	ssize_t n = read(pipe_fds[0], buf, size - 1);
	close(pipe_fds[0]);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

static void put(int id, const char *text)
{
	for (; *text; text++)
		console_putc(&streams[id], (uint8_t)*text);
}

/* Stream 0 ends in the middle of a line (its end flushes the partial
 * line); then stream 1 prints: its text starts on a line of its own. */
static void test_no_glue_after_a_guest_ends_mid_line(void)
{
	char buf[256];
	capture(4, 1000);
	put(0, "0123456789");
	console_flush(&streams[0], true);
	put(1, "Fibonacci: 0, 1, 1\n");
	put(2, "x = 1\n");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "0123456789\nFibonacci: 0, 1, 1\nx = 1\n");
}

/* A prompt continued by the same stream stays one line. */
static void test_same_stream_continues_its_line(void)
{
	char buf[256];
	capture(2, 1000);
	put(0, "1k$ ");
	console_flush(&streams[0], true);
	put(0, "help\n");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "1k$ help\n");
}

/* Two streams at a prompt each: neither is glued to the other. */
static void test_two_prompts(void)
{
	char buf[256];
	capture(2, 1000);
	put(0, "a> ");
	console_flush(&streams[0], true);
	put(1, "b> ");
	console_flush(&streams[1], true);
	put(0, "go\n");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "a> \nb> \ngo\n");
}

/* Messages to stderr follow: stdout is not a terminal, so it keeps the
 * guest's bytes exactly (no newline added there, none on stderr). */
static void test_before_messages_leaves_a_pipe_alone(void)
{
	char buf[256];
	capture(1, 1000);
	put(0, "no newline");
	console_flush(&streams[0], true);
	console_before_messages();
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "no newline");
}

/* The VMM's own notice (here: the output limit) starts on a line of its own. */
static void test_notice_after_a_partial_line(void)
{
	char buf[256];
	capture(1, 3);
	put(0, "0123");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "012\n[mini-kvm: output limit reached]\n");
}

static void put_on_wire(int id, const char *text)
{
	for (; *text; text++)
		console_putc_on(&streams[id], &wire, (uint8_t)*text);
}

/* Two vCPUs send on one UART: stdout shows the wire, in the order sent,
 * whole lines at once in a pipe; each vCPU keeps its own bytes. */
static void test_shared_line_in_the_order_sent(void)
{
	char buf[256];
	capture(2, 1000);
	streams[0].keep_all = streams[1].keep_all = true;
	put_on_wire(1, "init: starti");
	put_on_wire(0, "ng sh\n$ ");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "init: starting sh\n");
	CU_ASSERT_EQUAL(streams[1].len, 12);
	CU_ASSERT_NSTRING_EQUAL(streams[1].data, "init: starti", 12);
	CU_ASSERT_EQUAL(streams[0].total, 8);
	CU_ASSERT_NSTRING_EQUAL(streams[0].data, "ng sh\n$ ", 8);
}

/* A guest that waits shows the wire's unfinished line (its prompt),
 * whichever vCPU wrote it; a vCPU's own unfinished line goes first. */
static void test_shared_line_prompt_shows_when_waiting(void)
{
	char buf[256];
	capture(2, 1000);
	put(1, "own ");
	put_on_wire(0, "$ ");
	put_on_wire(1, "x");
	console_flush(&streams[0], true);
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "own \n$ x");
}

/* One guest (two vCPUs): the wire is a byte stream even in a pipe, so a
 * program reading stdout sees the prompt of a kernel that never waits. */
static void test_shared_line_of_one_guest_is_unbuffered(void)
{
	char buf[256];
	capture(2, 1000);
	console_setup(false, 2, 1);
	put_on_wire(1, "$ ");
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "$ ");
}

/* The output cap counts a vCPU's bytes on the wire too. */
static void test_shared_line_counts_toward_the_cap(void)
{
	char buf[256];
	capture(2, 3);
	CU_ASSERT_EQUAL(console_putc_on(&streams[0], &wire, 'a'), 0);
	put_on_wire(0, "bc");
	CU_ASSERT_EQUAL(console_putc_on(&streams[0], &wire, 'd'), -1);
	console_flush(&streams[0], true);
	CU_ASSERT_STRING_EQUAL(captured(buf, sizeof buf), "abc\n[mini-kvm: output limit reached]\n");
}

static int cleanup(void)
{
	console_free(&wire);
	for (int i = 0; i < STREAMS; i++)
		console_free(&streams[i]);
	return 0;
}

CU_pSuite add_console_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_no_glue_after_a_guest_ends_mid_line),
		TEST(test_same_stream_continues_its_line),
		TEST(test_two_prompts),
		TEST(test_before_messages_leaves_a_pipe_alone),
		TEST(test_notice_after_a_partial_line),
		TEST(test_shared_line_in_the_order_sent),
		TEST(test_shared_line_prompt_shows_when_waiting),
		TEST(test_shared_line_of_one_guest_is_unbuffered),
		TEST(test_shared_line_counts_toward_the_cap),
	};
	return ADD_SUITE("console", NULL, cleanup, tests);
}
