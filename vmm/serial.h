/* serial.h: a 16550 UART at 0x3f8 (COM1), output only; one per guest. */
#ifndef MINIKVM_SERIAL_H
#define MINIKVM_SERIAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include "abi.h"

#define PORT_SERIAL0 SERIAL0_PORT
#define SERIAL_PORTS 8

struct uart {
	pthread_mutex_t lock;           /* the vCPUs of an SMP guest share it */
	uint8_t ier, lcr, mcr, scratch, dll, dlm;
};

void uart_init(struct uart *uart);
struct vcpu;
/* Bus handler (owner: the struct uart); bytes go to the writing vCPU's output. */
int serial_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
