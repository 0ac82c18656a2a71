/* console.h: guest output. Each vCPU's bytes are kept for the transcript
 * and echoed to stdout a whole line at a time, so lines from different
 * vCPUs never interleave; on a terminal each vCPU's lines are coloured
 * and prefixed when more than one vCPU runs (NO_COLOR: prefix only).
 * A device that several vCPUs write to (the UART) has a line of its own:
 * their bytes are kept in each writer's stream but echoed on that line,
 * in the order written, as a terminal on the wire would show them (at
 * once, unless several guests share a pipe; prefixed only when several
 * guests run).
 * A stream knows nothing of vCPUs: its owner passes it in. */
#ifndef MINIKVM_CONSOLE_H
#define MINIKVM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console_stream {
	int id;             /* the vCPU number shown in "[cpuN]" prefixes */
	size_t max_output;  /* --max-output: bytes the guest may write */
	uint8_t *data;      /* output not yet echoed (and all of it if kept) */
	size_t len, cap;
	size_t echoed;      /* bytes of data already written to stdout */
	size_t total;       /* bytes the guest has written in all */
	bool keep_all;      /* a transcript wants every byte */
	bool shared;        /* a device's line: written by several threads, echoed at once unless several guests run */
	struct console_stream *last_line;   /* the shared line this stream last wrote on */
};

/* nvcpus: all guests' vCPUs; nguests: how many guests (machines) run. */
void console_setup(bool quiet, int nvcpus, int nguests);
/* One guest byte. Returns -1 if it goes over max_output. */
int console_putc(struct console_stream *out, uint8_t byte);
/* One guest byte written to a device's shared line: kept in out (its
 * writer's stream, for the transcript and the output cap) and echoed
 * on line (a stream its owner made with .shared set). Returns -1 if it
 * goes over out's max_output. */
int console_putc_on(struct console_stream *out, struct console_stream *line, uint8_t byte);
/* Echo complete lines; with partial, the unfinished line too (and that
 * of the shared line the stream last wrote on). */
void console_flush(struct console_stream *out, bool partial);
void console_free(struct console_stream *out);
/* The VMM is about to write messages to stderr: if stdout and stderr are
 * both the terminal and a guest's line is unfinished there, end it, so
 * the messages start on a line of their own. Elsewhere stdout keeps the
 * guest's bytes exactly and stderr gets nothing extra. */
void console_before_messages(void);

#endif
