/* format.h: the small printf of the freestanding C test kernels (pcos,
 * the Multiboot kernels): %s %c %d %u %x %llx and %%. Header-only, so
 * each kernel's own build stays self-contained; the kernel passes the
 * function that writes one character (turning '\n' into "\r\n" if its
 * console wants that). Unsigned arithmetic stays 32-bit: nothing needs
 * libgcc's 64-bit division. */
#ifndef GUEST_FORMAT_H
#define GUEST_FORMAT_H

#include <stdarg.h>
#include <stdint.h>

static inline void format_unsigned(void (*put)(char), uint32_t v, unsigned base)
{
	char digits[12];
	int n = 0;
	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put(digits[--n]);
}

static inline void format_hex64(void (*put)(char), uint64_t v)
{
	if (!(v >> 32)) {
		format_unsigned(put, (uint32_t)v, 16);
		return;
	}
	format_unsigned(put, (uint32_t)(v >> 32), 16);
	for (int shift = 28; shift >= 0; shift -= 4)
		put("0123456789abcdef"[(v >> shift) & 15]);
}

static inline void format(void (*put)(char), const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			put(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 0: return;                 /* a lone '%' at the end */
		case 'c': put((char)va_arg(ap, int)); break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			for (s = s ? s : "(null)"; *s; s++)
				put(*s);
			break;
		}
		case 'd': {
			int v = va_arg(ap, int);
			if (v < 0)
				put('-'), v = -v;
			format_unsigned(put, (uint32_t)v, 10);
			break;
		}
		case 'u': format_unsigned(put, va_arg(ap, uint32_t), 10); break;
		case 'x': format_unsigned(put, va_arg(ap, uint32_t), 16); break;
		case 'l':                       /* %llx only */
			if (fmt[1] != 'l' || fmt[2] != 'x')
				return;
			fmt += 2;
			format_hex64(put, va_arg(ap, uint64_t));
			break;
		case '%': put('%'); break;
		default: put('?'); break;
		}
	}
}

#endif
