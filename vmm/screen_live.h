/* screen_live.h: --screen, the text screen drawn live on the terminal
 * (standard output) with its colours: a thread takes a picture 25 times
 * a second and redraws the rows that changed and the cursor. The screen
 * is drawn from the terminal's top left; when the run ends the last
 * picture stays and the terminal's cursor, colours and modes are put
 * back below it, on every way out (the end of the run, a signal, Ctrl-A
 * x, a crash). */
#ifndef MINIKVM_SCREEN_LIVE_H
#define MINIKVM_SCREEN_LIVE_H

#include <pthread.h>
#include <stdbool.h>
#include "screen.h"

struct screen_live {
	pthread_t thread;
	bool running;
	int wake_pipe[2];
	const struct vga *vga;
	struct screen_image shown;      /* what the terminal shows now */
	bool drawn;                     /* shown is on the terminal */
	bool utf8;                      /* the terminal takes UTF-8 (else ASCII only) */
	unsigned rows, cols;            /* the terminal's size, at most 25 x 80 used */
};

/* Start drawing vga; 0, or -1 (nothing was changed on the terminal). */
int screen_live_start(struct screen_live *live, const struct vga *vga);
/* Draw the last picture and give the terminal back. */
void screen_live_stop(struct screen_live *live);
/* Give the terminal back now (async-signal-safe; for signal handlers). */
void screen_live_restore(void);

#endif
