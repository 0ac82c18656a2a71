/* hypercall.h: the port-0x500 hypercall interface (docs/ABI.md). */
#ifndef MINIKVM_HYPERCALL_H
#define MINIKVM_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_HYPERCALL 0x500

enum hypercall_nr {
	HC_EXIT      = 0,   /* original: done, exit code 0        */
	HC_PUTCHAR   = 1,   /* original: print BL                  */
	HC_GETCHAR   = 2,   /* original: next key via in al, dx    */
	HC_EXIT_CODE = 3,   /* extension: done, exit code BL (0-99) */
	HC_COUNT
};

struct vcpu;
/* Bus handler for port 0x500 (owner: the guest's struct keyboard): an
 * out is a call (AL = number), an in reads the next key. */
int hypercall_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
