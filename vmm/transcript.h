/* transcript.h: the harness transcript (format in docs/HARNESS.md). */
#ifndef MINIKVM_TRANSCRIPT_H
#define MINIKVM_TRANSCRIPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "status.h"

/* Write bytes escaped as the transcript shows them. */
void transcript_escape(FILE *out, const uint8_t *bytes, size_t len);
/* Write one vCPU's output stream as `out`/`part` records. */
void transcript_write_stream(FILE *out, int vcpu, const uint8_t *data, size_t len);
/* The `end` record's text for a vCPU end. */
void transcript_end_text(const struct vcpu_end *end, char *buf, size_t len);

struct guest;
/* The whole transcript of a run: every vCPU of every guest, then the status. */
int transcript_write(const struct guest *guests, int nguests, const char *path, int status);
/* The run's ends as JSON lines (docs/HARNESS.md): one per vCPU, then
 * the status. */
int transcript_write_json(const struct guest *guests, int nguests, const char *path, int status);

/* Open PATH now for the writers above to use later (--sandbox opens
 * nothing once the guest runs). -1 and err set on failure. */
int transcript_open_early(const char *path, char *err, size_t errlen);
/* Before the run: can the transcript be written at path? (A bad path is
 * a usage error found at once, not after the guests ran.) 0, or -1 with
 * one line in err. */
int transcript_check_path(const char *option, const char *path, char *err, size_t errlen);

#endif
