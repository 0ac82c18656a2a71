/* gdbstub.h: the GDB remote serial protocol engine. It frames and checks
 * packets, answers them, and keeps the debugger's view (threads,
 * breakpoints, the target description); it reaches the machine only
 * through struct gdb_target_ops, so it runs without KVM (the unit tests
 * drive it with a fake target; gdb_target.c is the KVM one). docs/DEBUGGING.md
 * lists the packets it answers. */
#ifndef MINIKVM_GDBSTUB_H
#define MINIKVM_GDBSTUB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gdb_tdesc.h"

#define GDB_MAX_CPUS 4
#define GDB_PACKET_MAX 4096      /* advertised PacketSize: longest packet we take */
#define GDB_HW_SLOTS 4           /* DR0-DR3 */

/* What each vCPU does when the machine resumes. */
enum gdb_action { GDB_STAY, GDB_CONTINUE, GDB_STEP };

/* The debug registers and switches every vCPU runs with. */
struct gdb_debug {
	bool sw_breakpoints;       /* int3 traps to the debugger */
	uint64_t dr[GDB_HW_SLOTS];
	uint64_t dr7;
};

/* Why the machine stopped, as the target saw it. */
enum gdb_stop_cause { GDB_STOP_ATTACH, GDB_STOP_INTERRUPT, GDB_STOP_STEP,
		      GDB_STOP_SW_BREAK, GDB_STOP_HW_SLOT };
struct gdb_stop {
	int cpu;
	enum gdb_stop_cause cause;
	int slot;                  /* GDB_STOP_HW_SLOT: which of DR0-DR3 hit */
};

/* What this host can do (declared by the target, see --host-check). */
struct gdb_caps {
	bool sw_breakpoints;       /* int3 with KVM_GUESTDBG_USE_SW_BP traps */
	bool hw_breakpoints;       /* execution breakpoints in DR0-DR3 fire */
	bool watchpoints;          /* data breakpoints in DR0-DR3 fire */
};

/* The machine as the engine sees it. Every call is made while the
 * machine is stopped, except resume (which starts it) and stop (which
 * asks a running machine to stop; the target later calls
 * gdb_session_stopped). Memory addresses are virtual, through the given
 * vCPU's current page tables. */
struct gdb_target_ops {
	int (*cpu_count)(void *target);
	int (*get_regs)(void *target, int cpu, struct gdb_regs *regs);
	int (*set_regs)(void *target, int cpu, const struct gdb_regs *regs);
	/* Read up to len bytes: returns how many were readable from addr on
	 * (0 if none), or -1 on an error. */
	long (*read_mem)(void *target, int cpu, uint64_t addr, uint8_t *buf, size_t len);
	/* Write all len bytes or none: 0, or -1 (unmapped, outside RAM). */
	int (*write_mem)(void *target, int cpu, uint64_t addr, const uint8_t *buf, size_t len);
	/* One line about a vCPU for `info threads`. */
	void (*describe)(void *target, int cpu, char *buf, size_t len);
	void (*resume)(void *target, const enum gdb_action actions[GDB_MAX_CPUS],
		       const struct gdb_debug *debug);
	void (*stop)(void *target);
	void (*kill)(void *target);
};

/* Where the engine's replies go (a socket, or a test's buffer). */
typedef void (*gdb_send_fn)(void *io, const char *data, size_t len);

enum gdb_session_state { GDB_SESSION_STOPPED, GDB_SESSION_RUNNING, GDB_SESSION_CLOSED };

struct gdb_breakpoint {
	bool used;
	uint64_t addr;
	uint8_t saved;             /* the byte the int3 replaced */
};

struct gdb_slot {
	bool used;
	int type;                  /* the Z packet type, 0-4 */
	uint64_t addr;
	unsigned len;
};

#define GDB_MAX_SW_BREAKPOINTS 64

struct gdb_session {
	const struct gdb_target_ops *ops;
	void *target;
	struct gdb_caps caps;
	gdb_send_fn send;
	void *io;
	enum gdb_session_state state;
	bool no_ack;
	int arch;                  /* description sent: -1 = not chosen yet */
	int g_cpu, c_cpu;          /* Hg and Hc threads (cpu index; c: -1 = all) */
	struct gdb_stop last_stop;
	/* The packet being received. */
	enum { RX_IDLE, RX_DATA, RX_SUM1, RX_SUM2 } rx;
	char packet[GDB_PACKET_MAX + 1];
	size_t packet_len;
	bool overflow;
	uint8_t sum, their_sum;
	bool sum_bad;
	/* The last reply, resent when GDB says '-'. */
	char reply[2 * GDB_PACKET_MAX + 8];
	size_t reply_len;
	struct gdb_breakpoint sw[GDB_MAX_SW_BREAKPOINTS];
	struct gdb_slot slots[GDB_HW_SLOTS];
};

void gdb_session_init(struct gdb_session *s, const struct gdb_target_ops *ops, void *target,
		      struct gdb_caps caps, gdb_send_fn send, void *io);
/* The machine is stopped (at attach time): the session starts stopped. */
void gdb_session_attach(struct gdb_session *s, const struct gdb_stop *stop);
/* Bytes from GDB. Returns the state after them. */
enum gdb_session_state gdb_session_input(struct gdb_session *s, const uint8_t *data, size_t len);
/* The target stopped every vCPU after a resume (or a stop request). */
void gdb_session_stopped(struct gdb_session *s, const struct gdb_stop *stop);
/* The guest ended with this process status: tell GDB, close. */
void gdb_session_exited(struct gdb_session *s, int status);
/* GDB went away: take out our breakpoints (the machine must be stopped);
 * the caller then resumes the guest without debugging. */
void gdb_session_detach(struct gdb_session *s);

#endif
