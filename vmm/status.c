/* status.c: how a vCPU ended, as a typed record: its kind (the exit
 * status it maps to), its reason and the reason's fields; the one place
 * that turns such a record into text. Also the one-line error messages
 * the set-up code hands back. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "status.h"

int end_status(const struct vcpu_end *end)
{
	switch (end->kind) {
	case END_EXIT:         return end->code;
	case END_HALT:         return STATUS_OK;
	case END_GUEST_ENDED:  return STATUS_OK;   /* the vCPU that ended it has the status */
	case END_SCRIPT_ENDED: return STATUS_OK;
	case END_SCRIPT_TIMEOUT: return STATUS_SCRIPT_TIMEOUT;
	case END_STOPPED:      return STATUS_STOPPED;
	case END_TIMEOUT:      return STATUS_TIMEOUT;
	case END_FAULT:        return STATUS_GUEST_FAULT;
	case END_HOST_REFUSED: return STATUS_HOST_REFUSED;
	case END_VMM_ERROR:    return STATUS_VMM_ERROR;
	case END_RUNNING:      break;
	}
	return STATUS_VMM_ERROR;
}

const char *end_kind_name(enum end_kind kind)
{
	static const char *const names[] = {
		[END_RUNNING] = "running", [END_EXIT] = "exit", [END_HALT] = "halt",
		[END_GUEST_ENDED] = "guest-ended", [END_SCRIPT_ENDED] = "script-ended",
		[END_SCRIPT_TIMEOUT] = "script-timeout",
		[END_STOPPED] = "stopped", [END_TIMEOUT] = "timeout", [END_FAULT] = "fault",
		[END_HOST_REFUSED] = "host-refused", [END_VMM_ERROR] = "vmm-error",
	};
	return names[kind];
}

static const char *const reason_names[REASONS] = {
	[REASON_NONE] = "none", [REASON_EXIT] = "exit", [REASON_DEBUG_EXIT] = "debug-exit",
	[REASON_HALT] = "halt", [REASON_TIMEOUT] = "timeout", [REASON_STOPPED] = "stopped",
	[REASON_GUEST_ENDED] = "guest-ended", [REASON_TRIPLE_FAULT] = "triple-fault",
	[REASON_MMIO] = "mmio", [REASON_EXCEPTION] = "exception",
	[REASON_BAD_HYPERCALL] = "bad-hypercall", [REASON_UNKNOWN_HYPERCALL] = "unknown-hypercall",
	[REASON_BAD_EXIT_CODE] = "bad-exit-code",
	[REASON_OUTPUT_LIMIT] = "output-limit", [REASON_UNEXPECTED_EXIT] = "unexpected-exit",
	[REASON_MODE_REFUSED] = "mode-refused", [REASON_EMULATION_FAILURE] = "emulation-failure",
	[REASON_FAIL_ENTRY] = "fail-entry", [REASON_VMM_ERROR] = "vmm-error",
	[REASON_REBOOT] = "reboot", [REASON_SCRIPT_END] = "script-end",
	[REASON_SCRIPT_QUIET] = "script-quiet", [REASON_EXPECT_TIMEOUT] = "expect-timeout",
	[REASON_POWER_OFF] = "poweroff",
	[REASON_GUEST_PANIC] = "guest-panic", [REASON_SUSPENDED] = "suspended",
};

const char *end_reason_name(enum end_reason reason)
{
	return reason < REASONS ? reason_names[reason] : "none";
}

void end_set(struct vcpu_end *end, enum end_kind kind, enum end_reason reason, int code,
	     const struct end_field *fields, int nfields)
{
	end->kind = kind;
	end->reason = reason;
	end->code = code;
	end->nfields = nfields < END_MAX_FIELDS ? nfields : END_MAX_FIELDS;
	for (int i = 0; i < end->nfields; i++)
		end->fields[i] = fields[i];
}

static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static size_t append(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	if (at >= len)
		return at;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : at + (size_t)n;
}

void end_detail(const struct vcpu_end *end, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (end->reason == REASON_VMM_ERROR) {
		snprintf(buf, len, "%s", end->text);
		return;
	}
	size_t at = append(buf, len, 0, "%s", end_reason_name(end->reason));
	for (int i = 0; i < end->nfields; i++) {
		const struct end_field *f = &end->fields[i];
		at = append(buf, len, at, " ");
		if (!f->bare)
			at = append(buf, len, at, "%s=", f->name);
		switch (f->format) {
		case FIELD_DEC:  at = append(buf, len, at, "%llu", (unsigned long long)f->number); break;
		case FIELD_HEX:  at = append(buf, len, at, "0x%llx", (unsigned long long)f->number); break;
		case FIELD_HEX2: at = append(buf, len, at, "0x%02llx", (unsigned long long)f->number); break;
		case FIELD_WORD: at = append(buf, len, at, "%s", f->word ? f->word : ""); break;
		}
	}
}

int error_format(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
