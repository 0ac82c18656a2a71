/* screen_live.c: --screen (screen_live.h). Colours are SGR sequences:
 * the VGA's colour c is ANSI colour (blue and red swapped, green and
 * cyan kept, brown as yellow) 30+ / 40+, its bright half 90+ / 100+;
 * characters are code page 437 as UTF-8 (cp437.c) when the locale says
 * UTF-8, else ASCII with '?' for the rest. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "cp437.h"
#include "screen_live.h"
#include "terminal.h"

#define FRAME_MS 40                     /* 25 pictures a second at most */
#define FRAME_MAX (VGA_ROWS * VGA_COLS * 24 + 256)

static volatile sig_atomic_t live_active;
static const char restore_text[] = "\033[0m\033[26;1H\033[?25h\r\n";

void screen_live_restore(void)
{
	if (!live_active)
		return;
	live_active = 0;
	ssize_t ignored = write(STDOUT_FILENO, restore_text, sizeof restore_text - 1);
	(void)ignored;
}

/* A crash must give the terminal back too, then die as it would have. */
static void on_fatal_signal(int sig)
{
	screen_live_restore();
	terminal_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_fatal_signals(void)
{
	struct sigaction sa = { .sa_handler = on_fatal_signal };
	sigemptyset(&sa.sa_mask);
	const int signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
		sigaction(signals[i], &sa, NULL);
}

static bool locale_is_utf8(void)
{
	const char *names[] = { "LC_ALL", "LC_CTYPE", "LANG" };
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(names[i]);
		if (v && *v)
			return strstr(v, "UTF-8") || strstr(v, "utf8") || strstr(v, "UTF8") || strstr(v, "utf-8");
	}
	return false;
}

struct frame {
	char text[FRAME_MAX];
	size_t len;
};

static void emit(struct frame *f, const char *text, size_t len)
{
	if (f->len + len <= sizeof f->text) {
		memcpy(f->text + f->len, text, len);
		f->len += len;
	}
}

static void emitf(struct frame *f, const char *fmt, unsigned a, unsigned b)
{
	char buf[32];
	int n = snprintf(buf, sizeof buf, fmt, a, b);
	emit(f, buf, (size_t)n);
}

static unsigned ansi_colour(unsigned vga)
{
	static const unsigned order[8] = { 0, 4, 2, 6, 1, 5, 3, 7 };
	return order[vga & 7];
}

static void emit_colours(struct frame *f, uint8_t attr, bool blink_mode)
{
	unsigned fg, bg;
	bool blinking;
	screen_colours(attr, blink_mode, &fg, &bg, &blinking);
	emitf(f, "\033[0;%u;%um", (fg & 8 ? 90 : 30) + ansi_colour(fg), (bg & 8 ? 100 : 40) + ansi_colour(bg));
	if (blinking)
		emit(f, "\033[5m", 4);
}

static void emit_char(struct frame *f, uint8_t ch, bool utf8)
{
	char buf[4];
	if (utf8) {
		emit(f, buf, cp437_utf8(ch, buf));
		return;
	}
	buf[0] = ch == 0 ? ' ' : ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	emit(f, buf, 1);
}

static void emit_row(struct screen_live *live, struct frame *f, const struct screen_image *img, unsigned row)
{
	unsigned width = live->cols < VGA_COLS ? live->cols : VGA_COLS;
	emitf(f, "\033[%u;%uH", row + 1, 1);
	int last_attr = -1;
	for (unsigned col = 0; col < width; col++) {
		uint8_t attr = img->cells[row][col][1];
		if (attr != last_attr)
			emit_colours(f, attr, img->blink);
		last_attr = attr;
		emit_char(f, img->cells[row][col][0], live->utf8);
	}
	emit(f, "\033[0m", 4);
}

/* Redraw what changed since the last picture; the cursor last. */
static void draw(struct screen_live *live, const struct screen_image *img)
{
	static struct frame f;
	f.len = 0;
	unsigned height = live->rows < VGA_ROWS ? live->rows : VGA_ROWS;
	bool modes = !live->drawn || img->blink != live->shown.blink;
	bool changed = modes;
	for (unsigned row = 0; row < height; row++)
		if (modes || memcmp(img->cells[row], live->shown.cells[row], sizeof img->cells[row]) != 0) {
			emit_row(live, &f, img, row);
			changed = true;
		}
	bool cursor_moved = !live->drawn || img->cursor_shown != live->shown.cursor_shown ||
			    img->cursor_row != live->shown.cursor_row || img->cursor_col != live->shown.cursor_col;
	if (changed || cursor_moved) {
		bool on_terminal = img->cursor_row < height && img->cursor_col < live->cols;
		if (img->cursor_shown && on_terminal)
			emitf(&f, "\033[%u;%uH\033[?25h", img->cursor_row + 1, img->cursor_col + 1);
		else
			emit(&f, "\033[?25l", 6);
	}
	for (size_t done = 0; done < f.len;) {
		ssize_t n = write(STDOUT_FILENO, f.text + done, f.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	live->shown = *img;
	live->drawn = true;
}

static void *live_main(void *arg)
{
	struct screen_live *live = arg;
	for (;;) {
		struct pollfd wake = { .fd = live->wake_pipe[0], .events = POLLIN };
		if (poll(&wake, 1, FRAME_MS) > 0)
			return NULL;                     /* the run is over */
		struct screen_image img;
		screen_capture(live->vga, &img);
		draw(live, &img);
	}
}

int screen_live_start(struct screen_live *live, const struct vga *vga)
{
	memset(live, 0, sizeof *live);
	live->vga = vga;
	live->utf8 = locale_is_utf8();
	struct winsize ws;
	live->rows = VGA_ROWS, live->cols = VGA_COLS;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col)
		live->rows = ws.ws_row, live->cols = ws.ws_col;
	if (pipe(live->wake_pipe) < 0)
		return -1;
	catch_fatal_signals();
	live_active = 1;
	atexit(screen_live_restore);
	ssize_t ignored = write(STDOUT_FILENO, "\033[0m\033[H\033[2J", 11);
	(void)ignored;
	if (pthread_create(&live->thread, NULL, live_main, live) != 0) {
		screen_live_restore();
		close(live->wake_pipe[0]), close(live->wake_pipe[1]);
		return -1;
	}
	live->running = true;
	return 0;
}

void screen_live_stop(struct screen_live *live)
{
	if (!live->running)
		return;
	ssize_t ignored = write(live->wake_pipe[1], "", 1);
	(void)ignored;
	pthread_join(live->thread, NULL);
	live->running = false;
	close(live->wake_pipe[0]), close(live->wake_pipe[1]);
	struct screen_image img;
	screen_capture(live->vga, &img);
	draw(live, &img);
	screen_live_restore();
}
