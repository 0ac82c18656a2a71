/* serial.c: the 16550 UART at 0x3f8, as much of it as a guest needs to
 * print by polling: the line status register always says the transmitter
 * is empty, and each byte written to the data register is guest output,
 * handled exactly like HC_PUTCHAR (vcpu_putc: echo, transcript, the
 * output cap). The byte goes to the stream of the vCPU that wrote it, so
 * an SMP guest's transcript stays per vCPU and deterministic. There is no
 * input and no interrupt (IIR says none pending). The divisor latch, IER,
 * LCR, MCR and scratch register keep what the guest writes, because
 * drivers read them back; state is per guest, under a lock, since the
 * vCPUs of an SMP guest share the UART. */
#include "serial.h"
#include "vcpu.h"

enum uart_register {           /* offsets from 0x3f8 (DLAB = LCR bit 7) */
	UART_DATA = 0,         /* THR on write, RBR on read; DLL when DLAB */
	UART_IER = 1,          /* interrupt enable; DLM when DLAB */
	UART_IIR_FCR = 2,      /* IIR on read, FIFO control on write */
	UART_LCR = 3,
	UART_MCR = 4,
	UART_LSR = 5,
	UART_MSR = 6,
	UART_SCRATCH = 7,
};

#define LCR_DLAB        0x80
#define LSR_THR_EMPTY   0x20   /* the guest may write the next byte */
#define LSR_TX_IDLE     0x40
#define IIR_NONE        0x01   /* no interrupt pending */
#define MSR_CTS_DSR_DCD 0xb0   /* a modem that is always ready */

void uart_init(struct uart *uart)
{
	*uart = (struct uart){ 0 };
	pthread_mutex_init(&uart->lock, NULL);
}

static uint8_t uart_read(const struct uart *uart, unsigned reg)
{
	bool dlab = uart->lcr & LCR_DLAB;
	switch (reg) {
	case UART_DATA:    return dlab ? uart->dll : 0;       /* no input */
	case UART_IER:     return dlab ? uart->dlm : uart->ier;
	case UART_IIR_FCR: return IIR_NONE;
	case UART_LCR:     return uart->lcr;
	case UART_MCR:     return uart->mcr;
	case UART_LSR:     return LSR_THR_EMPTY | LSR_TX_IDLE;
	case UART_MSR:     return MSR_CTS_DSR_DCD;
	default:           return uart->scratch;
	}
}

/* Returns true if the byte is output to transmit. */
static bool uart_write(struct uart *uart, unsigned reg, uint8_t value)
{
	bool dlab = uart->lcr & LCR_DLAB;
	switch (reg) {
	case UART_DATA:
		if (!dlab)
			return true;
		uart->dll = value;
		break;
	case UART_IER:
		if (dlab)
			uart->dlm = value;
		else
			uart->ier = value & 0x0f;
		break;
	case UART_LCR:     uart->lcr = value; break;
	case UART_MCR:     uart->mcr = value & 0x1f; break;
	case UART_SCRATCH: uart->scratch = value; break;
	default:           break;     /* FCR, LSR, MSR: nothing to keep */
	}
	return false;
}

int serial_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct uart *uart = owner;
	unsigned reg = (unsigned)offset & 7;
	(void)size;
	pthread_mutex_lock(&uart->lock);
	bool transmit = false;
	if (is_write)
		transmit = uart_write(uart, reg, data[0]);
	else
		data[0] = uart_read(uart, reg);
	pthread_mutex_unlock(&uart->lock);
	return transmit ? vcpu_putc(cpu, data[0]) : VCPU_CONTINUE;
}
