/* gdb_target.h: --gdb: the GDB stub on the real machine. A server thread
 * listens on 127.0.0.1:PORT or a unix socket, runs the protocol engine
 * (gdbstub.c) and stops, steps and resumes the vCPUs through KVM. The
 * VMM calls in at a few points only: these functions, and two vcpu_env
 * hooks. */
#ifndef MINIKVM_GDB_TARGET_H
#define MINIKVM_GDB_TARGET_H

#include <stdbool.h>

struct guest;
struct vcpu;

/* Listen and start the server for this guest (after its vCPUs exist,
 * before they run). With wait, every vCPU stops before its first
 * instruction until GDB resumes it. Returns 0, or -1 having said why on
 * stderr. */
int gdb_target_start(struct guest *guest, const char *address, bool wait);
/* The run is over with this status: tell GDB, close, stop the server. */
void gdb_target_finish(int status);
bool gdb_target_enabled(void);

/* The vCPUs call in through their vcpu_env, which gdb_target_start fills:
 * before each KVM_RUN (the vCPU parks while the debugger has the machine
 * stopped, and loads its debug registers) and at KVM_EXIT_DEBUG. */

/* Seconds the guest has spent stopped in the debugger (timeouts skip them). */
double gdb_paused_seconds(void);

#endif
