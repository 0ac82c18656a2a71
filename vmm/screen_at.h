/* screen_at.h: --screen-at EVENT, pictures of the text screen taken
 * during the run at moments every run of the same guest and input
 * shares, for `screen` records in the transcript (docs/BIOS.md):
 *   out:N      the guest's output has reached N bytes
 *   text:STR   the guest's output has just ended with STR (a marker)
 *   input:N    the N-th byte of the input script is about to reach it
 * Each event is taken once, the first time it happens. Host time is not
 * offered: it differs from run to run. */
#ifndef MINIKVM_SCREEN_AT_H
#define MINIKVM_SCREEN_AT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "screen.h"

#define SCREEN_AT_MAX 16
#define SCREEN_AT_TEXT_MAX 64

enum screen_event_kind { SCREEN_AT_OUTPUT, SCREEN_AT_TEXT, SCREEN_AT_INPUT };

struct screen_event {
	enum screen_event_kind kind;
	unsigned long n;                        /* OUTPUT, INPUT */
	const char *text;                       /* TEXT: as given on the command line */
	size_t text_len;
	const char *spec;                       /* the option's value, for the record */
};

/* Parse one --screen-at value: 0, or -1 with one line in err. */
int screen_event_parse(const char *spec, struct screen_event *event, char *err, size_t errlen);

struct screen_shot {
	int event;                              /* index in the events */
	size_t output_bytes;                    /* the guest's output so far */
	struct screen_image image;
};

/* One guest's events and the pictures taken so far. */
struct screen_at {
	pthread_mutex_t lock;
	const struct screen_event *events;
	int nevents;
	bool taken[SCREEN_AT_MAX];
	struct screen_shot shots[SCREEN_AT_MAX];
	int nshots;
	const struct vga *vga;
	uint8_t recent[SCREEN_AT_TEXT_MAX];     /* the output's last bytes, for text: markers */
	size_t recent_len;
};

void screen_at_init(struct screen_at *at, const struct screen_event *events, int nevents,
		    const struct vga *vga);
/* The guest wrote one more byte; total is its output so far. */
void screen_at_output(struct screen_at *at, uint8_t byte, size_t total);
/* The script's byte number n (from 1) is about to reach the guest. */
void screen_at_input(struct screen_at *at, size_t n, size_t output_bytes);

#endif
