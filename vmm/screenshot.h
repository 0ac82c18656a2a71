/* screenshot.h: --screenshot FILE.png, the text screen as a picture:
 * 80x25 cells of 8x16 pixels (640x400), the VGA's 16 colours, the cursor
 * where the CRTC puts it with the shape it gives, blinking characters in
 * their visible phase. */
#ifndef MINIKVM_SCREENSHOT_H
#define MINIKVM_SCREENSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "screen.h"

#define SCREENSHOT_WIDTH  (VGA_COLS * 8)
#define SCREENSHOT_HEIGHT (VGA_ROWS * 16)

/* The picture's pixels, palette indexes 0-15, row by row. */
void screenshot_render(const struct screen_image *img, uint8_t pixels[SCREENSHOT_HEIGHT * SCREENSHOT_WIDTH]);

/* Before the run: can the file be written? It is opened now (and kept:
 * --sandbox opens nothing later). 0, or -1 with one line in err. */
int screenshot_open(const char *path, char *err, size_t errlen);
/* After the run: the picture of img into the file opened before. 0, or
 * -1 (said on stderr). */
int screenshot_write(const struct screen_image *img, const char *path);
/* No run to picture (it failed before it began): close and remove the file. */
void screenshot_abandon(const char *path);

#endif
