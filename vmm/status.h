/* status.h: the process exit statuses and how a vCPU can end.
 *
 * Guest exit codes are 0-99; every status the VMM itself produces is even
 * and >= 100, so it can never be mistaken for a guest's code (nor for the
 * debug-exit device's odd (CODE << 1) | 1). docs/HARNESS.md lists them. */
#ifndef MINIKVM_STATUS_H
#define MINIKVM_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi.h"

/* The statuses themselves (STATUS_*) are part of the guest ABI: abi.h. */

/* How a vCPU's run ended; the order is the order of severity used when
 * several guests end differently (higher wins). */
enum end_kind {
	END_RUNNING = 0,
	END_EXIT,           /* HC_EXIT / HC_EXIT_CODE / an original-range unknown call */
	END_HALT,           /* hlt with IF=0, or idle forever     */
	END_GUEST_ENDED,    /* --smp: another vCPU of its guest ended the guest */
	END_SCRIPT_ENDED,   /* --expect: the script's end step ended the run */
	END_STOPPED,        /* the user stopped the run           */
	END_TIMEOUT,        /* --timeout expired                  */
	END_SCRIPT_TIMEOUT, /* --expect: a step's text did not appear in its time */
	END_FAULT,          /* the guest did something fatal      */
	END_HOST_REFUSED,   /* the host's KVM cannot run it       */
	END_VMM_ERROR,      /* an ioctl failed unexpectedly       */
};

/* What exactly ended a vCPU; each reason has its own fields (below). */
enum end_reason {
	REASON_NONE = 0,
	REASON_EXIT,             /* code                        "exit 3"             */
	REASON_DEBUG_EXIT,       /* code status                 "debug-exit code=1 status=3" */
	REASON_HALT,
	REASON_TIMEOUT,
	REASON_STOPPED,
	REASON_GUEST_ENDED,
	REASON_TRIPLE_FAULT,     /* rip */
	REASON_MMIO,             /* addr rip */
	REASON_EXCEPTION,        /* vector name [error] [rip] [cr2] */
	REASON_BAD_HYPERCALL,    /* al rip: an unknown extension number (a fault) */
	REASON_UNKNOWN_HYPERCALL,/* al rip: a number below the extensions (a stop, status 0) */
	REASON_BAD_EXIT_CODE,    /* code rip */
	REASON_OUTPUT_LIMIT,     /* bytes */
	REASON_UNEXPECTED_EXIT,  /* reason rip */
	REASON_MODE_REFUSED,     /* mode rip */
	REASON_EMULATION_FAILURE,/* suberror rip */
	REASON_FAIL_ENTRY,       /* reason */
	REASON_VMM_ERROR,        /* text: the call that failed and why */
	REASON_REBOOT,           /* the guest reset the machine (i8042 0xFE, port 0x92) */
	REASON_SCRIPT_END,       /* step                        "script-end step=4"  */
	REASON_SCRIPT_QUIET,     /* step ms                     "script-quiet step=4 ms=500" */
	REASON_EXPECT_TIMEOUT,   /* step ms                     "expect-timeout step=2 ms=10000" */
	REASON_POWER_OFF,        /* the guest entered ACPI S5 (SLP_EN in PM1a control) */
	REASON_GUEST_PANIC,      /* a Linux kernel said it panicked (linux_panic.c) */
	REASON_SUSPENDED,        /* ACPI S3 with nothing to wake the machine (acpi_sleep.c) */
	REASONS
};

/* One field of an end: a number (decimal or hex) or a word. How it is
 * written in the transcript: "name=value", or the value alone if bare. */
enum end_field_format { FIELD_DEC, FIELD_HEX, FIELD_HEX2, FIELD_WORD };
struct end_field {
	const char *name;
	enum end_field_format format;
	bool bare;
	uint64_t number;
	const char *word;        /* FIELD_WORD: a string with static lifetime */
};
#define END_MAX_FIELDS 5

struct vcpu_end {
	enum end_kind kind;
	enum end_reason reason;
	int code;           /* status for END_EXIT: the guest's code, or the
			       debug-exit device's odd (CODE << 1) | 1 */
	int nfields;
	struct end_field fields[END_MAX_FIELDS];
	char text[160];     /* REASON_VMM_ERROR: what failed */
};

/* Field builders for vcpu_end_set's lists. */
#define END_DEC(n, v)   { .name = (n), .format = FIELD_DEC, .number = (v) }
#define END_HEX(n, v)   { .name = (n), .format = FIELD_HEX, .number = (v) }
#define END_HEX2(n, v)  { .name = (n), .format = FIELD_HEX2, .number = (v) }
#define END_WORD(n, w)  { .name = (n), .format = FIELD_WORD, .word = (w) }
#define END_BARE_DEC(n, v)  { .name = (n), .format = FIELD_DEC, .bare = true, .number = (v) }
#define END_BARE_WORD(n, w) { .name = (n), .format = FIELD_WORD, .bare = true, .word = (w) }
#define END_FIELDS(...) (const struct end_field[]){ __VA_ARGS__ }, \
	(int)(sizeof((const struct end_field[]){ __VA_ARGS__ }) / sizeof(struct end_field))
#define END_NO_FIELDS NULL, 0

/* Fill an end record (fields beyond END_MAX_FIELDS are dropped). */
void end_set(struct vcpu_end *end, enum end_kind kind, enum end_reason reason, int code,
	     const struct end_field *fields, int nfields);
/* Names, as the transcript and the JSON records spell them. */
const char *end_kind_name(enum end_kind kind);
const char *end_reason_name(enum end_reason reason);
/* The reason and its fields as one line, e.g. "mmio addr=0x10000 rip=0x7c05". */
void end_detail(const struct vcpu_end *end, char *buf, size_t len);

int end_status(const struct vcpu_end *end);

/* Write a one-line reason into err (errlen bytes); returns -1. */
int error_format(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
