/* console.c: guest output. Bytes from HC_PUTCHAR go into the vCPU's
 * stream; complete lines are echoed to stdout under one lock, so lines of
 * different vCPUs never mix. The unfinished line is echoed when the guest
 * waits (for a key, in hlt) or ends, so prompts show up (with one vCPU
 * on a terminal, every byte at once); when another
 * stream writes next, that line is ended first, so nothing is glued to it.
 * With several vCPUs on a terminal each line is prefixed "[cpuN]" and
 * coloured per vCPU (prefix only if NO_COLOR is set); otherwise output is
 * plain. A device's shared line (the UART's, written by all the vCPUs of
 * its guest) is one stream on stdout, like a terminal on the wire: every
 * byte at once (on a terminal, or when one guest runs), prefixed only
 * when several guests run. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "console.h"

#define MAX_PREFIXED 4

#define PARTIAL_ECHO_AT 4096   /* a long unfinished line is echoed anyway */

static pthread_mutex_t console_lock = PTHREAD_MUTEX_INITIALIZER;
static bool echo_on = true, decorate, decorate_lines, colour;
/* One vCPU on a terminal: every byte is shown at once, as on a serial
 * console, so a prompt shows even from a guest that never waits
 * visibly (it spins, the VMM never sees it wait for a key). */
static bool immediate, lines_immediate;
static const int colours[MAX_PREFIXED] = { 32, 36, 33, 35 };
/* The stream whose unfinished line stdout ends with, or NULL; console_lock. */
static const struct console_stream *line_owner;

void console_setup(bool quiet, int nvcpus, int nguests)
{
	const char *no_colour = getenv("NO_COLOR");
	bool terminal = isatty(STDOUT_FILENO);
	echo_on = !quiet;
	decorate = terminal && nvcpus > 1;
	decorate_lines = terminal && nguests > 1;
	immediate = terminal && nvcpus == 1;
	/* A serial line is a byte stream: whoever reads stdout (a terminal,
	 * or a program waiting for a prompt through a pipe) gets each byte
	 * as it is sent, unless several guests share stdout, whose lines
	 * must not mix. */
	lines_immediate = terminal || nguests == 1;
	colour = decorate && !(no_colour && *no_colour);
	signal(SIGPIPE, SIG_IGN);      /* a closed stdout must not kill us */
}

static void write_all(const void *buf, size_t len)
{
	const char *p = buf;
	while (len && echo_on) {
		ssize_t n = write(STDOUT_FILENO, p, len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0) {
			echo_on = false;   /* stdout is gone: keep running, stop echoing */
			return;
		}
		p += n, len -= n;
	}
}

static void write_prefix(int id)
{
	char prefix[32];
	int n = colour ? snprintf(prefix, sizeof prefix, "\033[%dm[cpu%d]\033[0m ", colours[id % MAX_PREFIXED], id)
		       : snprintf(prefix, sizeof prefix, "[cpu%d] ", id);
	write_all(prefix, n);
}

/* End the unfinished line on stdout, if there is one; console_lock held. */
static void end_open_line(void)
{
	if (line_owner)
		write_all("\n", 1);
	line_owner = NULL;
}

/* Echo data[from, to) of a stream; called with console_lock held. */
static void echo_bytes(struct console_stream *out, const uint8_t *data, size_t from, size_t to)
{
	if (from >= to)
		return;
	if (line_owner != out)
		end_open_line();              /* another stream's line: never glue to it */
	if (!(out->shared ? decorate_lines : decorate)) {
		write_all(data + from, to - from);
		line_owner = data[to - 1] != '\n' ? out : NULL;
		return;
	}
	while (from < to) {
		const uint8_t *nl = memchr(data + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - data) + 1 : to;
		if (line_owner != out)
			write_prefix(out->id);
		write_all(data + from, end - from);
		line_owner = nl ? NULL : out;
		from = end;
	}
}

/* A notice of the VMM's own in the guest's output stream on stdout. */
static void console_notice(struct console_stream *out, const char *text)
{
	char line[160];
	int n = snprintf(line, sizeof line, "[mini-kvm: %s]\n", text);
	pthread_mutex_lock(&console_lock);
	end_open_line();
	if (decorate)
		write_prefix(out->id);
	write_all(line, n);
	pthread_mutex_unlock(&console_lock);
}

void console_before_messages(void)
{
	pthread_mutex_lock(&console_lock);
	if (line_owner && echo_on && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO))
		end_open_line();
	pthread_mutex_unlock(&console_lock);
}

/* Echo what is due of a stream; console_lock held. */
static void flush_locked(struct console_stream *out, bool partial)
{
	size_t end = out->len;
	if (!partial) {
		while (end > out->echoed && out->data[end - 1] != '\n')
			end--;
	}
	if (end <= out->echoed)
		return;
	if (echo_on)
		echo_bytes(out, out->data, out->echoed, end);
	out->echoed = end;
	if (!out->keep_all) {            /* nothing to keep: drop what is echoed */
		memmove(out->data, out->data + end, out->len - end);
		out->len -= end;
		out->echoed = 0;
	}
}

void console_flush(struct console_stream *out, bool partial)
{
	pthread_mutex_lock(&console_lock);
	flush_locked(out, partial);
	if (partial && out->last_line)
		flush_locked(out->last_line, true);
	pthread_mutex_unlock(&console_lock);
}

static int append(struct console_stream *out, uint8_t byte)
{
	if (out->len == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 256;
		uint8_t *data = realloc(out->data, cap);
		if (!data)
			return -1;
		out->data = data, out->cap = cap;
	}
	out->data[out->len++] = byte;
	return 0;
}

static bool over_limit(struct console_stream *out)
{
	if (out->total < out->max_output)
		return false;
	console_flush(out, true);
	console_notice(out, "output limit reached");
	return true;
}

int console_putc(struct console_stream *out, uint8_t byte)
{
	if (over_limit(out) || append(out, byte) < 0)
		return -1;
	out->total++;
	if (byte == '\n' || immediate || out->len - out->echoed >= PARTIAL_ECHO_AT)
		console_flush(out, byte != '\n');
	return 0;
}

int console_putc_on(struct console_stream *out, struct console_stream *line, uint8_t byte)
{
	if (over_limit(out))
		return -1;
	if (out->len > out->echoed)
		console_flush(out, true);     /* its own unfinished line goes first */
	if (out->keep_all) {
		if (append(out, byte) < 0)
			return -1;
		out->echoed = out->len;       /* echoed on the line, not here */
	}
	out->total++;
	out->last_line = line;
	pthread_mutex_lock(&console_lock);
	if (append(line, byte) == 0 && (byte == '\n' || lines_immediate || line->len - line->echoed >= PARTIAL_ECHO_AT))
		flush_locked(line, byte != '\n');
	pthread_mutex_unlock(&console_lock);
	return 0;
}

void console_free(struct console_stream *out)
{
	free(out->data);
	memset(out, 0, sizeof *out);
}
