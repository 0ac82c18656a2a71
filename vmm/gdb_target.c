/* gdb_target.c: --gdb on the real machine. Owns the listening socket and
 * the server thread that runs the protocol engine (gdbstub.c), and
 * implements the engine's target on KVM: registers through
 * KVM_GET/SET_(S)REGS, memory by virtual address through KVM_TRANSLATE,
 * breakpoints and steps through KVM_SET_GUEST_DEBUG.
 *
 * Stopping: the machine is stopped when every vCPU is parked at its
 * checkpoint (a vcpu_env hook before KVM_RUN), asleep in hlt, or
 * ended. A vCPU that takes a debug exit records it and parks; the server
 * thread then kicks the others until they park too, and tells GDB. Each
 * vCPU loads its own debug registers when it leaves its checkpoint.
 *
 * Locks: the server lock guards the session and is held while the engine
 * runs; a vCPU never takes it. A vCPU's park state lives under its own
 * vcpu->lock, the recorded event and the paused time under event_lock;
 * neither is held while waiting for something else. */
#define _GNU_SOURCE         /* pipe2 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include "gdb_probe.h"
#include "gdb_target.h"
#include "gdbstub.h"
#include "guest.h"

#define EFER_LMA (1ull << 10)
#define CR0_PE   1ull
#define DR6_BS   (1ull << 14)
#define STOP_POLL_MS 5

/* One vCPU as the debugger sees it; guarded by that vcpu->lock. */
struct gdb_cpu {
	bool parked;               /* waiting at its checkpoint */
	bool go;                   /* released by a resume */
	enum gdb_action action;    /* what to do once released */
	struct gdb_debug debug;    /* debug registers to run with */
	unsigned debug_gen, applied_gen;
	bool applied_step;
};

static struct {
	bool enabled;
	struct guest *guest;       /* the one guest being debugged */
	struct gdb_caps caps;
	unsigned guestdbg_extra;   /* KVM_GUESTDBG_BLOCKIRQ where KVM has it */
	int listen_fd, conn_fd;
	char unix_path[108];       /* removed at the end, if a unix socket */
	int wake_pipe[2];          /* vCPUs and finish() wake the server */
	pthread_t thread;
	bool thread_running;
	atomic_bool halt;          /* vCPUs must park at their next checkpoint */
	struct gdb_cpu cpus[MAX_VCPUS];

	pthread_mutex_t lock;      /* the session */
	struct gdb_session session;
	bool connected, stop_requested, quitting;

	pthread_mutex_t event_lock;
	bool have_event;
	struct gdb_stop event;
	double paused_since, paused_total;
	bool paused;
} server = { .listen_fd = -1, .conn_fd = -1, .wake_pipe = { -1, -1 },
	     .lock = PTHREAD_MUTEX_INITIALIZER, .event_lock = PTHREAD_MUTEX_INITIALIZER };

static double now_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

static void wake_server(void)
{
	char byte = 0;
	if (write(server.wake_pipe[1], &byte, 1) < 0) {
		/* full: the server has wake-ups pending anyway */
	}
}

bool gdb_target_enabled(void)
{
	return server.enabled;
}

double gdb_paused_seconds(void)
{
	if (!server.enabled)
		return 0;
	pthread_mutex_lock(&server.event_lock);
	double total = server.paused_total + (server.paused ? now_seconds() - server.paused_since : 0);
	pthread_mutex_unlock(&server.event_lock);
	return total;
}

static void set_paused(bool paused)
{
	pthread_mutex_lock(&server.event_lock);
	if (paused && !server.paused)
		server.paused_since = now_seconds();
	else if (!paused && server.paused)
		server.paused_total += now_seconds() - server.paused_since;
	server.paused = paused;
	pthread_mutex_unlock(&server.event_lock);
}

/* ---- the vCPU side ---- */

/* Load this vCPU's debug registers and step flag (its own thread). */
static void apply_debug(struct vcpu *vcpu, const struct gdb_debug *debug, bool step)
{
	struct kvm_guest_debug dbg;
	memset(&dbg, 0, sizeof dbg);
	if (debug->sw_breakpoints)
		dbg.control |= KVM_GUESTDBG_USE_SW_BP;
	if (debug->dr7) {
		dbg.control |= KVM_GUESTDBG_USE_HW_BP;
		for (int i = 0; i < GDB_HW_SLOTS; i++)
			dbg.arch.debugreg[i] = debug->dr[i];
		dbg.arch.debugreg[7] = debug->dr7;
	}
	if (step)
		dbg.control |= KVM_GUESTDBG_SINGLESTEP | server.guestdbg_extra;
	if (dbg.control)
		dbg.control |= KVM_GUESTDBG_ENABLE;
	if (ioctl(vcpu->fd, KVM_SET_GUEST_DEBUG, &dbg) < 0)
		fprintf(stderr, "mini-kvm: cpu%d: KVM_SET_GUEST_DEBUG: %s\n", vcpu->id, strerror(errno));
}

static bool run_stopping(const struct vcpu *vcpu)
{
	return atomic_load(vcpu->env->stop) != END_RUNNING;
}

/* Called with vcpu->lock held; returns with it held. */
static void park(struct vcpu *vcpu, struct gdb_cpu *c)
{
	c->parked = true;
	c->go = false;
	wake_server();
	while (!c->go && !run_stopping(vcpu))
		pthread_cond_wait(&vcpu->wake, &vcpu->lock);
	c->parked = false;
}

/* The vcpu_env hooks (the guest argument is unused: one guest). */
static void checkpoint(void *guest, struct vcpu *vcpu)
{
	struct gdb_cpu *c = &server.cpus[vcpu->index];
	pthread_mutex_lock(&vcpu->lock);
	if (atomic_load(&server.halt))
		park(vcpu, c);
	bool step = c->action == GDB_STEP;
	bool changed = c->debug_gen != c->applied_gen || step != c->applied_step;
	struct gdb_debug debug = c->debug;
	c->applied_gen = c->debug_gen;
	c->applied_step = step;
	pthread_mutex_unlock(&vcpu->lock);
	if (changed)
		apply_debug(vcpu, &debug, step);
}

static int debug_exit(void *guest, struct vcpu *vcpu)
{
	const struct kvm_debug_exit_arch *arch = &vcpu->run->debug.arch;
	struct gdb_stop stop = { .cpu = vcpu->index, .cause = GDB_STOP_STEP, .slot = -1 };
	if (arch->exception == 3) {
		stop.cause = GDB_STOP_SW_BREAK;
	} else {
		for (int i = 0; i < GDB_HW_SLOTS; i++)
			if (arch->dr6 & (1ull << i)) {
				stop.cause = GDB_STOP_HW_SLOT;
				stop.slot = i;
				break;
			}
	}
	pthread_mutex_lock(&server.event_lock);
	if (!server.have_event) {           /* the first to stop is the one reported */
		server.have_event = true;
		server.event = stop;
	}
	pthread_mutex_unlock(&server.event_lock);
	atomic_store(&server.halt, true);
	struct gdb_cpu *c = &server.cpus[vcpu->index];
	pthread_mutex_lock(&vcpu->lock);
	c->action = GDB_STAY;               /* the step (if any) is done */
	pthread_mutex_unlock(&vcpu->lock);
	return VCPU_CONTINUE;               /* parks at the checkpoint */
}

/* ---- stopping and resuming the machine (server thread) ---- */

static bool vcpu_stopped(struct vcpu *vcpu)
{
	pthread_mutex_lock(&vcpu->lock);
	bool stopped = server.cpus[vcpu->index].parked || vcpu->idle || vcpu->end.kind != END_RUNNING;
	pthread_mutex_unlock(&vcpu->lock);
	return stopped;
}

/* Park every vCPU; returns when none runs guest code. */
static void stop_all(void)
{
	struct guest *g = server.guest;
	atomic_store(&server.halt, true);
	for (;;) {
		bool all = true;
		for (int i = 0; i < g->nvcpus; i++)
			if (!vcpu_stopped(&g->vcpus[i])) {
				all = false;
				vcpu_kick(&g->vcpus[i]);   /* again: a kick can be lost */
			}
		if (all || run_stopping(&g->vcpus[0]))
			break;
		poll(NULL, 0, STOP_POLL_MS);
	}
	set_paused(true);
}

static void release_all(const enum gdb_action actions[GDB_MAX_CPUS], const struct gdb_debug *debug)
{
	struct guest *g = server.guest;
	set_paused(false);
	atomic_store(&server.halt, false);
	for (int i = 0; i < g->nvcpus; i++) {
		struct vcpu *vcpu = &g->vcpus[i];
		struct gdb_cpu *c = &server.cpus[i];
		pthread_mutex_lock(&vcpu->lock);
		c->debug = *debug;
		c->debug_gen++;
		c->action = actions[i];
		if (actions[i] != GDB_STAY) {
			c->go = true;
			pthread_cond_signal(&vcpu->wake);
		}
		pthread_mutex_unlock(&vcpu->lock);
	}
}

/* ---- the engine's target ---- */

static struct vcpu *cpu_vcpu(int cpu)
{
	struct guest *g = server.guest;
	return &g->vcpus[cpu >= 0 && cpu < g->nvcpus ? cpu : 0];
}

static int target_cpu_count(void *t)
{
	return server.guest->nvcpus;
}

static enum gdb_cpu_mode sregs_mode(const struct kvm_sregs *s)
{
	return (s->efer & EFER_LMA) ? GDB_MODE_LONG : (s->cr0 & CR0_PE) ? GDB_MODE_PM32 : GDB_MODE_REAL;
}

static void copy_fpu(struct gdb_regs *r, const struct kvm_fpu *f)
{
	for (int i = 0; i < 8; i++)
		memcpy(r->st[i], f->fpr[i], 10);
	r->fctrl = f->fcw;
	r->fstat = f->fsw;
	r->ftag = f->ftwx;
	r->fop = f->last_opcode;
	r->fioff = (uint32_t)f->last_ip;
	r->fooff = (uint32_t)f->last_dp;
	memcpy(r->xmm, f->xmm, sizeof r->xmm);
	r->mxcsr = f->mxcsr;
}

static int target_get_regs(void *t, int cpu, struct gdb_regs *r)
{
	struct vcpu *vcpu = cpu_vcpu(cpu);
	struct kvm_regs g;
	struct kvm_sregs s;
	struct kvm_fpu f;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &g) < 0 || ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0)
		return -1;
	memset(r, 0, sizeof *r);
	r->mode = sregs_mode(&s);
	r->cs_base = s.cs.base;
	r->rax = g.rax, r->rbx = g.rbx, r->rcx = g.rcx, r->rdx = g.rdx;
	r->rsi = g.rsi, r->rdi = g.rdi, r->rbp = g.rbp, r->rsp = g.rsp;
	r->r8 = g.r8, r->r9 = g.r9, r->r10 = g.r10, r->r11 = g.r11;
	r->r12 = g.r12, r->r13 = g.r13, r->r14 = g.r14, r->r15 = g.r15;
	r->rip = g.rip;
	r->eflags = (uint32_t)g.rflags;
	r->cs = s.cs.selector, r->ss = s.ss.selector, r->ds = s.ds.selector;
	r->es = s.es.selector, r->fs = s.fs.selector, r->gs = s.gs.selector;
	if (ioctl(vcpu->fd, KVM_GET_FPU, &f) == 0)
		copy_fpu(r, &f);
	return 0;
}

/* In real mode a segment register is its selector and base = selector
 * * 16; in protected and long mode a selector names a descriptor, which
 * the stub does not load: those writes are ignored. */
static bool set_real_segment(struct kvm_segment *seg, uint32_t selector)
{
	if (seg->selector == (selector & 0xffff))
		return false;
	seg->selector = selector & 0xffff;
	seg->base = (uint64_t)seg->selector << 4;
	return true;
}

static int target_set_regs(void *t, int cpu, const struct gdb_regs *r)
{
	struct vcpu *vcpu = cpu_vcpu(cpu);
	struct kvm_regs g;
	struct kvm_sregs s;
	if (ioctl(vcpu->fd, KVM_GET_REGS, &g) < 0 || ioctl(vcpu->fd, KVM_GET_SREGS, &s) < 0)
		return -1;
	g.rax = r->rax, g.rbx = r->rbx, g.rcx = r->rcx, g.rdx = r->rdx;
	g.rsi = r->rsi, g.rdi = r->rdi, g.rbp = r->rbp, g.rsp = r->rsp;
	g.r8 = r->r8, g.r9 = r->r9, g.r10 = r->r10, g.r11 = r->r11;
	g.r12 = r->r12, g.r13 = r->r13, g.r14 = r->r14, g.r15 = r->r15;
	g.rip = r->rip;
	g.rflags = (g.rflags & ~0xffffffffull) | r->eflags | 2;   /* bit 1 is always set */
	if (sregs_mode(&s) == GDB_MODE_REAL) {
		struct kvm_segment *segs[6] = { &s.cs, &s.ss, &s.ds, &s.es, &s.fs, &s.gs };
		const uint32_t selectors[6] = { r->cs, r->ss, r->ds, r->es, r->fs, r->gs };
		int changed = 0;
		for (int i = 0; i < 6; i++)
			changed += set_real_segment(segs[i], selectors[i]);
		if (changed && ioctl(vcpu->fd, KVM_SET_SREGS, &s) < 0)
			return -1;
	}
	return ioctl(vcpu->fd, KVM_SET_REGS, &g) < 0 ? -1 : 0;
}

/* Host pointer for len bytes (within one page) at a guest virtual
 * address, through the vCPU's page tables; NULL if unmapped or not RAM. */
static uint8_t *virt_to_host(struct vcpu *vcpu, uint64_t addr, size_t len)
{
	struct kvm_translation tr = { .linear_address = addr };
	if (ioctl(vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
		return NULL;
	return vm_guest_ptr(vcpu->env->vm, tr.physical_address, len);
}

static size_t page_chunk(uint64_t addr, size_t left)
{
	size_t chunk = 4096 - (addr & 4095);
	return chunk < left ? chunk : left;
}

static long target_read_mem(void *t, int cpu, uint64_t addr, uint8_t *buf, size_t len)
{
	struct vcpu *vcpu = cpu_vcpu(cpu);
	size_t done = 0;
	while (done < len) {
		size_t chunk = page_chunk(addr + done, len - done);
		const uint8_t *src = virt_to_host(vcpu, addr + done, chunk);
		if (!src)
			break;
		memcpy(buf + done, src, chunk);
		done += chunk;
	}
	return (long)done;
}

static int target_write_mem(void *t, int cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
	struct vcpu *vcpu = cpu_vcpu(cpu);
	for (size_t done = 0; done < len;) {         /* all of it, or nothing */
		size_t chunk = page_chunk(addr + done, len - done);
		if (!virt_to_host(vcpu, addr + done, chunk))
			return -1;
		done += chunk;
	}
	for (size_t done = 0; done < len;) {
		size_t chunk = page_chunk(addr + done, len - done);
		memcpy(virt_to_host(vcpu, addr + done, chunk), buf + done, chunk);
		done += chunk;
	}
	return 0;
}

static void target_describe(void *t, int cpu, char *buf, size_t len)
{
	struct vcpu *vcpu = cpu_vcpu(cpu);
	static const char *const mode_names[] = { "real", "pm32", "long" };
	struct kvm_sregs s;
	const char *mode = ioctl(vcpu->fd, KVM_GET_SREGS, &s) == 0 ? mode_names[sregs_mode(&s)] : "?";
	pthread_mutex_lock(&vcpu->lock);
	const char *state = vcpu->end.kind != END_RUNNING ? ", ended" : vcpu->idle ? ", in hlt" : "";
	pthread_mutex_unlock(&vcpu->lock);
	snprintf(buf, len, "cpu%d %s, %s mode%s", vcpu->id, vcpu->env->image_name, mode, state);
}

static void target_resume(void *t, const enum gdb_action actions[GDB_MAX_CPUS], const struct gdb_debug *debug)
{
	pthread_mutex_lock(&server.event_lock);
	server.have_event = false;
	pthread_mutex_unlock(&server.event_lock);
	release_all(actions, debug);
}

static void target_stop(void *t)
{
	server.stop_requested = true;     /* the server loop stops and reports */
}

/* The run ends as if the user had stopped it (status 112): the machine
 * takes SIGTERM as it takes Ctrl-C, and wakes every vCPU, parked or not. */
static void target_kill(void *t)
{
	kill(getpid(), SIGTERM);
}

static const struct gdb_target_ops kvm_target = {
	.cpu_count = target_cpu_count,
	.get_regs = target_get_regs,
	.set_regs = target_set_regs,
	.read_mem = target_read_mem,
	.write_mem = target_write_mem,
	.describe = target_describe,
	.resume = target_resume,
	.stop = target_stop,
	.kill = target_kill,
};

/* ---- the connection ---- */

static void send_to_gdb(void *io, const char *data, size_t len)
{
	while (len > 0 && server.conn_fd >= 0) {
		ssize_t n = send(server.conn_fd, data, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;                       /* gone: the read side notices */
		data += n;
		len -= (size_t)n;
	}
}

static void on_connect(int fd)
{
	int one = 1;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);   /* fails harmlessly on unix */
	server.conn_fd = fd;
	stop_all();
	pthread_mutex_lock(&server.event_lock);
	struct gdb_stop stop = server.have_event ? server.event
			       : (struct gdb_stop){ .cpu = 0, .cause = GDB_STOP_ATTACH, .slot = -1 };
	server.have_event = false;
	pthread_mutex_unlock(&server.event_lock);
	gdb_session_init(&server.session, &kvm_target, NULL, server.caps, send_to_gdb, NULL);
	gdb_session_attach(&server.session, &stop);
	server.connected = true;
	server.stop_requested = false;
}

/* GDB is gone: our breakpoints come out either way. After D (detach) or
 * k the guest runs on undebugged (k has asked the machine to stop); a
 * connection that just closed (GDB's `disconnect`) leaves a stopped guest
 * stopped, for the next connection, and a running one running. */
static void on_disconnect(bool detached)
{
	bool was_running = server.session.state == GDB_SESSION_RUNNING;
	if (was_running)
		stop_all();
	gdb_session_detach(&server.session);
	close(server.conn_fd);
	server.conn_fd = -1;
	server.connected = false;
	if (!detached && !was_running)
		return;
	enum gdb_action go[GDB_MAX_CPUS] = { GDB_CONTINUE, GDB_CONTINUE, GDB_CONTINUE, GDB_CONTINUE };
	struct gdb_debug none;
	memset(&none, 0, sizeof none);
	target_resume(NULL, go, &none);
}

/* The machine stopped on its own (a debug exit) or on Ctrl-C. */
static void report_stop_if_any(void)
{
	if (!server.connected || server.session.state != GDB_SESSION_RUNNING)
		return;
	pthread_mutex_lock(&server.event_lock);
	bool have = server.have_event;
	pthread_mutex_unlock(&server.event_lock);
	if (!have && !server.stop_requested)
		return;
	stop_all();
	pthread_mutex_lock(&server.event_lock);
	struct gdb_stop stop = server.have_event ? server.event
			       : (struct gdb_stop){ .cpu = server.session.last_stop.cpu,
						    .cause = GDB_STOP_INTERRUPT, .slot = -1 };
	server.have_event = false;
	pthread_mutex_unlock(&server.event_lock);
	server.stop_requested = false;
	gdb_session_stopped(&server.session, &stop);
}

static void read_from_gdb(void)
{
	uint8_t buf[4096];
	ssize_t n = recv(server.conn_fd, buf, sizeof buf, 0);
	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		on_disconnect(false);
		return;
	}
	if (gdb_session_input(&server.session, buf, (size_t)n) == GDB_SESSION_CLOSED) {
		on_disconnect(true);
		return;
	}
	report_stop_if_any();               /* a Ctrl-C asks for it */
}

static void *server_thread(void *arg)
{
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = server.wake_pipe[0], .events = POLLIN },
			{ .fd = server.conn_fd >= 0 ? server.conn_fd : server.listen_fd, .events = POLLIN },
		};
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		pthread_mutex_lock(&server.lock);
		if (server.quitting) {
			pthread_mutex_unlock(&server.lock);
			break;
		}
		if (fds[0].revents & POLLIN) {
			char drain[64];
			while (read(server.wake_pipe[0], drain, sizeof drain) > 0)
				;
			report_stop_if_any();
		}
		if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			if (server.conn_fd >= 0) {
				read_from_gdb();
			} else {
				int fd = accept(server.listen_fd, NULL, NULL);
				if (fd >= 0)
					on_connect(fd);
			}
		}
		pthread_mutex_unlock(&server.lock);
	}
	return NULL;
}

/* ---- listening ---- */

static int listen_tcp(const char *port_text)
{
	char *end;
	long port = strtol(port_text, &end, 10);
	if (*end || port < 1 || port > 65535) {
		fprintf(stderr, "mini-kvm: --gdb: '%s' is not a port (1-65535) or unix:PATH\n", port_text);
		return -1;
	}
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
				    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0) {
		fprintf(stderr, "mini-kvm: --gdb: cannot listen on 127.0.0.1:%ld: %s\n", port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* The socket appears at PATH only once it listens (bound under a
 * temporary name, then renamed), so a client that sees the file can
 * connect at once. */
static int listen_unix(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct stat st;
	if (!*path || strlen(path) + 16 >= sizeof addr.sun_path) {
		fprintf(stderr, "mini-kvm: --gdb: unix socket path '%s' is empty or too long\n", path);
		return -1;
	}
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {   /* a stale socket goes; anything else stays */
		fprintf(stderr, "mini-kvm: --gdb: %s exists and is not a socket\n", path);
		return -1;
	}
	snprintf(addr.sun_path, sizeof addr.sun_path, "%s.%d.tmp", path, (int)getpid());
	unlink(addr.sun_path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0 ||
	    rename(addr.sun_path, path) < 0) {
		fprintf(stderr, "mini-kvm: --gdb: cannot listen on %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		unlink(addr.sun_path);
		return -1;
	}
	snprintf(server.unix_path, sizeof server.unix_path, "%s", path);
	return fd;
}

static void probe_caps(void)
{
	char why[240];
	server.caps.sw_breakpoints = gdb_probe_run(GDB_PROBE_SW_BREAK, why, sizeof why) == NULL;
	server.caps.hw_breakpoints = gdb_probe_run(GDB_PROBE_HW_BREAK, why, sizeof why) == NULL;
	server.caps.watchpoints = gdb_probe_run(GDB_PROBE_WATCH, why, sizeof why) == NULL;
	int flags = ioctl(server.guest->vm.fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_GUEST_DEBUG2);
	if (flags > 0 && (flags & KVM_GUESTDBG_BLOCKIRQ))
		server.guestdbg_extra = KVM_GUESTDBG_BLOCKIRQ;   /* a step stays out of IRQ handlers */
}

int gdb_target_start(struct guest *guest, const char *address, bool wait)
{
	server.guest = guest;
	probe_caps();                       /* before GDB can connect: it takes ~1 s here */
	server.listen_fd = strncmp(address, "unix:", 5) == 0 ? listen_unix(address + 5) : listen_tcp(address);
	if (server.listen_fd < 0)
		return -1;
	if (pipe2(server.wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		fprintf(stderr, "mini-kvm: --gdb: pipe: %s\n", strerror(errno));
		return -1;
	}
	server.enabled = true;
	guest->vcpu_env.debug_checkpoint = checkpoint;   /* before any vCPU runs */
	guest->vcpu_env.debug_exit = debug_exit;
	if (wait) {
		atomic_store(&server.halt, true);
		set_paused(true);
	}
	fprintf(stderr, "mini-kvm: waiting for gdb on %s%s%s\n", strncmp(address, "unix:", 5) ? "127.0.0.1:" : "",
		address, wait ? " (the guest starts when gdb continues)" : "");
	if (!server.caps.sw_breakpoints && server.caps.hw_breakpoints)
		fprintf(stderr, "mini-kvm: this host's KVM does not trap int3 for the debugger: "
			"breakpoints use the 4 debug registers\n");
	if (!server.caps.sw_breakpoints && !server.caps.hw_breakpoints)
		fprintf(stderr, "mini-kvm: this host's KVM traps neither int3 nor debug-register "
			"breakpoints for the debugger: GDB can step, not break (see --host-check)\n");
	if (pthread_create(&server.thread, NULL, server_thread, NULL) != 0) {
		fprintf(stderr, "mini-kvm: --gdb: cannot start the server thread\n");
		return -1;
	}
	server.thread_running = true;
	return 0;
}

void gdb_target_finish(int status)
{
	if (!server.enabled)
		return;
	pthread_mutex_lock(&server.lock);
	if (server.connected)
		gdb_session_exited(&server.session, status);
	server.quitting = true;
	pthread_mutex_unlock(&server.lock);
	wake_server();
	if (server.thread_running)
		pthread_join(server.thread, NULL);
	if (server.conn_fd >= 0)
		close(server.conn_fd);
	close(server.listen_fd);
	if (server.unix_path[0])
		unlink(server.unix_path);
	server.enabled = false;
}
