/*
 * spawn-time: how long does a command take from process start to exit, and
 * how much memory does it peak at? Runs several commands in alternation,
 * round after round (forward, then backward), so that whatever else the host is doing at the time
 * falls on every command alike.
 *
 *   spawn-time ROUNDS CMD1 [ARGS...] :: CMD2 [ARGS...] :: ...
 *
 * Prints one line per run: "INDEX WALL_NS MAXRSS_KIB STATUS", where INDEX
 * is the command's position (0, 1, ...). Wall time is CLOCK_MONOTONIC from
 * just before posix_spawn to the return of wait4, so it covers exec,
 * dynamic linking, the program itself and its teardown. Peak RSS is the
 * child's own ru_maxrss. The commands' stdin, stdout and stderr are
 * /dev/null: printing to a terminal must not be what we time.
 */
#include <err.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 16

extern char **environ;

static int64_t now_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

static void run_once(int index, char **argv, const posix_spawn_file_actions_t *quiet)
{
	int64_t start = now_ns();
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], quiet, NULL, argv, environ);
	if (rc != 0)
		errx(1, "cannot start %s: %s", argv[0], strerror(rc));
	int status;
	struct rusage usage;
	if (wait4(pid, &status, 0, &usage) < 0)
		err(1, "wait4");
	int64_t wall = now_ns() - start;
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("%d %lld %ld %d\n", index, (long long)wall, usage.ru_maxrss, code);
}

int main(int argc, char **argv)
{
	if (argc < 3)
		errx(2, "usage: spawn-time ROUNDS CMD [ARGS...] [:: CMD [ARGS...]]...");
	int rounds = atoi(argv[1]);
	char **commands[MAX_COMMANDS];
	int ncommands = 0;
	commands[ncommands++] = &argv[2];
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "::") != 0)
			continue;
		argv[i] = NULL;              /* ends the previous command's argv */
		if (ncommands == MAX_COMMANDS || i + 1 >= argc)
			errx(2, "too many commands, or an empty one");
		commands[ncommands++] = &argv[i + 1];
	}
	posix_spawn_file_actions_t quiet;
	posix_spawn_file_actions_init(&quiet);
	for (int fd = 0; fd <= 2; fd++)
		posix_spawn_file_actions_addopen(&quiet, fd, "/dev/null", fd ? O_WRONLY : O_RDONLY, 0);
	/* Forward on even rounds, backward on odd ones: no command always
	 * runs right after the same other one. */
	for (int r = 0; r < rounds; r++)
		for (int k = 0; k < ncommands; k++) {
			int c = r % 2 ? ncommands - 1 - k : k;
			run_once(c, commands[c], &quiet);
		}
	return 0;
}
