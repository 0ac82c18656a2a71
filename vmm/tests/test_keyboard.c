/* tests/test_keyboard.c: input scripts (--input): opening files, pipes,
 * directories and oversized files; the order keys come out in; the
 * keyboard ports 0x60/0x64 and the end of input. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "tests.h"
#include "fuzz/fake_vcpu.h"

static char dir[64];
static char path[128];
static char err[256];
static struct input_script script;
static struct vcpu *vcpu;

static int setup(void)
{
	snprintf(dir, sizeof dir, "/tmp/mini-kvm-kbd-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void)
{
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	return system(path) == 0 ? 0 : -1;
}

static const char *file_with(const char *name, const void *data, size_t len)
{
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, len, f);
	fclose(f);
	return path;
}

/* A fake vCPU reading keys from `script`. */
static void attach(void)
{
	vcpu = fake_vcpu_setup(NULL, 0, 100);
	fake_guest()->kbd.script = &script;
}

static void detach(void)
{
	input_script_close(&script);
	fake_vcpu_teardown();
}

static void test_open_file(void)
{
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, file_with("k", "ab\n\xff", 4), err, sizeof err), 0);
	CU_ASSERT_EQUAL(script.len, 4);
	CU_ASSERT_EQUAL(script.fd, -1);             /* read whole, file closed */
	attach();
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), 'a');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), 'b');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), '\n');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), 0xff);  /* a 0xFF key is a key, not the end */
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), KEY_ENDED);
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), KEY_ENDED);
	CU_ASSERT_FALSE(kbd_may_produce(&fake_guest()->kbd));
	detach();
}

static void test_open_errors(void)
{
	snprintf(path, sizeof path, "%s/missing", dir);
	CU_ASSERT_EQUAL(input_script_open(&script, path, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "No such file"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "--input"));
	CU_ASSERT_EQUAL(input_script_open(&script, dir, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "is a directory"));
	/* bigger than 64 MiB: refused before anything is read (sparse file) */
	snprintf(path, sizeof path, "%s/huge", dir);
	int fd = open(path, O_CREAT | O_WRONLY, 0600);
	CU_ASSERT_EQUAL(ftruncate(fd, (64l << 20) + 1), 0);
	close(fd);
	CU_ASSERT_EQUAL(input_script_open(&script, path, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "larger than 64 MiB"));
	/* unreadable (mode 000) only when not root: root reads anything */
	if (geteuid() != 0) {
		file_with("secret", "x", 1);
		chmod(path, 0);
		CU_ASSERT_EQUAL(input_script_open(&script, path, err, sizeof err), -1);
		CU_ASSERT_PTR_NOT_NULL(strstr(err, "Permission denied"));
	}
}

static void test_empty_file(void)
{
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, file_with("e", "", 0), err, sizeof err), 0);
	attach();
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), KEY_ENDED);
	CU_ASSERT_FALSE(kbd_may_produce(&fake_guest()->kbd));
	detach();
}

static void test_pipe_lazily(void)
{
	int fds[2];
	CU_ASSERT_EQUAL_FATAL(pipe(fds), 0);
	CU_ASSERT_EQUAL(write(fds[1], "xy", 2), 2);
	snprintf(path, sizeof path, "/proc/self/fd/%d", fds[0]);
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, path, err, sizeof err), 0);
	CU_ASSERT(script.fd >= 0);                  /* read as the guest asks */
	attach();
	CU_ASSERT_TRUE(kbd_may_produce(&fake_guest()->kbd));
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), 'x');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), 'y');
	close(fds[1]);
	int reader = script.fd;
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), KEY_ENDED);
	CU_ASSERT_FALSE(kbd_may_produce(&fake_guest()->kbd));
	CU_ASSERT_EQUAL(fcntl(reader, F_GETFD), -1);   /* the ended pipe is closed, not leaked */
	detach();
	close(fds[0]);
}

static uint8_t port_in(uint16_t port)
{
	uint8_t data = 0x5a;
	CU_ASSERT_EQUAL((port == 0x64 ? kbd_status_io : kbd_data_io)(&fake_guest()->kbd, vcpu, 0, 1, false, &data), VCPU_CONTINUE);
	return data;
}

static void test_ports(void)
{
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, file_with("p", "QR", 2), err, sizeof err), 0);
	attach();
	CU_ASSERT_EQUAL(port_in(0x64), 1);          /* asking latches the first key */
	CU_ASSERT_EQUAL(port_in(0x64), 1);          /* ...once */
	CU_ASSERT_EQUAL(port_in(0x60), 'Q');
	CU_ASSERT_EQUAL(port_in(0x60), 'R');        /* a read of 0x60 also asks */
	CU_ASSERT_EQUAL(port_in(0x64), 0);          /* the script is used up */
	CU_ASSERT_EQUAL(port_in(0x60), 0);
	uint8_t cmd = 0xfe;                         /* controller commands: ignored */
	CU_ASSERT_EQUAL(kbd_status_io(&fake_guest()->kbd, vcpu, 0, 1, true, &cmd), VCPU_CONTINUE);
	CU_ASSERT_EQUAL(vcpu->end.kind, END_RUNNING);
	detach();
}

static void test_latch_then_getchar(void)
{
	/* a key latched in port 0x60 is the next one HC_GETCHAR returns */
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, file_with("l", "12", 2), err, sizeof err), 0);
	attach();
	CU_ASSERT_EQUAL(port_in(0x64), 1);
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), '1');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), '2');
	CU_ASSERT_EQUAL(kbd_next_key(&fake_guest()->kbd, vcpu), KEY_ENDED);
	detach();
}

static void test_idle_raises_irq1(void)
{
	CU_ASSERT_EQUAL_FATAL(input_script_open(&script, file_with("i", "k", 1), err, sizeof err), 0);
	attach();
	kbd_on_idle(&fake_guest()->kbd);
	CU_ASSERT(atomic_load(&fake_guest()->pic.pending) & (1u << IRQ_KEYBOARD));
	CU_ASSERT_EQUAL(port_in(0x60), 'k');
	atomic_store(&fake_guest()->pic.pending, 0);
	kbd_on_idle(&fake_guest()->kbd);                          /* nothing left: no IRQ */
	CU_ASSERT_EQUAL(atomic_load(&fake_guest()->pic.pending), 0);
	detach();
}

CU_pSuite add_keyboard_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_open_file), TEST(test_open_errors), TEST(test_empty_file),
		TEST(test_pipe_lazily), TEST(test_ports), TEST(test_latch_then_getchar),
		TEST(test_idle_raises_irq1),
	};
	return ADD_SUITE("keyboard", setup, teardown, tests);
}
