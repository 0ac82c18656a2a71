/* console.c: pcos's output on the 16550 at 0x3F8, polled (the line status
 * register's transmitter-empty bit), a small printf, and the verdict
 * through the debug-exit port. Lines from several CPUs never mix: each
 * printf holds a spinlock. */
#include <stdarg.h>
#include "pcos.h"
#include "../include/format.h"

#define COM1          0x3f8
#define LSR           5
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT    0xf4

static volatile int console_lock;

void console_init(void)
{
	outb(COM1 + 3, 0x80);         /* DLAB: 115200 baud */
	outb(COM1 + 0, 1);
	outb(COM1 + 1, 0);
	outb(COM1 + 3, 0x03);         /* 8N1 */
	outb(COM1 + 1, 0);            /* no interrupts until uart_input asks */
}

static void putc(char c)
{
	while (!(inb(COM1 + LSR) & LSR_THR_EMPTY))
		pause();
	outb(COM1, (uint8_t)c);
}

/* One character of a line: '\n' goes out as "\r\n". */
static void put_char(char c)
{
	if (c == '\n')
		putc('\r');
	putc(c);
}

/* format.h's %s %c %d %u %x %llx and %%, one CPU at a time. */
void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		pause();
	format(put_char, fmt, ap);
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
	va_end(ap);
}

void finish(int verdict)
{
	printf("%s\n", verdict == VERDICT_PASS ? "PASS" : "FAIL");
	outl(DEBUG_EXIT, (uint32_t)verdict);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void fail(const char *why)
{
	printf("FAIL: %s\n", why);
	finish(VERDICT_FAIL);
}

void *memset(void *dst, int c, uint32_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

void *memcpy(void *dst, const void *src, uint32_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, uint32_t n)
{
	const uint8_t *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}
