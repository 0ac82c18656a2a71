/* hypercall.h: the port-0x500 hypercall interface (docs/ABI.md). */
#ifndef MINIKVM_HYPERCALL_H
#define MINIKVM_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include "abi.h"

/* The numbers (HC_EXIT, HC_PUTCHAR, HC_GETCHAR, HC_EXIT_CODE) are in abi.h;
 * the first three are the original's, HC_EXIT_CODE the extension. */
#define PORT_HYPERCALL HC_PORT
#define HC_COUNT (HC_EXIT_CODE + 1)

struct vcpu;
/* Bus handler for port 0x500 (owner: the guest's struct keyboard): an
 * out is a call (AL = number), an in reads the next key. */
int hypercall_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
