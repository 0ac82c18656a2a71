/* debug_exit.h: the debug-exit device at port 0xf4. */
#ifndef MINIKVM_DEBUG_EXIT_H
#define MINIKVM_DEBUG_EXIT_H

#include <stdbool.h>
#include <stdint.h>
#include "abi.h"

#define PORT_DEBUG_EXIT DEBUG_EXIT_PORT

struct vcpu;
/* The process status a write of code ends the run with. */
int debug_exit_status(uint32_t code);
/* Bus handler (no owner): a write ends the writing vCPU. */
int debug_exit_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
