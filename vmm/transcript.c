/* transcript.c: writes the harness transcript (docs/HARNESS.md): each
 * vCPU's output as escaped lines, how each vCPU ended, and the status.
 * Records are grouped per vCPU in vCPU order, so the file does not depend
 * on how the host interleaved the threads. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "guest.h"
#include "transcript.h"

void transcript_escape(FILE *out, const uint8_t *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		uint8_t c = bytes[i];
		if (c == '\\')
			fputs("\\\\", out);
		else if (c == '\r')
			fputs("\\r", out);
		else if (c == '\t')
			fputs("\\t", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\x%02x", c);
		else
			fputc(c, out);
	}
}

void transcript_write_stream(FILE *out, int vcpu, const uint8_t *data, size_t len)
{
	size_t start = 0;
	while (start < len) {
		const uint8_t *nl = memchr(data + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - data) : len;
		fprintf(out, "vcpu %d %s", vcpu, nl ? "out" : "part");
		if (end > start) {
			fputc(' ', out);
			transcript_escape(out, data + start, end - start);
		}
		fputc('\n', out);
		start = nl ? end + 1 : len;
	}
}

void transcript_end_text(const struct vcpu_end *end, char *buf, size_t len)
{
	switch (end->kind) {
	case END_EXIT:
	case END_HALT:
	case END_TIMEOUT:
	case END_STOPPED:
		snprintf(buf, len, "%s", end->detail);
		break;
	case END_FAULT:
		snprintf(buf, len, "fault %s", end->detail);
		break;
	case END_HOST_REFUSED:
		snprintf(buf, len, "host-refused %s", end->detail);
		break;
	case END_VMM_ERROR:
		snprintf(buf, len, "vmm-error %s", end->detail);
		break;
	case END_GUEST_ENDED:     /* the stop request's detail says "stopped" */
		snprintf(buf, len, "guest-ended");
		break;
	case END_RUNNING:
		snprintf(buf, len, "running");
		break;
	}
}

int transcript_check_path(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0) {
		snprintf(err, errlen, "--transcript %s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

int transcript_write(const struct guest *guests, int nguests, const char *path, int status)
{
	FILE *out = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!out) {
		fprintf(stderr, "mini-kvm: cannot write the transcript %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(out, "mini-kvm transcript 1\n");
	for (int g = 0; g < nguests; g++) {
		const struct guest *guest = &guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			const struct vcpu *vcpu = &guest->vcpus[i];
			char end[sizeof vcpu->end.detail + 32];
			/* the file name is escaped like output: a name with a newline
			 * must not be able to forge records */
			fprintf(out, "vcpu %d image ", vcpu->id);
			transcript_escape(out, (const uint8_t *)guest->image_name, strlen(guest->image_name));
			fprintf(out, " mode %s\n", guest_mode_name(vcpu->mode));
			transcript_write_stream(out, vcpu->id, vcpu->out.data, vcpu->out.len);
			transcript_end_text(&vcpu->end, end, sizeof end);
			fprintf(out, "vcpu %d end %s\n", vcpu->id, end);
		}
	}
	fprintf(out, "vm end status %d\n", status);
	int failed = ferror(out);
	if (out != stdout)
		failed |= fclose(out) != 0;
	else
		fflush(out);
	if (failed)
		fprintf(stderr, "mini-kvm: error writing the transcript %s\n", path);
	return failed ? -1 : 0;
}
