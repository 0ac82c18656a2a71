/* fuzz_uart.c: the 16550 driven by arbitrary guest register accesses
 * interleaved with keys arriving (live, as the terminal or an --expect
 * script gives them). Whatever the guest writes, the receive FIFO never
 * holds more than it can and IRQ4 is up exactly while an enabled
 * interrupt is pending. */
#include <stdlib.h>
#include <string.h>
#include "../serial.h"
#include "fake_vcpu.h"

static int line_level;
static void up(void *guest, int line) { (void)guest, (void)line; line_level = 1; }
static void down(void *guest, int line) { (void)guest, (void)line; line_level = 0; }
static void none(void *guest, int line) { (void)guest, (void)line; }

static void check(const struct uart *uart)
{
	uint8_t ier = atomic_load(&uart->ier);
	bool pending = ((ier & 0x01) && uart->rx_count) || ((ier & 0x02) && uart->thr_interrupt);
	if (uart->rx_count > ((uart->fcr & 1) ? UART_FIFO : 1u) || ier > 0x0f || uart->mcr > 0x1f)
		abort();
	if (pending != uart->line_up || line_level != uart->line_up)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct uart uart;
	static struct keyboard kbd;
	static atomic_int stop;
	struct fuzz_input in = { data, size, 0 };
	struct vcpu *cpu = fake_vcpu_setup(NULL, 0, 1 << 16);
	line_level = 0;
	uart_init(&uart, &kbd, (struct irq_hook){ .raise = up, .withdraw = down }, 0);
	kbd_init(&kbd, NULL, &stop, (struct irq_hook){ .guest = &uart, .raise = uart_key_arrived, .withdraw = none });
	while (in.pos < in.size) {
		uint8_t op = fuzz_u8(&in);
		if (op >= 0xf0) {                            /* keys arrive */
			uint8_t keys[16];
			memset(keys, op, sizeof keys);
			kbd_give_keys_some(&kbd, keys, op & 0x0f);
		} else if (op == 0xef) {
			uart_offer(&uart);
		} else {
			uint8_t value = fuzz_u8(&in);
			serial_io(&uart, cpu, op & 7, 1, op & 0x80, &value);
		}
		check(&uart);
	}
	fake_vcpu_teardown();
	return 0;
}
