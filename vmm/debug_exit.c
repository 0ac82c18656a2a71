/* debug_exit.c: the debug-exit device test kernels use to end a run with
 * a verdict. A write of CODE to port 0xf4 (any width; test kernels write
 * 32 bits) ends the guest with process status (CODE << 1) | 1, cut to the
 * 8 bits a process status has. That status is odd, so it never collides
 * with the VMM's own statuses (even, >= 100), and a guest cannot fake a
 * clean 0 through it. By convention 1 = pass (status 3), 3 = fail (7),
 * 77 = skipped (155). Reads return 0xff: nothing is there to read. */
#include <string.h>
#include "debug_exit.h"
#include "vcpu.h"

int debug_exit_status(uint32_t code)
{
	return (int)(((code << 1) | 1) & 0xff);
}

int debug_exit_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	(void)owner, (void)offset;
	if (!is_write)
		return VCPU_CONTINUE;
	uint32_t code = 0;
	memcpy(&code, data, size < sizeof code ? size : sizeof code);   /* little-endian */
	int status = debug_exit_status(code);
	vcpu_end(cpu, END_EXIT, REASON_DEBUG_EXIT, status,
		 END_FIELDS(END_DEC("code", code), END_DEC("status", (unsigned)status)));
	return VCPU_STOP;
}
