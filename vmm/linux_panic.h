/* linux_panic.h: recognising a Linux kernel's panic (and its halt) on
 * its console, so that a kernel that panics ends the run as
 * `guest-panic`, and one that halts as `halt`, instead of spinning or
 * sleeping in KVM until the timeout. */
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

enum linux_console_event {
	LINUX_RUNNING,          /* nothing that ends the run */
	LINUX_PANICKED,         /* the panic report has ended ("---[ end Kernel panic") */
	LINUX_HALTED,           /* "reboot: System halted": every CPU stops for good */
};

/* Feed one console byte written by this vCPU; says when a line it
 * completes ends the run. */
enum linux_console_event linux_panic_feed(struct linux_panic_watch *watch, uint8_t byte);

#endif
