/* linux_panic.h: recognising a Linux kernel's panic on its console, so
 * that a kernel that panics ends the run as `guest-panic` instead of
 * spinning in its panic loop until the timeout. */
#ifndef MINIKVM_LINUX_PANIC_H
#define MINIKVM_LINUX_PANIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LINUX_PANIC_LINE 200

/* One line buffer per vCPU: each vCPU's console bytes are its own stream. */
struct linux_panic_watch {
	char line[LINUX_PANIC_LINE];
	size_t len;
	bool panicking;         /* "Kernel panic - not syncing" seen */
};

/* Feed one console byte written by this vCPU; true once the kernel's
 * panic report has ended (its "---[ end Kernel panic" line). */
bool linux_panic_feed(struct linux_panic_watch *watch, uint8_t byte);

#endif
