/* status.h: the process exit statuses and how a vCPU can end.
 *
 * Guest exit codes are 0-99; every status the VMM itself produces is even
 * and >= 100, so it can never be mistaken for a guest's code (nor for the
 * debug-exit device's odd (CODE << 1) | 1). docs/HARNESS.md lists them. */
#ifndef MINIKVM_STATUS_H
#define MINIKVM_STATUS_H

#include <stddef.h>

enum exit_status {
	STATUS_OK           = 0,
	STATUS_GUEST_MAX    = 99,   /* highest exit code a guest may choose */
	STATUS_USAGE        = 100,
	STATUS_IMAGE        = 102,
	STATUS_GUEST_FAULT  = 104,
	STATUS_TIMEOUT      = 106,
	STATUS_HOST_REFUSED = 108,
	STATUS_VMM_ERROR    = 110,
	STATUS_STOPPED      = 112,
};

/* How a vCPU's run ended; the order is the order of severity used when
 * several guests end differently (higher wins). */
enum end_kind {
	END_RUNNING = 0,
	END_EXIT,           /* HC_EXIT / HC_EXIT_CODE            */
	END_HALT,           /* hlt with IF=0, or idle forever     */
	END_GUEST_ENDED,    /* --smp: another vCPU of its guest ended the guest */
	END_STOPPED,        /* the user stopped the run           */
	END_TIMEOUT,        /* --timeout expired                  */
	END_FAULT,          /* the guest did something fatal      */
	END_HOST_REFUSED,   /* the host's KVM cannot run it       */
	END_VMM_ERROR,      /* an ioctl failed unexpectedly       */
};

struct vcpu_end {
	enum end_kind kind;
	int code;           /* status for END_EXIT: the guest's code, or the
			       debug-exit device's odd (CODE << 1) | 1 */
	char detail[192];   /* transcript detail, e.g. "triple-fault rip=0x7c00" */
};

int end_status(const struct vcpu_end *end);
const char *end_kind_name(enum end_kind kind);

/* Write a one-line reason into err (errlen bytes); returns -1. */
int error_format(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
