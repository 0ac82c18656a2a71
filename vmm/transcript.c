/* transcript.c: writes the harness transcript (docs/HARNESS.md): each
 * vCPU's output as escaped lines, how each vCPU ended, and the status.
 * Records are grouped per vCPU in vCPU order, so the file does not depend
 * on how the host interleaved the threads. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
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

/* A script's text in double quotes, escaped like output, with the
 * quote itself as \x22 so that the text ends where the quotes do. */
static void write_quoted(FILE *out, const uint8_t *text, size_t len)
{
	fputc('"', out);
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"')
			fputs("\\x22", out);
		else
			transcript_escape(out, &text[i], 1);
	}
	fputc('"', out);
}

/* An --expect event: `script STEP matched|sent|unfinished ...`. */
static void write_event(FILE *out, int vcpu, const struct expect_script *script, const struct expect_event *e)
{
	static const char *const verbs[] = {
		[EVENT_MATCHED] = "matched", [EVENT_SENT] = "sent", [EVENT_UNFINISHED] = "unfinished",
	};
	const struct expect_step *s = &script->steps[e->step];
	fprintf(out, "vcpu %d script %d %s", vcpu, e->step + 1, verbs[e->kind]);
	if (e->kind == EVENT_UNFINISHED)
		fprintf(out, " %s", expect_op_name(s->op));
	if (s->op == STEP_EXPECT || s->op == STEP_SEND) {
		fputc(' ', out);
		write_quoted(out, s->text, s->len);
	} else if (s->op == STEP_END_QUIET) {
		fprintf(out, " %g", s->seconds);
	}
	fputc('\n', out);
}

/* The events of the guest's vCPU `index` that happened within the
 * first `upto` bytes of its output, from *next on. */
static void write_events(FILE *out, int vcpu, const struct expect_run *run, int index, size_t upto, int *next)
{
	int n = 0;
	const struct expect_event *events = run ? expect_events(run, &n) : NULL;
	for (; *next < n; ++*next) {
		const struct expect_event *e = &events[*next];
		if (e->vcpu != index)
			continue;
		if (e->offset > upto)
			return;
		write_event(out, vcpu, run->script, e);
	}
}

/* A vCPU's output as out/part lines, each --expect event after the line
 * it happened in (one at the very start before all of them). */
static void write_stream_events(FILE *out, int vcpu, const uint8_t *data, size_t len,
				const struct expect_run *run, int index)
{
	int next = 0;
	size_t start = 0;
	write_events(out, vcpu, run, index, 0, &next);
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
		write_events(out, vcpu, run, index, start, &next);
	}
	write_events(out, vcpu, run, index, SIZE_MAX, &next);
}

void transcript_write_stream(FILE *out, int vcpu, const uint8_t *data, size_t len)
{
	write_stream_events(out, vcpu, data, len, NULL, 0);
}

void transcript_end_text(const struct vcpu_end *end, char *buf, size_t len)
{
	char detail[256];
	end_detail(end, detail, sizeof detail);
	switch (end->kind) {
	case END_EXIT:
	case END_HALT:
	case END_TIMEOUT:
	case END_STOPPED:
	case END_SCRIPT_ENDED:
	case END_SCRIPT_TIMEOUT:
		snprintf(buf, len, "%s", detail);
		break;
	case END_FAULT:
	case END_HOST_REFUSED:
	case END_VMM_ERROR:
		snprintf(buf, len, "%s %s", end_kind_name(end->kind), detail);
		break;
	case END_GUEST_ENDED:
	case END_RUNNING:
		snprintf(buf, len, "%s", end_kind_name(end->kind));
		break;
	}
}

/* Finish writing a transcript file: 0, or -1 (said on stderr) if any
 * write failed. Standard output is flushed, not closed. */
static int close_output(FILE *out, const char *what, const char *path)
{
	int failed = ferror(out);
	if (out != stdout)
		failed |= fclose(out) != 0;
	else
		fflush(out);
	if (failed)
		fprintf(stderr, "mini-kvm: error writing %s %s\n", what, path);
	return failed ? -1 : 0;
}

int transcript_check_path(const char *option, const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return 0;
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0) {
		snprintf(err, errlen, "%s %s: %s", option, path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

/* A BIOS guest's disks: which drive is which file, and whether the
 * guest's writes reach it. */
static void write_disks(FILE *out, const struct guest *guest, int vcpu)
{
	for (int d = 0; d < guest->bios.ndisks; d++) {
		const struct disk *disk = &guest->bios.disks[d];
		fprintf(out, "vcpu %d disk 0x%02x ", vcpu, BOOT_DRIVE_FIRST + d);
		transcript_escape(out, (const uint8_t *)disk->name, strlen(disk->name));
		fprintf(out, " %s\n", disk->shared ? "write-through" : "private-copy");
	}
}

/* A row's attributes as runs, "ATTR*COUNT" in hex and decimal, the
 * trailing run of the normal 0x07 left out; a row all 0x07 has no record. */
static void write_attributes(FILE *out, const struct screen_image *img, unsigned row, int vcpu)
{
	unsigned end = VGA_COLS;
	while (end > 0 && img->cells[row][end - 1][1] == VGA_ATTR_NORMAL)
		end--;
	if (end == 0)
		return;
	fprintf(out, "vcpu %d attr %02u", vcpu, row);
	for (unsigned col = 0; col < end;) {
		uint8_t attr = img->cells[row][col][1];
		unsigned run = 1;
		while (col + run < end && img->cells[row][col + run][1] == attr)
			run++;
		fprintf(out, " %02x*%u", attr, run);
		col += run;
	}
	fputc('\n', out);
}

/* A picture of the text screen: 25 rows, trailing blanks trimmed, with
 * --screen-attributes their attributes, and where the CRTC puts the
 * cursor. */
static void write_screen(FILE *out, const struct screen_image *img, bool attributes, int vcpu)
{
	for (unsigned row = 0; row < VGA_ROWS; row++) {
		uint8_t text[VGA_COLS];
		unsigned len = screen_row_text(img, row, text);
		fprintf(out, "vcpu %d screen %02u", vcpu, row);
		if (len) {
			fputc(' ', out);
			transcript_escape(out, text, len);
		}
		fputc('\n', out);
	}
	for (unsigned row = 0; attributes && row < VGA_ROWS; row++)
		write_attributes(out, img, row, vcpu);
	fprintf(out, "vcpu %d cursor %u %u\n", vcpu, img->cursor_row, img->cursor_col);
}

/* --screen-at's pictures in the order they were taken, then the screen
 * at the end of the run. */
static void write_screens(FILE *out, const struct guest *guest, bool attributes, int vcpu)
{
	const struct screen_at *at = &guest->screen_at;
	for (int i = 0; i < at->nshots; i++) {
		const struct screen_shot *shot = &at->shots[i];
		fprintf(out, "vcpu %d screen-at ", vcpu);
		const char *spec = at->events[shot->event].spec;
		transcript_escape(out, (const uint8_t *)spec, strlen(spec));
		fprintf(out, " output %zu\n", shot->output_bytes);
		write_screen(out, &shot->image, attributes, vcpu);
	}
	for (int i = 0; i < at->nevents; i++) {          /* events that never happened say so */
		if (at->taken[i])
			continue;
		fprintf(out, "vcpu %d screen-at ", vcpu);
		transcript_escape(out, (const uint8_t *)at->events[i].spec, strlen(at->events[i].spec));
		fprintf(out, " not-reached\n");
	}
	struct screen_image now;
	screen_capture(&guest->vga, &now);
	write_screen(out, &now, attributes, vcpu);
}

/* Files opened before the run (--sandbox), by path: at most the
 * transcript and the JSON ends. */
static struct { const char *path; FILE *file; } opened_early[2];

int transcript_open_early(const char *path, char *err, size_t errlen)
{
	if (strcmp(path, "-") == 0)
		return 0;
	for (size_t i = 0; i < sizeof opened_early / sizeof opened_early[0]; i++) {
		if (opened_early[i].file)
			continue;
		opened_early[i].file = fopen(path, "w");
		if (!opened_early[i].file) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
		opened_early[i].path = path;
		return 0;
	}
	snprintf(err, errlen, "%s: too many files opened before the run", path);
	return -1;
}

/* Where a writer writes PATH: standard output, the file opened early, or
 * a file opened now. */
static FILE *open_output(const char *path)
{
	if (strcmp(path, "-") == 0)
		return stdout;
	for (size_t i = 0; i < sizeof opened_early / sizeof opened_early[0]; i++)
		if (opened_early[i].file && strcmp(opened_early[i].path, path) == 0)
			return opened_early[i].file;
	return fopen(path, "w");
}

int transcript_write(const struct guest *guests, int nguests, const char *path, int status)
{
	bool attributes = nguests > 0 && guests[0].env && guests[0].env->cfg->screen_attributes;
	FILE *out = open_output(path);
	if (!out) {
		fprintf(stderr, "mini-kvm: cannot write the transcript %s: %s\n", path, strerror(errno));
		return -1;
	}
	fprintf(out, "mini-kvm transcript 1\n");
	for (int g = 0; g < nguests; g++) {
		const struct guest *guest = &guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			const struct vcpu *vcpu = &guest->vcpus[i];
			char end[320];
			/* the file name is escaped like output: a name with a newline
			 * must not be able to forge records */
			fprintf(out, "vcpu %d image ", vcpu->id);
			transcript_escape(out, (const uint8_t *)guest->image_name, strlen(guest->image_name));
			fprintf(out, " mode %s\n", guest_mode_name(vcpu->mode));
			if (guest->pc && i == 0)
				write_disks(out, guest, vcpu->id);
			write_stream_events(out, vcpu->id, vcpu->out.data, vcpu->out.len,
					    guest->env ? guest->env->expect : NULL, i);
			if (guest->screen_records && i == 0)
				write_screens(out, guest, attributes, vcpu->id);
			transcript_end_text(&vcpu->end, end, sizeof end);
			fprintf(out, "vcpu %d end %s\n", vcpu->id, end);
		}
	}
	fprintf(out, "vm end status %d\n", status);
	return close_output(out, "the transcript", path);
}

/* ---- the same ends as JSON lines ---- */

static void json_string(FILE *out, const char *text)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p < 0x20 || *p >= 0x7f)
			fprintf(out, "\\u%04x", *p);   /* bytes, not UTF-8: each its own escape */
		else
			fputc(*p, out);
	}
	fputc('"', out);
}

static void json_fields(FILE *out, const struct vcpu_end *end)
{
	fputs("{", out);
	for (int i = 0; i < end->nfields; i++) {
		const struct end_field *f = &end->fields[i];
		fputs(i ? ", " : "", out);
		json_string(out, f->name);
		fputs(": ", out);
		if (f->format == FIELD_WORD)
			json_string(out, f->word ? f->word : "");
		else
			fprintf(out, "%llu", (unsigned long long)f->number);
	}
	if (end->reason == REASON_VMM_ERROR) {
		fputs("\"text\": ", out);
		json_string(out, end->text);
	}
	fputs("}", out);
}

static void json_vcpu(FILE *out, const struct guest *guest, const struct vcpu *vcpu)
{
	char text[320];
	transcript_end_text(&vcpu->end, text, sizeof text);
	fprintf(out, "{\"record\": \"vcpu\", \"vcpu\": %d, \"image\": ", vcpu->id);
	json_string(out, guest->image_name);
	fprintf(out, ", \"mode\": \"%s\", \"end\": \"%s\", \"reason\": \"%s\", \"status\": %d, \"fields\": ",
		guest_mode_name(vcpu->mode), end_kind_name(vcpu->end.kind),
		end_reason_name(vcpu->end.reason), end_status(&vcpu->end));
	json_fields(out, &vcpu->end);
	fprintf(out, ", \"output_bytes\": %zu, \"text\": ", vcpu->out.total);
	json_string(out, text);
	fputs("}\n", out);
}

int transcript_write_json(const struct guest *guests, int nguests, const char *path, int status)
{
	FILE *out = open_output(path);
	if (!out) {
		fprintf(stderr, "mini-kvm: cannot write %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (int g = 0; g < nguests; g++)
		for (int i = 0; i < guests[g].nvcpus; i++)
			json_vcpu(out, &guests[g], &guests[g].vcpus[i]);
	fprintf(out, "{\"record\": \"vm\", \"status\": %d}\n", status);
	return close_output(out, "the ends", path);
}
