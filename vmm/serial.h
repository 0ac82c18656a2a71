/* serial.h: a 16550A UART at 0x3f8 (COM1), one per guest: output, a
 * receive FIFO fed from the guest's key source when the UART is its
 * console (--console), and IRQ4 for received data and an empty
 * transmitter. */
#ifndef MINIKVM_SERIAL_H
#define MINIKVM_SERIAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include "abi.h"
#include "console.h"
#include "keyboard.h"

#define PORT_SERIAL0 SERIAL0_PORT
#define SERIAL_PORTS 8
#define UART_IRQ     4          /* COM1's ISA line */
#define UART_FIFO    16         /* bytes the receive FIFO holds (1 with FIFOs off) */

struct uart {
	pthread_mutex_t lock;           /* the vCPUs of an SMP guest share it */
	_Atomic uint8_t ier;            /* read lock-free by the idle check */
	uint8_t lcr, mcr, scratch, dll, dlm;
	uint8_t fcr;                    /* FIFO control: bit 0 FIFOs on, bits 6-7 trigger */
	uint8_t rx[UART_FIFO];          /* received bytes not yet read (RBR) */
	unsigned rx_head, rx_count;
	bool thr_interrupt;             /* "transmitter empty" interrupt pending */
	bool line_up;                   /* IRQ4 as last set */
	bool polled;                    /* LSR read since the last byte sent */
	struct keyboard *keys;          /* the key source; NULL: not the console */
	struct irq_hook irq;            /* IRQ4 */
	struct console_stream line;     /* what it sends, as one stream on stdout */
};

/* keys: where received bytes come from (NULL: none ever come);
 * first_vcpu: the number its line is shown with when several guests run. */
void uart_init(struct uart *uart, struct keyboard *keys, struct irq_hook irq, int first_vcpu);
void uart_close(struct uart *uart);
/* The guest waits (hlt with IF=1): under a script, receive the next key. */
void uart_offer(struct uart *uart);
/* A live key waits in the key source (the keyboard's IRQ hook). */
void uart_key_arrived(void *uart, int line);
/* Could IRQ4 still come for received data? Lock-free (the idle check
 * asks with its vCPU's lock held). */
bool uart_may_interrupt(struct uart *uart);

struct vcpu;
/* Bus handler (owner: the struct uart); bytes go to the writing vCPU's
 * output, echoed on the UART's line. */
int serial_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
