/* console.c: pcos's output on the 16550 at 0x3F8, polled (the line status
 * register's transmitter-empty bit), a small printf, and the verdict
 * through the debug-exit port. Lines from several CPUs never mix: each
 * printf holds a spinlock. */
#include <stdarg.h>
#include "pcos.h"

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

static void put_string(const char *s)
{
	while (*s) {
		if (*s == '\n')
			putc('\r');
		putc(*s++);
	}
}

static void put_number(uint32_t v, unsigned base)
{
	char digits[12];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		putc(digits[--n]);
}

/* %s %c %d %u %x and %%. */
void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		pause();
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			char one[2] = { *p, 0 };
			put_string(one);
			continue;
		}
		switch (*++p) {
		case 's': put_string(va_arg(ap, const char *)); break;
		case 'c': putc((char)va_arg(ap, int)); break;
		case 'd': {
			int v = va_arg(ap, int);
			if (v < 0)
				putc('-'), v = -v;
			put_number((uint32_t)v, 10);
			break;
		}
		case 'u': put_number(va_arg(ap, uint32_t), 10); break;
		case 'x': put_number(va_arg(ap, uint32_t), 16); break;
		case '%': putc('%'); break;
		default: putc('?'); break;
		}
	}
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
