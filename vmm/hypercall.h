/* hypercall.h: the port-0x500 hypercall interface (docs/ABI.md). */
#ifndef MINIKVM_HYPERCALL_H
#define MINIKVM_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "abi.h"

/* The numbers are in abi.h: 0-2 the original's, 3-0x7F never defined
 * (an original guest's call there stops its vCPU, as in the original),
 * HC_FIRST_EXTENSION and up this project's (unknown ones are faults). */
#define PORT_HYPERCALL HC_PORT
#define HC_NUMBERS 256       /* AL: every number has a slot in the table */

struct vcpu;
/* Bus handler for port 0x500 (owner: the guest's struct keyboard): an
 * out is a call (AL = number), an in reads the next key. */
int hypercall_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
