/* serial.h: a 16550 UART at 0x3f8 (COM1), output only. */
#ifndef MINIKVM_SERIAL_H
#define MINIKVM_SERIAL_H

#include <stdbool.h>
#include <stdint.h>

#define PORT_SERIAL0 0x3f8
#define SERIAL_PORTS 8

struct vcpu;
int serial_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);

#endif
