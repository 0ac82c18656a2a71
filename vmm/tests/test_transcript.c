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
	struct vcpu_end end;
	end_set(&end, END_EXIT, REASON_EXIT, 7, END_FIELDS(END_BARE_DEC("code", 7)));
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "exit 7");
	end_set(&end, END_HALT, REASON_HALT, 0, END_NO_FIELDS);
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "halt");
	end_set(&end, END_FAULT, REASON_MMIO, 0, END_FIELDS(END_HEX("addr", 0x400000), END_HEX("rip", 0x10)));
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "fault mmio addr=0x400000 rip=0x10");
	end_set(&end, END_HOST_REFUSED, REASON_MODE_REFUSED, 0, END_FIELDS(END_BARE_WORD("mode", "pm32-paging")));
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "host-refused mode-refused pm32-paging");
	end_set(&end, END_VMM_ERROR, REASON_VMM_ERROR, 0, END_NO_FIELDS);
	snprintf(end.text, sizeof end.text, "ioctl KVM_RUN: x");
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "vmm-error ioctl KVM_RUN: x");
	end_set(&end, END_TIMEOUT, REASON_TIMEOUT, 0, END_NO_FIELDS);
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "timeout");
	end = (struct vcpu_end){ .kind = END_RUNNING };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "running");
	end_set(&end, END_GUEST_ENDED, REASON_GUEST_ENDED, 0, END_NO_FIELDS);
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "guest-ended");
	end_set(&end, END_FAULT, REASON_EXCEPTION, 0, END_FIELDS(END_DEC("vector", 13),
		END_BARE_WORD("name", "#GP (general protection)"), END_HEX2("al", 5), END_WORD("reason", "io"),
		END_DEC("bytes", 1000)));
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "fault exception vector=13 #GP (general protection) al=0x05 reason=io bytes=1000");
	end = (struct vcpu_end){ .kind = END_RUNNING };
	transcript_end_text(&end, buf, sizeof buf);
	CU_ASSERT_STRING_EQUAL(buf, "running");
	end_set(&end, END_FAULT, REASON_MMIO, 0, END_FIELDS(END_HEX("addr", 0x123456789)));
	transcript_end_text(&end, buf, 8);          /* truncated, still terminated */
	CU_ASSERT_STRING_EQUAL(buf, "fault m");
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
		.end = { .kind = END_EXIT, .reason = REASON_EXIT, .code = 3, .nfields = 1,
			 .fields = { END_BARE_DEC("code", 3) } } };
	guests[1].image_name = "b.elf";
	guests[1].nvcpus = 1;
	guests[1].vcpus[0] = (struct vcpu){ .id = 1, .mode = MODE_LONG,
		.end = { .kind = END_FAULT, .reason = REASON_TRIPLE_FAULT, .nfields = 1,
			 .fields = { END_HEX("rip", 5) } } };
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
	/* the same ends as JSON lines, fields typed */
	CU_ASSERT_EQUAL(transcript_write_json(guests, 2, path, 104), 0);
	in = fopen(path, "r");
	n = fread(got, 1, sizeof got - 1, in);
	got[n] = '\0';
	fclose(in);
	unlink(path);
	CU_ASSERT_STRING_EQUAL(got,
		"{\"record\": \"vcpu\", \"vcpu\": 0, \"image\": \"a.bin\", \"mode\": \"real\", \"end\": \"exit\", "
		"\"reason\": \"exit\", \"status\": 3, \"fields\": {\"code\": 3}, \"output_bytes\": 0, \"text\": \"exit 3\"}\n"
		"{\"record\": \"vcpu\", \"vcpu\": 1, \"image\": \"b.elf\", \"mode\": \"long\", \"end\": \"fault\", "
		"\"reason\": \"triple-fault\", \"status\": 104, \"fields\": {\"rip\": 5}, \"output_bytes\": 0, "
		"\"text\": \"fault triple-fault rip=0x5\"}\n"
		"{\"record\": \"vm\", \"status\": 104}\n");
	/* a file name cannot forge records: it is escaped like output */
	guests[0].image_name = "a\nvcpu 0 end exit 0\\.bin";
	CU_ASSERT_EQUAL(transcript_write(guests, 1, path, 0), 0);
	in = fopen(path, "r");
	n = fread(got, 1, sizeof got - 1, in);
	got[n] = '\0';
	fclose(in);
	unlink(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "vcpu 0 image a\\x0avcpu 0 end exit 0\\\\.bin mode real\n"));
	CU_ASSERT_EQUAL(transcript_write_json(guests, 1, path, 0), 0);
	in = fopen(path, "r");
	n = fread(got, 1, sizeof got - 1, in);
	got[n] = '\0';
	fclose(in);
	unlink(path);
	CU_ASSERT_PTR_NOT_NULL(strstr(got, "\"image\": \"a\\u000avcpu 0 end exit 0\\\\.bin\""));
	/* an unwritable path is an error, not a crash */
	stderr_off();
	CU_ASSERT_EQUAL(transcript_write(guests, 1, "/nonexistent-dir/t", 0), -1);
	stderr_on();
}

static void test_check_path(void)
{
	char err[256];
	CU_ASSERT_EQUAL(transcript_check_path("--transcript", "-", err, sizeof err), 0);
	CU_ASSERT_EQUAL(transcript_check_path("--transcript", "/tmp", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--transcript /tmp: Is a directory"));
	CU_ASSERT_EQUAL(transcript_check_path("--transcript", "/nonexistent-dir/t", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	char path[] = "/tmp/mini-kvm-check-XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	CU_ASSERT_EQUAL(write(fd, "old", 3), 3);
	close(fd);
	CU_ASSERT_EQUAL(transcript_check_path("--transcript", path, err, sizeof err), 0);
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
