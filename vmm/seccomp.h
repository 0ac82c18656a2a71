/* seccomp.h: --sandbox, the system-call filter for graded runs (seccomp.c). */
#ifndef SECCOMP_H
#define SECCOMP_H
#include <stddef.h>

/* Allow from now on only the calls the run loop makes; anything else
 * kills the process. Call before any vCPU thread starts. -1 and err set
 * if the kernel refuses the filter. */
int seccomp_lock_down(char *err, size_t errlen);

struct config;
/* --sandbox: open the transcript and the JSON ends (if CFG asks for them)
 * now, drop root (to uid 65534), then lock down. A status: STATUS_OK, or
 * STATUS_VMM_ERROR with a message. */
int seccomp_enter(const struct config *cfg);

#endif
