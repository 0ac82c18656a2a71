/*
 * hc.c - talking to the VMM: the hypercall port 0x500 (putchar, exit) and
 * the kernel's own console output (kputs, a small kprintf, panic).
 * Each hypercall is an `out` that exits to the VMM (~8 us), so the kernel
 * prints little.
 */
#include "kernel.h"
#include <stdarg.h>

#define HC_PORT      0x500
#define HC_EXIT      0
#define HC_PUTCHAR   1
#define HC_EXIT_CODE 0x80

void hc_putchar(int c)
{
    __asm__ volatile("outb %%al, %%dx" :: "a"(HC_PUTCHAR), "b"(c & 0xFF), "d"(HC_PORT));
}

void hc_exit(int code)
{
    if (code == 0)
        __asm__ volatile("outb %%al, %%dx" :: "a"(HC_EXIT), "d"(HC_PORT));
    else
        __asm__ volatile("outb %%al, %%dx" :: "a"(HC_EXIT_CODE), "b"(code), "d"(HC_PORT));
    for (;;)
        __asm__ volatile("cli; hlt");
}

void kputs(const char *s)
{
    while (*s)
        hc_putchar(*s++);
}

static void put_num(uptr v, int base, int is_signed)
{
    char tmp[24];
    int n = 0;
    if (is_signed && (long)v < 0) {
        hc_putchar('-');
        v = -(long)v;
    }
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        hc_putchar(tmp[--n]);
}

/* Formats: %d (int), %D (long), %x (uptr, printed with 0x), %s, %c, %%. */
void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            hc_putchar(*fmt);
            continue;
        }
        switch (*++fmt) {
        case 'd': put_num((long)va_arg(ap, int), 10, 1); break;
        case 'D': put_num(va_arg(ap, long), 10, 1); break;
        case 'x': kputs("0x"); put_num(va_arg(ap, uptr), 16, 0); break;
        case 's': kputs(va_arg(ap, const char *)); break;
        case 'c': hc_putchar(va_arg(ap, int)); break;
        case '%': hc_putchar('%'); break;
        default:  hc_putchar('?'); break;
        }
    }
    va_end(ap);
}

/* A kernel bug: say so and end the VM with exit code 99. */
void panic(const char *msg)
{
    kprintf("KERNEL PANIC: %s\n", msg);
    hc_exit(99);
}
