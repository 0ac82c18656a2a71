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
const char *hypercall_name(unsigned nr);
/* Port 0x500: an out is a call (AL = number), an in reads the key. */
int hypercall_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);
/* Port 0x501: the fallback IDT's stubs report an unhandled exception. */
int exception_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);
/* The name of exception vector v, e.g. "#GP (general protection)". */
const char *exception_name(unsigned vector);

#endif
