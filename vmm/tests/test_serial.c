/* tests/test_serial.c: the 16550's receive side without KVM: live keys
 * into the FIFO and IRQ4 as a level, FIFO control and trigger levels,
 * the transmitter-empty interrupt and its priority, scripted keys handed
 * over only when the guest looks or waits, loopback, and registers that
 * keep only the bits the chip has. */
#include <stdlib.h>
#include <string.h>
#include "../serial.h"
#include "fuzz/fake_vcpu.h"
#include "tests.h"

enum { DATA, IER, IIR, LCR, MCR, LSR, MSR, SCR };
#define FCR IIR

static struct uart uart;
static struct keyboard kbd;
static struct input_script script;
static atomic_int stop;
static struct vcpu *cpu;
static int line_level = -1, line_changes;

static void line_up(void *guest, int line) { (void)guest; CU_ASSERT_EQUAL(line, 4); line_level = 1, line_changes++; }
static void line_down(void *guest, int line) { (void)guest; CU_ASSERT_EQUAL(line, 4); line_level = 0, line_changes++; }
static void no_line(void *guest, int line) { (void)guest, (void)line; }

static uint8_t in(unsigned reg)
{
	uint8_t value = 0xee;
	CU_ASSERT_EQUAL(serial_io(&uart, cpu, reg, 1, false, &value), VCPU_CONTINUE);
	return value;
}

static void out(unsigned reg, uint8_t value)
{
	CU_ASSERT_EQUAL(serial_io(&uart, cpu, reg, 1, true, &value), VCPU_CONTINUE);
}

/* A UART whose keys come from the terminal's ring (live) or from text (scripted). */
static void setup(const char *scripted)
{
	cpu = fake_vcpu_setup(NULL, 0, 1000);
	memset(&script, 0, sizeof script);
	if (scripted) {
		script.buf = (uint8_t *)strdup(scripted);
		script.len = script.cap = strlen(scripted);
		script.fd = -1;
		pthread_mutex_init(&script.lock, NULL);
	}
	uart_init(&uart, &kbd, (struct irq_hook){ .raise = line_up, .withdraw = line_down }, 0);
	kbd_init(&kbd, scripted ? &script : NULL, &stop,
		 (struct irq_hook){ .guest = &uart, .raise = uart_key_arrived, .withdraw = no_line });
	line_level = -1, line_changes = 0;
}

static void teardown(void)
{
	free(script.buf);
	memset(&script, 0, sizeof script);
	fake_vcpu_teardown();
}

static void test_live_keys_and_irq4(void)
{
	setup(NULL);
	CU_ASSERT_EQUAL(in(LSR), 0x60);                 /* nothing received, transmitter empty */
	CU_ASSERT_EQUAL(in(IIR), 0x01);
	out(IER, 0x01);
	CU_ASSERT_EQUAL(line_level, -1);                /* nothing pending: the line never moved */
	kbd_give_keys(&kbd, (const uint8_t *)"abc", 3);
	CU_ASSERT_EQUAL(line_level, 1);
	CU_ASSERT_EQUAL(in(LSR), 0x61);
	CU_ASSERT_EQUAL(in(IIR), 0x04);                 /* received data; FIFOs off: no 0xc0 */
	CU_ASSERT_EQUAL(in(DATA), 'a');                 /* FIFOs off: one byte held, the next moves up */
	CU_ASSERT_EQUAL(in(DATA), 'b');
	CU_ASSERT_EQUAL(line_level, 1);
	CU_ASSERT_EQUAL(in(DATA), 'c');
	CU_ASSERT_EQUAL(line_level, 0);
	CU_ASSERT_EQUAL(in(LSR), 0x60);
	CU_ASSERT_EQUAL(in(DATA), 0);                   /* an empty receiver reads 0 */
	CU_ASSERT_EQUAL(line_changes, 2);
	CU_ASSERT(uart_may_interrupt(&uart));           /* the terminal may still type */
	kbd_end_live(&kbd);
	CU_ASSERT(!uart_may_interrupt(&uart));
	teardown();
}

static void test_fifo_and_trigger(void)
{
	setup(NULL);
	out(FCR, 0x87);                                 /* FIFOs on, cleared, trigger 8 */
	out(IER, 0x01);
	uint8_t keys[20];
	for (int i = 0; i < 20; i++)
		keys[i] = (uint8_t)('A' + i);
	kbd_give_keys(&kbd, keys, 5);
	CU_ASSERT_EQUAL(in(IIR), 0xcc);                 /* 5 < 8: the timeout indication */
	kbd_give_keys(&kbd, keys + 5, 15);
	CU_ASSERT_EQUAL(in(IIR), 0xc4);                 /* 16 held: at the trigger */
	for (int i = 0; i < 20; i++)                    /* the 4 that waited follow in order */
		CU_ASSERT_EQUAL(in(DATA), 'A' + i);
	CU_ASSERT_EQUAL(in(IIR), 0xc1);
	kbd_give_keys(&kbd, keys, 3);
	out(FCR, 0x03);                                 /* clear the receive FIFO */
	CU_ASSERT_EQUAL(in(LSR), 0x60);
	out(FCR, 0x00);                                 /* FIFOs off: IIR says so */
	CU_ASSERT_EQUAL(in(IIR), 0x01);
	teardown();
}

static void test_transmitter_interrupt(void)
{
	setup(NULL);
	out(IER, 0x02);                                 /* enabled while empty: pending at once */
	CU_ASSERT_EQUAL(line_level, 1);
	CU_ASSERT_EQUAL(in(IIR), 0x02);                 /* reading it acknowledges it */
	CU_ASSERT_EQUAL(line_level, 0);
	CU_ASSERT_EQUAL(in(IIR), 0x01);
	out(DATA, 'x');                                 /* sent at once: empty again */
	CU_ASSERT_EQUAL(cpu->out.total, 1);
	CU_ASSERT_EQUAL(line_level, 1);
	out(IER, 0x03);
	kbd_give_keys(&kbd, (const uint8_t *)"k", 1);
	CU_ASSERT_EQUAL(in(IIR), 0x04);                 /* received data comes first */
	CU_ASSERT_EQUAL(in(DATA), 'k');
	CU_ASSERT_EQUAL(in(IIR), 0x02);
	CU_ASSERT_EQUAL(line_level, 0);
	teardown();
}

static void test_scripted_keys_wait_to_be_asked(void)
{
	setup("xyz");
	out(IER, 0x01);
	CU_ASSERT_EQUAL(line_level, -1);                /* nothing offered before it looks */
	CU_ASSERT_EQUAL(in(DATA), 0);                   /* a data read does not ask */
	CU_ASSERT_EQUAL(in(LSR), 0x61);                 /* a status read does: one key */
	CU_ASSERT_EQUAL(line_level, 1);
	CU_ASSERT_EQUAL(in(LSR), 0x61);                 /* still that one */
	CU_ASSERT_EQUAL(in(DATA), 'x');
	CU_ASSERT_EQUAL(line_level, 0);
	uart_offer(&uart);                              /* the guest halts: the next one, IRQ4 */
	CU_ASSERT_EQUAL(line_level, 1);
	CU_ASSERT_EQUAL(in(DATA), 'y');
	CU_ASSERT(uart_may_interrupt(&uart));
	CU_ASSERT_EQUAL(in(LSR), 0x61);
	CU_ASSERT_EQUAL(in(DATA), 'z');
	CU_ASSERT_EQUAL(in(LSR), 0x60);                 /* the script has ended */
	CU_ASSERT(!uart_may_interrupt(&uart));
	teardown();
}

static void test_loopback_and_masks(void)
{
	setup(NULL);
	CU_ASSERT_EQUAL(in(MSR), 0xb0);                 /* CTS, DSR, DCD */
	out(MCR, 0xff);
	CU_ASSERT_EQUAL(in(MCR), 0x1f);
	out(MCR, 0x1a);                                 /* loop, RTS, OUT2 */
	CU_ASSERT_EQUAL(in(MSR), 0x90);                 /* CTS and DCD, as Linux's probe checks */
	kbd_give_keys(&kbd, (const uint8_t *)"k", 1);   /* the line is cut off in loopback */
	out(DATA, 'Q');
	CU_ASSERT_EQUAL(cpu->out.total, 0);             /* not output ... */
	CU_ASSERT_EQUAL(in(DATA), 'Q');                 /* ... received */
	out(MCR, 0x0b);                                 /* back on the line: the key arrives */
	CU_ASSERT_EQUAL(in(DATA), 'k');
	out(IER, 0xff);
	CU_ASSERT_EQUAL(in(IER), 0x0f);
	out(LCR, 0x83);                                 /* DLAB: the divisor latch */
	out(DATA, 0x0c);
	out(IER, 0x00);
	CU_ASSERT_EQUAL(in(DATA), 0x0c);
	CU_ASSERT_EQUAL(in(IER), 0x00);
	out(LCR, 0x03);
	CU_ASSERT_EQUAL(in(IER), 0x0f);                 /* IER kept apart from DLM */
	out(SCR, 0x5a);
	CU_ASSERT_EQUAL(in(SCR), 0x5a);
	out(LSR, 0x00);                                 /* read-only */
	CU_ASSERT_EQUAL(in(LSR), 0x60);
	teardown();
}

static void test_no_console(void)
{
	setup(NULL);
	uart_init(&uart, NULL, (struct irq_hook){ .raise = line_up, .withdraw = line_down }, 0);
	out(IER, 0x01);
	CU_ASSERT_EQUAL(in(LSR), 0x60);
	uart_offer(&uart);
	CU_ASSERT_EQUAL(in(LSR), 0x60);
	CU_ASSERT(!uart_may_interrupt(&uart));
	teardown();
}

CU_pSuite add_serial_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_live_keys_and_irq4), TEST(test_fifo_and_trigger), TEST(test_transmitter_interrupt),
		TEST(test_scripted_keys_wait_to_be_asked), TEST(test_loopback_and_masks), TEST(test_no_console),
	};
	return ADD_SUITE("serial", NULL, NULL, tests);
}
