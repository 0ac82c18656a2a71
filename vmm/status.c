/* status.c: maps how a vCPU ended to the process exit status, and
 * formats the one-line error messages the set-up code hands back. */
#include <stdarg.h>
#include <stdio.h>
#include "status.h"

int end_status(const struct vcpu_end *end)
{
	switch (end->kind) {
	case END_EXIT:         return end->code;
	case END_HALT:         return STATUS_OK;
	case END_GUEST_ENDED:  return STATUS_OK;   /* the vCPU that ended it has the status */
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
		[END_GUEST_ENDED] = "guest-ended",
		[END_STOPPED] = "stopped", [END_TIMEOUT] = "timeout", [END_FAULT] = "fault",
		[END_HOST_REFUSED] = "host-refused", [END_VMM_ERROR] = "vmm-error",
	};
	return names[kind];
}

int error_format(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
