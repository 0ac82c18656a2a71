/* mkvm.h: the Mini-KVM guest ABI for C guests, 32- or 64-bit (see docs/ABI.md).
 *
 * Everything is a static inline function, so there is nothing to link:
 * include this header, write main(), and build with guests/Makefile.
 * A hypercall is one OUT instruction: the call number in AL, to port 0x500;
 * HC_PUTCHAR and HC_EXIT_CODE also read BL. */
#ifndef MKVM_H
#define MKVM_H

#define MKVM_PORT       0x500
#define HC_EXIT         0
#define HC_PUTCHAR      1
#define HC_GETCHAR      2
#define HC_EXIT_CODE    0x80   /* an extension: extensions start at 0x80 */

/* One hypercall: AL = nr, BL = arg, DX = port. "memory" keeps the compiler
 * from moving memory accesses across it. */
static inline void mkvm_hypercall(unsigned char nr, unsigned char arg)
{
	__asm__ volatile("outb %%al, %%dx"
			 : : "a"(nr), "b"(arg), "d"(MKVM_PORT) : "memory");
}

static inline void mkvm_putchar(char c)
{
	mkvm_hypercall(HC_PUTCHAR, (unsigned char)c);
}

/* The next input byte, or -1 when there is none (0xFF from the VMM). */
static inline int mkvm_getchar(void)
{
	unsigned char c;

	__asm__ volatile("outb %%al, %%dx\n\t"  /* ask for a key */
			 "inb %%dx, %%al"       /* ...and read it */
			 : "=a"(c)
			 : "0"((unsigned char)HC_GETCHAR), "d"(MKVM_PORT)
			 : "memory");
	return c == 0xFF ? -1 : c;
}

/* End the guest with an exit code (0-99). */
static inline __attribute__((noreturn)) void mkvm_exit(int code)
{
	mkvm_hypercall(HC_EXIT_CODE, (unsigned char)code);
	for (;;)
		__asm__ volatile("hlt");
}

/* Print a string (no newline is added). */
static inline void mkvm_puts(const char *s)
{
	while (*s)
		mkvm_putchar(*s++);
}

/* Print an unsigned number in decimal. */
static inline void mkvm_print_uint(unsigned int n)
{
	char digits[10];        /* 2^32 - 1 has 10 digits */
	int count = 0;

	do {
		digits[count++] = (char)('0' + n % 10);
		n /= 10;
	} while (n != 0);
	while (count > 0)
		mkvm_putchar(digits[--count]);
}

/* Print a signed number in decimal. */
static inline void mkvm_print_int(int n)
{
	if (n < 0) {
		mkvm_putchar('-');
		mkvm_print_uint(0u - (unsigned int)n);
	} else {
		mkvm_print_uint((unsigned int)n);
	}
}

/* Print a number as 8 hex digits, e.g. 0x00001000. */
static inline void mkvm_print_hex(unsigned int n)
{
	mkvm_puts("0x");
	for (int shift = 28; shift >= 0; shift -= 4)
		mkvm_putchar("0123456789abcdef"[(n >> shift) & 0xF]);
}

#endif
