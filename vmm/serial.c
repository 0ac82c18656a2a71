/* serial.c: the 16550A UART at 0x3f8.
 *
 * Output: each byte written to the data register is guest output,
 * handled exactly like HC_PUTCHAR (vcpu_putc: echo, transcript, the
 * output cap), in the stream of the vCPU that wrote it, so an SMP
 * guest's transcript stays per vCPU; on stdout all of it is one stream,
 * the UART's line, in the order it was sent (console.h), as a terminal
 * on the wire shows it. The transmitter is always empty.
 *
 * Input: when the UART is the guest's console (--console, guest.c), it
 * receives the guest's keys (keyboard.c: the script, the terminal or an
 * --expect script) into a FIFO of 16 bytes (1 with FIFOs off). Scripted
 * input stays deterministic as with the keyboard: a key is received only
 * when the guest looks for one (a line-status read with nothing
 * received) or waits for one (hlt with IF=1); live keys are received as
 * they arrive and whenever the guest has read the FIFO empty.
 *
 * Interrupts (IRQ4): received data (IER bit 0) and transmitter empty
 * (IER bit 1), reported in IIR by priority; the line is a level, up while
 * an enabled interrupt is pending, as the chip's INTR pin (OUT2 does not
 * gate it, as in QEMU, whose behaviour xv6 expects). Loopback (MCR bit 4)
 * sends written bytes back to the receiver and MCR's outputs to MSR.
 * Everything the guest writes is masked to the bits the chip has. */
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
#define IER_RX          0x01   /* received data available */
#define IER_TX          0x02   /* transmitter holding register empty */
#define IER_MASK        0x0f
#define IIR_NONE        0x01   /* no interrupt pending */
#define IIR_TX_EMPTY    0x02
#define IIR_RX_DATA     0x04
#define IIR_RX_TIMEOUT  0x0c   /* data below the trigger level (FIFO mode) */
#define IIR_FIFOS_ON    0xc0
#define FCR_ENABLE      0x01
#define FCR_CLEAR_RX    0x02
#define FCR_TRIGGER     0xc0
#define LSR_DATA_READY  0x01
#define LSR_THR_EMPTY   0x20   /* the guest may write the next byte */
#define LSR_TX_IDLE     0x40
#define MCR_MASK        0x1f
#define MCR_LOOP        0x10
#define MSR_CTS_DSR_DCD 0xb0   /* a modem that is always ready */

void uart_init(struct uart *uart, struct keyboard *keys, struct irq_hook irq, int first_vcpu)
{
	*uart = (struct uart){ .keys = keys, .irq = irq, .thr_interrupt = true,
			       .line = { .id = first_vcpu, .shared = true } };
	pthread_mutex_init(&uart->lock, NULL);
}

void uart_close(struct uart *uart)
{
	console_free(&uart->line);
}

static unsigned rx_capacity(const struct uart *uart)
{
	return (uart->fcr & FCR_ENABLE) ? UART_FIFO : 1;
}

static unsigned rx_trigger(const struct uart *uart)
{
	static const unsigned levels[4] = { 1, 4, 8, 14 };
	return levels[uart->fcr >> 6];
}

/* A byte into the receive FIFO; one that finds it full is lost (an overrun). */
static void rx_push(struct uart *uart, uint8_t byte)
{
	if (uart->rx_count < rx_capacity(uart))
		uart->rx[(uart->rx_head + uart->rx_count++) % UART_FIFO] = byte;
}

static uint8_t rx_pop(struct uart *uart)
{
	if (!uart->rx_count)
		return 0;
	uint8_t byte = uart->rx[uart->rx_head];
	uart->rx_head = (uart->rx_head + 1) % UART_FIFO;
	uart->rx_count--;
	return byte;
}

static bool scripted(const struct uart *uart)
{
	return uart->keys && uart->keys->script;
}

/* Receive up to `max` keys from the source while the FIFO has room. In
 * loopback the receiver hears only the transmitter. Caller holds lock. */
static void receive_keys(struct uart *uart, unsigned max)
{
	if (!uart->keys || (uart->mcr & MCR_LOOP))
		return;
	for (unsigned n = 0; n < max && uart->rx_count < rx_capacity(uart); n++) {
		int key = kbd_take_key(uart->keys);
		if (key < 0)
			return;
		rx_push(uart, (uint8_t)key);
	}
}

/* The interrupt the IIR reports now (IIR_NONE: none). */
static uint8_t pending_interrupt(const struct uart *uart)
{
	uint8_t ier = atomic_load(&uart->ier);
	if ((ier & IER_RX) && uart->rx_count)
		return (uart->fcr & FCR_ENABLE) && uart->rx_count < rx_trigger(uart) ? IIR_RX_TIMEOUT : IIR_RX_DATA;
	if ((ier & IER_TX) && uart->thr_interrupt)
		return IIR_TX_EMPTY;
	return IIR_NONE;
}

/* Set IRQ4 to what is pending. Caller holds lock (the hooks take no lock
 * of the UART's, so the order is always UART first). */
static void update_line(struct uart *uart)
{
	bool up = pending_interrupt(uart) != IIR_NONE;
	if (up == uart->line_up || !uart->irq.raise)
		return;
	uart->line_up = up;
	if (up)
		uart->irq.raise(uart->irq.guest, UART_IRQ);
	else
		uart->irq.withdraw(uart->irq.guest, UART_IRQ);
}

static uint8_t modem_status(const struct uart *uart)
{
	if (!(uart->mcr & MCR_LOOP))
		return MSR_CTS_DSR_DCD;
	/* loopback: DTR->DSR, RTS->CTS, OUT1->RI, OUT2->DCD */
	uint8_t mcr = uart->mcr;
	return (uint8_t)(((mcr & 0x01) << 5) | ((mcr & 0x02) << 3) | ((mcr & 0x04) << 4) | ((mcr & 0x08) << 4));
}

static uint8_t uart_read(struct uart *uart, unsigned reg)
{
	bool dlab = uart->lcr & LCR_DLAB;
	uint8_t value;
	switch (reg) {
	case UART_DATA:
		if (dlab)
			return uart->dll;
		value = rx_pop(uart);
		if (!scripted(uart))
			receive_keys(uart, UART_FIFO);    /* live keys move up */
		return value;
	case UART_IER:
		return dlab ? uart->dlm : atomic_load(&uart->ier);
	case UART_IIR_FCR:
		value = pending_interrupt(uart);
		if (value == IIR_TX_EMPTY)
			uart->thr_interrupt = false;      /* reading it acknowledges it */
		return value | ((uart->fcr & FCR_ENABLE) ? IIR_FIFOS_ON : 0);
	case UART_LCR:
		return uart->lcr;
	case UART_MCR:
		return uart->mcr;
	case UART_LSR:
		if (!uart->rx_count && scripted(uart))
			receive_keys(uart, 1);            /* the guest looks for a key */
		return (uart->rx_count ? LSR_DATA_READY : 0) | LSR_THR_EMPTY | LSR_TX_IDLE;
	case UART_MSR:
		return modem_status(uart);
	default:
		return uart->scratch;
	}
}

static void write_fifo_control(struct uart *uart, uint8_t value)
{
	/* Turning the FIFOs on or off empties them, as does the clear bit. */
	if (((value ^ uart->fcr) & FCR_ENABLE) || (value & FCR_CLEAR_RX))
		uart->rx_count = uart->rx_head = 0;
	uart->fcr = value & (FCR_ENABLE | FCR_TRIGGER);
	if (!(uart->fcr & FCR_ENABLE))
		uart->fcr = 0;                    /* the trigger means nothing then */
	if (!scripted(uart))
		receive_keys(uart, UART_FIFO);
}

/* Returns true if the byte is output to transmit. */
static bool uart_write(struct uart *uart, unsigned reg, uint8_t value)
{
	bool dlab = uart->lcr & LCR_DLAB;
	switch (reg) {
	case UART_DATA:
		if (dlab) {
			uart->dll = value;
			return false;
		}
		uart->thr_interrupt = true;       /* sent at once: empty again */
		if (!(uart->mcr & MCR_LOOP))
			return true;
		rx_push(uart, value);
		return false;
	case UART_IER:
		if (dlab) {
			uart->dlm = value;
			break;
		}
		if ((value & IER_TX) && !(atomic_load(&uart->ier) & IER_TX))
			uart->thr_interrupt = true;   /* enabled while empty: pending at once */
		atomic_store(&uart->ier, value & IER_MASK);
		break;
	case UART_IIR_FCR: write_fifo_control(uart, value); break;
	case UART_LCR:     uart->lcr = value; break;
	case UART_MCR:
		uart->mcr = value & MCR_MASK;
		if (!(uart->mcr & MCR_LOOP) && !scripted(uart))
			receive_keys(uart, UART_FIFO);
		break;
	case UART_SCRATCH: uart->scratch = value; break;
	default:           break;     /* LSR, MSR: read-only */
	}
	return false;
}

int serial_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct uart *uart = owner;
	unsigned reg = (unsigned)offset & 7;
	(void)size;
	pthread_mutex_lock(&uart->lock);
	/* Two line-status reads with nothing sent between them: the guest
	 * polls for a key, so show its unfinished line (a prompt). A guest
	 * that prints reads it once per byte and is left alone. */
	bool waiting = !is_write && reg == UART_LSR && uart->polled;
	if (!is_write && reg == UART_LSR)
		uart->polled = true;
	bool transmit = false;
	if (is_write)
		transmit = uart_write(uart, reg, data[0]);
	else
		data[0] = uart_read(uart, reg);
	update_line(uart);
	if (transmit)
		uart->polled = false;
	pthread_mutex_unlock(&uart->lock);
	if (waiting)
		vcpu_flush_output(cpu);
	return transmit ? vcpu_putc_on(cpu, &uart->line, data[0]) : VCPU_CONTINUE;
}

void uart_offer(struct uart *uart)
{
	pthread_mutex_lock(&uart->lock);
	if (!uart->rx_count && scripted(uart))
		receive_keys(uart, 1);
	update_line(uart);
	pthread_mutex_unlock(&uart->lock);
}

void uart_key_arrived(void *opaque, int line)
{
	struct uart *uart = opaque;
	(void)line;
	pthread_mutex_lock(&uart->lock);
	if (!scripted(uart))
		receive_keys(uart, UART_FIFO);
	update_line(uart);
	pthread_mutex_unlock(&uart->lock);
}

bool uart_may_interrupt(struct uart *uart)
{
	return (atomic_load(&uart->ier) & IER_RX) && uart->keys && kbd_may_produce(uart->keys);
}
