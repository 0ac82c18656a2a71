/* uart_input.c: a line from the UART's receiver, interrupt-driven: the
 * receive interrupt enabled (IER bit 0), IRQ4 routed by the caller, the
 * CPU halts until the handler has seen a carriage return or newline. */
#include "pcos.h"

#define COM1     0x3f8
#define IER      1
#define LSR      5
#define IER_RX   0x01
#define LSR_DATA 0x01

static char line[80];
static volatile unsigned length;
static volatile int line_ended;
static volatile unsigned handler_cpu;

unsigned uart_read_line(char *buf, unsigned size, unsigned *taken_by)
{
	length = 0;
	line_ended = 0;
	outb(COM1 + IER, IER_RX);
	wait_until(&line_ended);
	outb(COM1 + IER, 0);
	unsigned n = length < size - 1 ? length : size - 1;
	memcpy(buf, line, n);
	buf[n] = 0;
	*taken_by = handler_cpu;
	return n;
}

void uart_interrupt(void)
{
	handler_cpu = lapic_id();
	while (inb(COM1 + LSR) & LSR_DATA) {
		char c = (char)inb(COM1);
		if (c == '\r' || c == '\n')
			line_ended = 1;
		else if (!line_ended && length < sizeof line)
			line[length++] = c;
	}
}
