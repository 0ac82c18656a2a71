/* linux_panic.c: watches a Linux guest's console for the end of a panic
 * report (and for its halt: "reboot: System halted", after which every
 * CPU sleeps in KVM with interrupts off; the run ends there as `halt`). panic() prints "Kernel panic - not syncing: REASON", the stack,
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
/* kernel_halt() prints it, then machine_halt() stops every CPU with
 * interrupts off: KVM's in-kernel hlt, which the VMM never sees. */
static const char halted[] = "reboot: System halted";

static bool line_has(const struct linux_panic_watch *watch, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= watch->len; i++)
		if (memcmp(watch->line + i, needle, n) == 0)
			return true;
	return false;
}

enum linux_console_event linux_panic_feed(struct linux_panic_watch *watch, uint8_t byte)
{
	if (byte != '\n') {
		if (watch->len < sizeof watch->line)
			watch->line[watch->len++] = (char)byte;
		return LINUX_RUNNING;
	}
	enum linux_console_event event = LINUX_RUNNING;
	if (line_has(watch, panic_end))         /* it repeats the opening words */
		event = watch->panicking ? LINUX_PANICKED : LINUX_RUNNING;
	else if (line_has(watch, panic_start))
		watch->panicking = true;
	else if (line_has(watch, halted))
		event = LINUX_HALTED;
	watch->len = 0;
	return event;
}
