/* screen_at.c: --screen-at events (screen_at.h): parsing them, and
 * taking the screen's picture when one happens, on the vCPU's thread at
 * that point of the guest's program. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "screen_at.h"

static bool parse_count(const char *text, unsigned long *n)
{
	char *end;
	if (*text < '0' || *text > '9')
		return false;
	*n = strtoul(text, &end, 10);
	return *end == '\0' && *n >= 1 && *n <= 1ul << 40;
}

int screen_event_parse(const char *spec, struct screen_event *event, char *err, size_t errlen)
{
	*event = (struct screen_event){ .spec = spec };
	if (strncmp(spec, "out:", 4) == 0 && parse_count(spec + 4, &event->n)) {
		event->kind = SCREEN_AT_OUTPUT;
		return 0;
	}
	if (strncmp(spec, "input:", 6) == 0 && parse_count(spec + 6, &event->n)) {
		event->kind = SCREEN_AT_INPUT;
		return 0;
	}
	if (strncmp(spec, "text:", 5) == 0 && spec[5] && strlen(spec + 5) <= SCREEN_AT_TEXT_MAX) {
		event->kind = SCREEN_AT_TEXT;
		event->text = spec + 5;
		event->text_len = strlen(spec + 5);
		return 0;
	}
	snprintf(err, errlen, "--screen-at: '%s' is not out:N, input:N (N >= 1) or text:STRING (1-%d bytes)",
		 spec, SCREEN_AT_TEXT_MAX);
	return -1;
}

void screen_at_init(struct screen_at *at, const struct screen_event *events, int nevents,
		    const struct vga *vga)
{
	memset(at, 0, sizeof *at);
	pthread_mutex_init(&at->lock, NULL);
	at->events = events;
	at->nevents = nevents;
	at->vga = vga;
}

/* Event i happened: its picture, once. Caller holds at->lock. */
static void take(struct screen_at *at, int i, size_t output_bytes)
{
	if (at->taken[i] || at->nshots == SCREEN_AT_MAX)
		return;
	at->taken[i] = true;
	struct screen_shot *shot = &at->shots[at->nshots++];
	shot->event = i;
	shot->output_bytes = output_bytes;
	screen_capture(at->vga, &shot->image);
}

static bool output_ends_with(const struct screen_at *at, const struct screen_event *ev)
{
	return at->recent_len >= ev->text_len &&
	       memcmp(at->recent + at->recent_len - ev->text_len, ev->text, ev->text_len) == 0;
}

void screen_at_output(struct screen_at *at, uint8_t byte, size_t total)
{
	pthread_mutex_lock(&at->lock);
	if (at->recent_len == SCREEN_AT_TEXT_MAX) {
		memmove(at->recent, at->recent + 1, SCREEN_AT_TEXT_MAX - 1);
		at->recent_len--;
	}
	at->recent[at->recent_len++] = byte;
	for (int i = 0; i < at->nevents; i++) {
		const struct screen_event *ev = &at->events[i];
		if ((ev->kind == SCREEN_AT_OUTPUT && total == ev->n) ||
		    (ev->kind == SCREEN_AT_TEXT && output_ends_with(at, ev)))
			take(at, i, total);
	}
	pthread_mutex_unlock(&at->lock);
}

void screen_at_input(struct screen_at *at, size_t n, size_t output_bytes)
{
	pthread_mutex_lock(&at->lock);
	for (int i = 0; i < at->nevents; i++)
		if (at->events[i].kind == SCREEN_AT_INPUT && at->events[i].n == n)
			take(at, i, output_bytes);
	pthread_mutex_unlock(&at->lock);
}
