/* keyboard.c: where keys come from and how a guest reads them.
 *
 * Scripted input (--input FILE, or a standard input that is not a
 * terminal) is deterministic: a key is handed over only when the guest
 * asks for one (HC_GETCHAR's in, a read of port 0x60/0x64) or waits for
 * one (hlt with IF=1, which raises IRQ1). Every vCPU reads the whole
 * script from its own position.
 *
 * Live input puts the terminal in raw mode; a thread reads keys and gives
 * each to every vCPU (port 0x60 latch + IRQ1). Ctrl-A x quits. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#include "machine.h"

#define MAX_SCRIPT (64ul << 20)
#define CTRL_A 0x01

/* ---- scripts ---- */

int input_script_open(struct input_script *script, const char *path, char *err, size_t errlen)
{
	memset(script, 0, sizeof *script);
	pthread_mutex_init(&script->lock, NULL);
	script->fd = -1;
	if (strcmp(path, "-") == 0) {
		struct stat st;
		script->fd = fstat(STDIN_FILENO, &st) == 0 ? STDIN_FILENO : -1;
		return 0;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "--input %s: %s", path, fd < 0 ? strerror(errno) : "is a directory");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	script->fd = fd;
	/* Read a regular file whole now; anything else (a FIFO) lazily. */
	if (S_ISREG(st.st_mode)) {
		if ((size_t)st.st_size > MAX_SCRIPT) {
			snprintf(err, errlen, "--input %s: larger than %lu MiB", path, MAX_SCRIPT >> 20);
			close(fd);
			return -1;
		}
		script->buf = malloc(st.st_size + 1);
		while (script->buf && script->len < (size_t)st.st_size) {
			ssize_t n = read(fd, script->buf + script->len, st.st_size - script->len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			script->len += n;
		}
		close(fd);
		script->fd = -1;
		if (!script->buf || script->len != (size_t)st.st_size) {
			snprintf(err, errlen, "--input %s: cannot read it whole", path);
			return -1;
		}
		script->cap = script->len;
	}
	return 0;
}

void input_script_close(struct input_script *script)
{
	if (script->fd > STDIN_FILENO)
		close(script->fd);
	free(script->buf);
	memset(script, 0, sizeof *script);
}

/* The script's source is used up (or unreadable): close it, unless it
 * is our standard input, and read no more. Caller holds script->lock. */
static void script_source_ended(struct input_script *script)
{
	if (script->fd > STDIN_FILENO)
		close(script->fd);
	script->fd = -1;
}

/* Byte pos of the script, reading more from a pipe if needed. */
static int script_byte(struct input_script *script, size_t pos, struct machine *machine)
{
	pthread_mutex_lock(&script->lock);
	while (pos >= script->len && script->fd >= 0 && !machine_stopping(machine)) {
		if (script->len == script->cap) {
			size_t cap = script->cap ? script->cap * 2 : 4096;
			uint8_t *buf = cap <= MAX_SCRIPT ? realloc(script->buf, cap) : NULL;
			if (!buf) {
				script_source_ended(script);
				break;
			}
			script->buf = buf, script->cap = cap;
		}
		ssize_t n = read(script->fd, script->buf + script->len, script->cap - script->len);
		if (n > 0)
			script->len += n;
		else if (n == 0 || errno != EINTR)
			script_source_ended(script);   /* end of input (or unreadable) */
	}
	int byte = pos < script->len ? script->buf[pos] : KEY_ENDED;
	pthread_mutex_unlock(&script->lock);
	return byte;
}

static bool script_may_have(struct input_script *script, size_t pos)
{
	pthread_mutex_lock(&script->lock);
	bool more = pos < script->len || script->fd >= 0;
	pthread_mutex_unlock(&script->lock);
	return more;
}

/* ---- the per-vCPU keyboard ---- */

static int ring_pop(struct keyboard *kbd)
{
	if (kbd->head == kbd->tail)
		return kbd->live_ended ? KEY_ENDED : KEY_NONE;
	return kbd->ring[kbd->tail++ % LIVE_RING];
}

/* Take the next key from the source (not from the port latch). */
static int source_next(struct vcpu *vcpu)
{
	struct keyboard *kbd = &vcpu->kbd;
	if (kbd->script) {
		int byte = script_byte(kbd->script, kbd->pos, vcpu->machine);
		if (byte >= 0)
			kbd->pos++;
		return byte;
	}
	pthread_mutex_lock(&vcpu->lock);
	int key = ring_pop(kbd);
	pthread_mutex_unlock(&vcpu->lock);
	return key;
}

int kbd_next_key(struct vcpu *vcpu)
{
	struct keyboard *kbd = &vcpu->kbd;
	console_flush(vcpu, true);       /* the guest waits: show its prompt */
	pthread_mutex_lock(&vcpu->lock);
	if (kbd->port_full) {
		int key = kbd->port_data;
		kbd->port_full = false;
		pthread_mutex_unlock(&vcpu->lock);
		irq_withdraw(vcpu, IRQ_KEYBOARD);   /* the key it announced is taken */
		return key;
	}
	pthread_mutex_unlock(&vcpu->lock);
	return source_next(vcpu);
}

bool kbd_may_produce(struct vcpu *vcpu)
{
	struct keyboard *kbd = &vcpu->kbd;   /* caller holds vcpu->lock */
	if (kbd->port_full)
		return true;
	if (kbd->script)
		return script_may_have(kbd->script, kbd->pos);
	return kbd->head != kbd->tail || !kbd->live_ended;
}

/* Scripted: fill the empty data port with the next key. Returns true
 * if a key now waits in the port. */
static bool latch_scripted_key(struct vcpu *vcpu)
{
	struct keyboard *kbd = &vcpu->kbd;
	if (kbd->port_full || !kbd->script)
		return kbd->port_full;
	int key = source_next(vcpu);
	if (key < 0)
		return false;
	pthread_mutex_lock(&vcpu->lock);
	kbd->port_data = (uint8_t)key;
	kbd->port_full = true;
	pthread_mutex_unlock(&vcpu->lock);
	return true;
}

void kbd_on_idle(struct vcpu *vcpu)
{
	if (vcpu->kbd.script && latch_scripted_key(vcpu))
		irq_raise(vcpu, IRQ_KEYBOARD);
}

int kbd_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data)
{
	struct keyboard *kbd = &vcpu->kbd;
	if (is_write)
		return VCPU_CONTINUE;          /* controller commands: ignored */
	console_flush(vcpu, true);
	latch_scripted_key(vcpu);
	pthread_mutex_lock(&vcpu->lock);
	if (port == 0x64) {
		*data = kbd->port_full ? 0x01 : 0x00;
	} else {
		*data = kbd->port_full ? kbd->port_data : 0x00;
		kbd->port_full = false;
		int next = kbd->script ? KEY_NONE : ring_pop(kbd);
		if (next >= 0) {               /* live: the next key moves up */
			kbd->port_data = (uint8_t)next;
			kbd->port_full = true;
		}
	}
	bool raise = port == 0x60 && kbd->port_full;
	bool emptied = port == 0x60 && !kbd->port_full;
	pthread_mutex_unlock(&vcpu->lock);
	/* Like the real controller's IRQ1 line: up while a key waits in the
	 * port, down once it is read, so a key polled away is not announced
	 * again to the guest's handler. */
	if (raise)
		irq_raise(vcpu, IRQ_KEYBOARD);
	else if (emptied)
		irq_withdraw(vcpu, IRQ_KEYBOARD);
	return VCPU_CONTINUE;
}

/* ---- the terminal ---- */

static struct termios saved_termios;
static volatile sig_atomic_t termios_saved;

void terminal_restore(void)
{
	if (termios_saved) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
		termios_saved = 0;
	}
}

static int terminal_raw(void)
{
	if (tcgetattr(STDIN_FILENO, &saved_termios) < 0)
		return -1;
	struct termios raw = saved_termios;
	/* Keys go to the guest as typed (Ctrl-C included); Enter stays '\n'
	 * (ICRNL) and output keeps its newline translation (OPOST). */
	raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | IXON);
	raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	termios_saved = 1;
	atexit(terminal_restore);
	return tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw);
}

static void give_key(struct machine *machine, uint8_t key)
{
	for (int i = 0; i < machine->nvcpus; i++) {
		struct vcpu *vcpu = &machine->vcpus[i];
		struct keyboard *kbd = &vcpu->kbd;
		pthread_mutex_lock(&vcpu->lock);
		if (kbd->head - kbd->tail < LIVE_RING)
			kbd->ring[kbd->head++ % LIVE_RING] = key;
		bool raise = false;
		if (!kbd->port_full) {
			int next = ring_pop(kbd);
			if (next >= 0) {
				kbd->port_data = (uint8_t)next;
				kbd->port_full = raise = true;
			}
		}
		pthread_mutex_unlock(&vcpu->lock);
		if (raise)
			irq_raise(vcpu, IRQ_KEYBOARD);
	}
}

static void end_live_input(struct machine *machine)
{
	for (int i = 0; i < machine->nvcpus; i++) {
		struct vcpu *vcpu = &machine->vcpus[i];
		pthread_mutex_lock(&vcpu->lock);
		vcpu->kbd.live_ended = true;
		pthread_cond_signal(&vcpu->wake);
		pthread_mutex_unlock(&vcpu->lock);
	}
}

static void *input_main(void *arg)
{
	struct machine *machine = arg;
	bool escape = false;
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = machine->input_wake_pipe[0], .events = POLLIN },
		};
		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[1].revents)
			return NULL;                  /* the run is over */
		uint8_t buf[64];
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (escape) {
				escape = false;
				if (buf[i] == 'x' || buf[i] == 'X') {
					machine_request_stop(machine, END_STOPPED);
					return NULL;
				}
				if (buf[i] == CTRL_A)
					give_key(machine, CTRL_A);
				else
					fprintf(stderr, "\r\n[mini-kvm: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A]\r\n");
			} else if (buf[i] == CTRL_A) {
				escape = true;
			} else {
				give_key(machine, buf[i]);
			}
		}
	}
	end_live_input(machine);
	return NULL;
}

int terminal_input_start(struct machine *machine)
{
	/* Without a keyboard thread no key will ever come: say so to the
	 * vCPUs, so a guest waiting for one ends instead of hanging. */
	if (pipe(machine->input_wake_pipe) < 0) {
		end_live_input(machine);
		return -1;
	}
	if (terminal_raw() < 0 ||
	    pthread_create(&machine->input_thread, NULL, input_main, machine) != 0) {
		terminal_restore();
		end_live_input(machine);
		return -1;
	}
	machine->input_running = true;
	return 0;
}

void terminal_input_stop(struct machine *machine)
{
	if (!machine->input_running)
		return;
	ssize_t ignored = write(machine->input_wake_pipe[1], "", 1);
	(void)ignored;
	pthread_join(machine->input_thread, NULL);
	machine->input_running = false;
	close(machine->input_wake_pipe[0]);
	close(machine->input_wake_pipe[1]);
	terminal_restore();
}
