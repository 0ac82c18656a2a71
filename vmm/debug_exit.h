/* debug_exit.h: the debug-exit device at port 0xf4. */
#ifndef MINIKVM_DEBUG_EXIT_H
#define MINIKVM_DEBUG_EXIT_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_DEBUG_EXIT 0xf4

struct vcpu;
/* The process status a write of code ends the run with. */
int debug_exit_status(uint32_t code);
int debug_exit_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);

#endif
