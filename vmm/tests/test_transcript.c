/* tests/test_transcript.c: the transcript's escaping, its out/part
 * records and end texts, and a whole transcript written from a machine. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests.h"
#include "guest.h"
#include "transcript.h"

static char *text;
static size_t text_len;

static FILE *open_text(void)
{
	free(text);
	text = NULL;
	return open_memstream(&text, &text_len);
}

static const char *escaped(const void *bytes, size_t len)
{
	FILE *out = open_text();
	transcript_escape(out, bytes, len);
	fclose(out);
	return text;
}

static const char *stream(const char *data, size_t len)
{
	FILE *out = open_text();
	transcript_write_stream(out, 2, (const uint8_t *)data, len);
	fclose(out);
	return text;
}

static void test_escape_plain(void)
{
	CU_ASSERT_STRING_EQUAL(escaped("Hello, world!", 13), "Hello, world!");
	CU_ASSERT_STRING_EQUAL(escaped("", 0), "");
	CU_ASSERT_STRING_EQUAL(escaped(" ~", 2), " ~");
}

static void test_escape_specials(void)
{
	CU_ASSERT_STRING_EQUAL(escaped("a\\b", 3), "a\\\\b");
	CU_ASSERT_STRING_EQUAL(escaped("\r\t", 2), "\\r\\t");
	CU_ASSERT_STRING_EQUAL(escaped("\0\x01\x1f\x7f\x80\xff", 6), "\\x00\\x01\\x1f\\x7f\\x80\\xff");
	CU_ASSERT_STRING_EQUAL(escaped("\n", 1), "\\x0a");   /* only streams split lines */
}

/* Every byte value escapes to printable ASCII, and differently from
 * every other byte value. */
static void test_escape_all_bytes(void)
{
	static char seen[256][8];
	for (int b = 0; b < 256; b++) {
		uint8_t byte = b;
		const char *e = escaped(&byte, 1);
		CU_ASSERT(strlen(e) >= 1 && strlen(e) <= 4);
		for (const char *p = e; *p; p++)
			CU_ASSERT(*p >= 0x20 && *p < 0x7f);
		snprintf(seen[b], sizeof seen[b], "%s", e);
		for (int other = 0; other < b; other++)
			CU_ASSERT(strcmp(seen[other], seen[b]) != 0);
	}
}

static void test_stream_lines(void)
{
	CU_ASSERT_STRING_EQUAL(stream("a\nb\n", 4), "vcpu 2 out a\nvcpu 2 out b\n");
	CU_ASSERT_STRING_EQUAL(stream("a\nbc", 4), "vcpu 2 out a\nvcpu 2 part bc\n");
	CU_ASSERT_STRING_EQUAL(stream("\n\n", 2), "vcpu 2 out\nvcpu 2 out\n");
	CU_ASSERT_STRING_EQUAL(stream("", 0), "");
	CU_ASSERT_STRING_EQUAL(stream("x ", 2), "vcpu 2 part x \n");
	CU_ASSERT_STRING_EQUAL(stream("\0\n", 2), "vcpu 2 out \\x00\n");
	CU_ASSERT_STRING_EQUAL(stream("a\r\n", 3), "vcpu 2 out a\\r\n");
}

static void test_end_texts(void)
{
	char buf[256];
	struct vcpu_end end = { .kind = END_EXIT, .code = 7, .detail = "exit 7" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "exit 7");
	end = (struct vcpu_end){ .kind = END_HALT, .detail = "halt" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "halt");
	end = (struct vcpu_end){ .kind = END_FAULT, .detail = "mmio addr=0x400000 rip=0x10" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "fault mmio addr=0x400000 rip=0x10");
	end = (struct vcpu_end){ .kind = END_HOST_REFUSED, .detail = "mode-refused pm32-paging" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "host-refused mode-refused pm32-paging");
	end = (struct vcpu_end){ .kind = END_VMM_ERROR, .detail = "ioctl KVM_RUN: x" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "vmm-error ioctl KVM_RUN: x");
	end = (struct vcpu_end){ .kind = END_TIMEOUT, .detail = "timeout" };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "timeout");
	end = (struct vcpu_end){ .kind = END_RUNNING };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "running");
	end = (struct vcpu_end){ .kind = END_FAULT, .detail = "0123456789" };
	transcript_end_text(&end, buf, 8);          /* truncated, still terminated */
	CU_ASSERT_STRING_EQUAL(buf, "fault 0");
}

static void test_whole_transcript(void)
{
	static struct guest guests[2];
	memset(guests, 0, sizeof guests);
	uint8_t out0[] = "hi\nthere";
	guests[0].image_name = "a.bin";
	guests[0].nvcpus = 1;
	guests[0].vcpus[0] = (struct vcpu){ .id = 0, .mode = MODE_REAL,
		.out = { .data = out0, .len = 8 },
		.end = { .kind = END_EXIT, .code = 3, .detail = "exit 3" } };
	guests[1].image_name = "b.elf";
	guests[1].nvcpus = 1;
	guests[1].vcpus[0] = (struct vcpu){ .id = 1, .mode = MODE_LONG,
		.end = { .kind = END_FAULT, .detail = "triple-fault rip=0x5" } };
	char path[] = "/tmp/mini-kvm-transcript-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	CU_ASSERT_EQUAL(transcript_write(guests, 2, path, 104), 0);
	FILE *in = fopen(path, "r");
	char got[1024] = "";
	size_t n = fread(got, 1, sizeof got - 1, in);
	got[n] = '\0';
	fclose(in);
	unlink(path);
	CU_ASSERT_STRING_EQUAL(got,
		"mini-kvm transcript 1\n"
		"vcpu 0 image a.bin mode real\n"
		"vcpu 0 out hi\n"
		"vcpu 0 part there\n"
		"vcpu 0 end exit 3\n"
		"vcpu 1 image b.elf mode long\n"
		"vcpu 1 end fault triple-fault rip=0x5\n"
		"vm end status 104\n");
	/* a file name cannot forge records: it is escaped like output */
	guests[0].image_name = "a\nvcpu 0 end exit 0\\.bin";
	CU_ASSERT_EQUAL(transcript_write(guests, 1, path, 0), 0);
	in = fopen(path, "r");
	n = fread(got, 1, sizeof got - 1, in);
	got[n] = '\0';
	fclose(in);
	unlink(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "vcpu 0 image a\\x0avcpu 0 end exit 0\\\\.bin mode real\n"));
	/* an unwritable path is an error, not a crash */
	stderr_off();
	CU_ASSERT_EQUAL(transcript_write(guests, 1, "/nonexistent-dir/t", 0), -1);
	stderr_on();
}

static void test_check_path(void)
{
	char err[256];
	CU_ASSERT_EQUAL(transcript_check_path("-", err, sizeof err), 0);
	CU_ASSERT_EQUAL(transcript_check_path("/tmp", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--transcript /tmp: Is a directory"));
	CU_ASSERT_EQUAL(transcript_check_path("/nonexistent-dir/t", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	char path[] = "/tmp/mini-kvm-check-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "old", 3), 3);
	close(fd);
	CU_ASSERT_EQUAL(transcript_check_path(path, err, sizeof err), 0);
	FILE *in = fopen(path, "r");                /* the check leaves the file as it was */
	char got[8] = "";
	CU_ASSERT_EQUAL(fread(got, 1, sizeof got, in), 3);
	fclose(in);
	unlink(path);
}

static int cleanup(void)
{
	free(text);
	return 0;
}

CU_pSuite add_transcript_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_escape_plain), TEST(test_escape_specials), TEST(test_escape_all_bytes),
		TEST(test_stream_lines), TEST(test_end_texts), TEST(test_whole_transcript),
		TEST(test_check_path),
	};
	return ADD_SUITE("transcript", NULL, cleanup, tests);
}
