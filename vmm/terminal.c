/* terminal.c: live keyboard input. The terminal goes into raw mode; a
 * thread reads keys and hands each to every guest's keyboard (which
 * latches it in port 0x60 and raises IRQ1). Ctrl-A x quits; Ctrl-A
 * Ctrl-A sends a Ctrl-A. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include "guest.h"
#include "terminal.h"

#define CTRL_A 0x01

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

static void give_keys(struct terminal *term, const uint8_t *keys, size_t n)
{
	for (int i = 0; n && i < term->nguests; i++)
		kbd_give_keys(&term->guests[i].kbd, keys, n);
}

/* No key will ever come again: a guest waiting for one may end. */
static void end_live_input(struct terminal *term)
{
	for (int i = 0; i < term->nguests; i++) {
		kbd_end_live(&term->guests[i].kbd);
		for (int v = 0; v < term->guests[i].nvcpus; v++)
			vcpu_wake(&term->guests[i].vcpus[v]);
	}
}

static void *input_main(void *arg)
{
	struct terminal *term = arg;
	bool escape = false;
	for (;;) {
		struct pollfd fds[2] = {
			{ .fd = STDIN_FILENO, .events = POLLIN },
			{ .fd = term->wake_pipe[0], .events = POLLIN },
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
		/* the keys of one read go together: a terminal sends an
		 * escape sequence (an arrow, a function key) in one piece */
		uint8_t keys[sizeof buf];
		size_t nkeys = 0;
		for (ssize_t i = 0; i < n; i++) {
			if (escape) {
				escape = false;
				if (buf[i] == 'x' || buf[i] == 'X') {
					give_keys(term, keys, nkeys);
					term->quit(term->machine);
					return NULL;
				}
				if (buf[i] == CTRL_A)
					keys[nkeys++] = CTRL_A;
				else
					fprintf(stderr, "\r\n[mini-kvm: Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A]\r\n");
			} else if (buf[i] == CTRL_A) {
				escape = true;
			} else {
				keys[nkeys++] = buf[i];
			}
		}
		give_keys(term, keys, nkeys);
	}
	end_live_input(term);
	return NULL;
}

int terminal_input_start(struct terminal *term)
{
	/* Without a keyboard thread no key will ever come: say so to the
	 * vCPUs, so a guest waiting for one ends instead of hanging. */
	if (pipe(term->wake_pipe) < 0) {
		end_live_input(term);
		return -1;
	}
	if (terminal_raw() < 0 ||
	    pthread_create(&term->thread, NULL, input_main, term) != 0) {
		terminal_restore();
		end_live_input(term);
		return -1;
	}
	term->running = true;
	return 0;
}

void terminal_input_stop(struct terminal *term)
{
	if (!term->running)
		return;
	ssize_t ignored = write(term->wake_pipe[1], "", 1);
	(void)ignored;
	pthread_join(term->thread, NULL);
	term->running = false;
	close(term->wake_pipe[0]);
	close(term->wake_pipe[1]);
	terminal_restore();
}
