/* seccomp.c: --sandbox, the VMM locked down for graded runs.
 *
 * Once every image is loaded, the input read and the transcript file
 * opened, a seccomp filter (a hand-written classic BPF program, no
 * library) allows only the system calls the run loop makes: KVM ioctls,
 * reads and writes on open descriptors, memory without PROT_EXEC, threads
 * (clone with CLONE_THREAD), futexes, signals within the process, clocks
 * and alarms (the host probe's), and exit. Anything else (open, exec, socket, ptrace, a clone that is not
 * a thread, ...) kills the whole process at once, as Firecracker and
 * Solo5 do: a bug in the VMM that a guest triggers cannot reach the host.
 * The filter is installed before the vCPU threads start, so they all
 * inherit it; a VMM started as root first becomes uid/gid 65534 (nobody).
 * See docs/GRADING.md. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <grp.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "options.h"
#include "seccomp.h"
#include "status.h"
#include "transcript.h"

#define ARCH_NR AUDIT_ARCH_X86_64
#define X32_SYSCALL_BIT 0x40000000u
#define KVMIO 0xAE
#define NOBODY 65534
#define OWN_PID 0xffffffffu	/* no pid: replaced by getpid() at install */

#define LOAD(field) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, field))
#define LOAD_ARG_LO(n) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[n]))
#define RET(action) BPF_STMT(BPF_RET | BPF_K, (action))
/* if A == nr: go to the next instruction, else skip it */
#define IF_NR(nr) BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1)
#define ALLOW_NR(nr) IF_NR(nr), RET(SECCOMP_RET_ALLOW)
#define KILL RET(SECCOMP_RET_KILL_PROCESS)
/* The call `call` is allowed only when its first argument is `value`, and
 * kills otherwise; any other call goes on (the number is reloaded). */
#define ALLOW_IF_ARG0(call, value) \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (call), 0, 5), \
	LOAD_ARG_LO(0), \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (value), 0, 1), \
	RET(SECCOMP_RET_ALLOW), \
	KILL, \
	LOAD(nr)

/* Allowed whatever their arguments. */
#define PLAIN_CALLS(X) \
	X(__NR_read) X(__NR_write) X(__NR_writev) X(__NR_pread64) X(__NR_close) \
	X(__NR_fstat) X(__NR_newfstatat) X(__NR_lseek) X(__NR_munmap) X(__NR_madvise) \
	X(__NR_brk) X(__NR_rt_sigaction) X(__NR_rt_sigprocmask) X(__NR_rt_sigreturn) \
	X(__NR_sigaltstack) X(__NR_futex) X(__NR_set_robust_list) X(__NR_rseq) \
	X(__NR_exit) X(__NR_exit_group) X(__NR_getpid) X(__NR_gettid) \
	X(__NR_clock_gettime) X(__NR_clock_nanosleep) X(__NR_nanosleep) \
	X(__NR_sched_yield) X(__NR_poll) X(__NR_ppoll) X(__NR_alarm) X(__NR_setitimer)

#define ALLOW_ITEM(nr) ALLOW_NR(nr),

static struct sock_filter filter[] = {
	/* Only x86-64 calls; the x32 ABI's numbers would bypass the table. */
	LOAD(arch),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH_NR, 1, 0),
	KILL,
	LOAD(nr),
	BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_SYSCALL_BIT, 0, 1),
	KILL,

	/* Each block below starts and ends with A = the call number. */
	/* ioctl, first: KVM_RUN is the call a run makes most. KVM's requests
	 * only (type 0xAE). */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_ioctl, 0, 5),
	LOAD_ARG_LO(1),
	BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0xff00),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, KVMIO << 8, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	KILL,
	LOAD(nr),

	PLAIN_CALLS(ALLOW_ITEM)

	/* clone3 passes its flags in memory, out of the filter's sight:
	 * answer ENOSYS, and glibc falls back to clone, checked below. */
	IF_NR(__NR_clone3), RET(SECCOMP_RET_ERRNO | ENOSYS),

	/* clone: threads only. */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_clone, 0, 4),
	LOAD_ARG_LO(0),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, CLONE_THREAD, 0, 1),
	RET(SECCOMP_RET_ALLOW),
	KILL,
	LOAD(nr),

	/* mmap, mprotect: never executable memory. */
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mmap, 1, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_mprotect, 0, 4),
	LOAD_ARG_LO(2),
	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1),
	KILL,
	RET(SECCOMP_RET_ALLOW),
	LOAD(nr),

	/* tgkill: only to this process's own threads (the pid is filled in
	 * when the filter is installed): other VMMs run as the same user. */
	ALLOW_IF_ARG0(__NR_tgkill, OWN_PID),

	/* prctl: only the timer slack the timer thread sets. */
	ALLOW_IF_ARG0(__NR_prctl, PR_SET_TIMERSLACK),

	KILL,			/* everything else */
};

int seccomp_lock_down(char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof filter / sizeof filter[0]; i++)
		if (filter[i].code == (BPF_JMP | BPF_JEQ | BPF_K) && filter[i].k == OWN_PID)
			filter[i].k = (uint32_t)getpid();
	struct sock_fprog prog = {
		.len = sizeof filter / sizeof filter[0],
		.filter = filter,
	};
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) < 0) {
		snprintf(err, errlen, "--sandbox: cannot install the seccomp filter: %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

/* Root is not needed once /dev/kvm, the images and the transcript are
 * open: become the unprivileged user nobody (65534). */
static int drop_root(char *err, size_t errlen)
{
	if (geteuid() != 0)
		return 0;
	if (setgroups(0, NULL) < 0 || setresgid(NOBODY, NOBODY, NOBODY) < 0 ||
	    setresuid(NOBODY, NOBODY, NOBODY) < 0) {
		snprintf(err, errlen, "--sandbox: cannot drop root: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int seccomp_enter(const struct config *cfg)
{
	char err[256];
	if ((cfg->transcript_path && transcript_open_early(cfg->transcript_path, err, sizeof err) < 0) ||
	    (cfg->transcript_json_path &&
	     transcript_open_early(cfg->transcript_json_path, err, sizeof err) < 0) ||
	    drop_root(err, sizeof err) < 0 || seccomp_lock_down(err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_VMM_ERROR;
	}
	return STATUS_OK;
}
