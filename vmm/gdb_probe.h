/* gdb_probe.h: which guest-debugging features this host's KVM honours. */
#ifndef MINIKVM_GDB_PROBE_H
#define MINIKVM_GDB_PROBE_H

#include <stddef.h>

enum gdb_probe { GDB_PROBE_STEP, GDB_PROBE_HW_BREAK, GDB_PROBE_SW_BREAK, GDB_PROBE_WATCH,
		 GDB_PROBE_USER, GDB_PROBES };

/* "gdb-step", "gdb-hw-break", "gdb-sw-break", "gdb-watch", and "gdb-user"
 * (single-stepping ring-3 code, which kvm-pvm runs natively). */
const char *gdb_probe_name(enum gdb_probe probe);
/* Run the probe (KVM open): in real and long mode, gdb-user in ring 3 of
 * long mode. NULL if it works, else why not, in why. */
const char *gdb_probe_run(enum gdb_probe probe, char *why, size_t whylen);
/* --host-check: one "NAME yes" / "NAME no: REASON" line per probe. */
void gdb_probe_report(void);

#endif
