/* tests/test_seccomp.c: the --sandbox filter (seccomp.c). Each case runs
 * in a child process that locks itself down and then makes one call: the
 * calls a run needs must work, every other call must kill the child with
 * SIGSYS. */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "tests.h"
#include "seccomp.h"

/* How a child that locks down and then runs BODY ends: its exit status,
 * or -signal. */
static int in_locked_child(void (*body)(void))
{
	pid_t pid = fork();
	if (pid == 0) {
		char err[256];
		if (seccomp_lock_down(err, sizeof err) < 0)
			_exit(99);
		body();
		_exit(0);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1000;
	return WIFSIGNALED(status) ? -WTERMSIG(status) : WEXITSTATUS(status);
}

static void *thread_body(void *arg) { return arg; }

static void allowed_calls(void)
{
	char byte = 'x';
	if (write(STDERR_FILENO, &byte, 0) < 0)
		_exit(2);
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || munmap(p, 4096) < 0)
		_exit(3);
	void *q = malloc(1 << 20);   /* big: mmap inside malloc */
	free(q);
	if (syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), 0) < 0)
		_exit(5);                /* a signal to its own threads */
	pthread_t t;                 /* clone3 refused, glibc falls back to clone */
	if (pthread_create(&t, NULL, thread_body, NULL) != 0 || pthread_join(t, NULL) != 0)
		_exit(4);
}

static void call_open(void) { open("/dev/null", O_RDONLY); }
static void call_exec(void) { execl("/bin/true", "true", (char *)NULL); }
static void call_fork(void) { (void)fork(); }
static void call_terminal_ioctl(void)
{
	struct termios t;
	ioctl(STDIN_FILENO, TCGETS, &t);
}
static void call_exec_memory(void)
{
	mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}
static void call_mprotect_exec(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p, 4096, PROT_READ | PROT_EXEC);
}
static void call_kill_parent(void) { kill(getppid(), 0); }
static void call_tgkill_parent(void) { syscall(SYS_tgkill, getppid(), getppid(), 0); }

static void test_what_a_run_needs_works(void)
{
	CU_ASSERT_EQUAL(in_locked_child(allowed_calls), 0);
}

static void test_anything_else_is_killed(void)
{
	CU_ASSERT_EQUAL(in_locked_child(call_open), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_exec), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_fork), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_terminal_ioctl), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_exec_memory), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_mprotect_exec), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_kill_parent), -SIGSYS);
	CU_ASSERT_EQUAL(in_locked_child(call_tgkill_parent), -SIGSYS);
}

CU_pSuite add_seccomp_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_what_a_run_needs_works), TEST(test_anything_else_is_killed),
	};
	return ADD_SUITE("seccomp", NULL, NULL, tests);
}
