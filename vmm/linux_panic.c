/* linux_panic.c: watches a Linux guest's console for the end of a panic
 * report. panic() prints "Kernel panic - not syncing: REASON", the stack,
 * and (unless panic=N asks for a reboot, which then ends the run as
 * `reboot`) "---[ end Kernel panic - not syncing: REASON ]---" before it
 * spins for ever with interrupts on. That closing line is where the run
 * ends, as the named guest failure `guest-panic`: the whole report is in
 * the output, and no run waits for its timeout. Lines are matched on the
 * console text alone (timestamps and log-level prefixes come before it);
 * an initramfs program that prints the same words could end a run too,
 * which the docs say (docs/LINUX.md). */
#include <string.h>
#include "linux_panic.h"

static const char panic_start[] = "Kernel panic - not syncing";
static const char panic_end[] = "---[ end Kernel panic";

static bool line_has(const struct linux_panic_watch *watch, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= watch->len; i++)
		if (memcmp(watch->line + i, needle, n) == 0)
			return true;
	return false;
}

bool linux_panic_feed(struct linux_panic_watch *watch, uint8_t byte)
{
	if (byte != '\n') {
		if (watch->len < sizeof watch->line)
			watch->line[watch->len++] = (char)byte;
		return false;
	}
	bool ended = false;
	if (line_has(watch, panic_end))         /* it repeats the opening words */
		ended = watch->panicking;
	else if (line_has(watch, panic_start))
		watch->panicking = true;
	watch->len = 0;
	return ended;
}
