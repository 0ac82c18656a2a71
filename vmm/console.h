/* console.h: guest output. Each vCPU's bytes are kept for the transcript
 * and echoed to stdout a whole line at a time, so lines from different
 * vCPUs never interleave; on a terminal each vCPU's lines are coloured
 * and prefixed when more than one guest runs (NO_COLOR: prefix only). */
#ifndef MINIKVM_CONSOLE_H
#define MINIKVM_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct console_stream {
	uint8_t *data;      /* output not yet echoed (and all of it if kept) */
	size_t len, cap;
	size_t echoed;      /* bytes of data already written to stdout */
	size_t total;       /* bytes the guest has written in all */
	bool keep_all;      /* a transcript wants every byte */
	bool mid_line;      /* stdout has an unfinished line of ours */
};

struct vcpu;

void console_setup(bool quiet, int nvcpus);
/* One guest byte. Returns -1 if it goes over --max-output. */
int console_putc(struct vcpu *vcpu, uint8_t byte);
/* Echo complete lines; with partial, the unfinished line too. */
void console_flush(struct vcpu *vcpu, bool partial);
/* A notice of the VMM's own in the guest's output stream on stdout. */
void console_notice(struct vcpu *vcpu, const char *text);
void console_free(struct console_stream *out);

#endif
