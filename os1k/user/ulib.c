/*
 * ulib.c - the user-space library: system call stubs, printf into a line
 * buffer, the line editor (echo, backspace, Ctrl-U, Ctrl-C), and the
 * startup code that splits the command line into argv.
 * All of this runs in ring 3, natively - the fast side of a kvm-pvm host -
 * so work is done here rather than in the kernel where we can.
 */
#include "ulib.h"
#include <stdarg.h>

/* sys(number, a, b, c): one system call (user/arch/<arch>/syscall.h). */
#include "syscall.h"

/* ---- output buffer: one write() per line instead of one per byte ---- */
static char obuf[256];
static int olen;

void flush(void)
{
    if (olen)
        sys(SYS_WRITE, (long)obuf, olen, 0);
    olen = 0;
}

static void out(char c)
{
    obuf[olen++] = c;
    if (c == '\n' || olen == sizeof(obuf))
        flush();
}

/* ---- system calls ---- */
void exit(int code)           { flush(); sys(SYS_EXIT, code, 0, 0); for (;;) ; }
void putchar(int c)           { out(c); }
long write(const void *b, size_t n) { flush(); return sys(SYS_WRITE, (long)b, n, 0); }
int getchar(void)             { flush(); return sys(SYS_GETCHAR, 0, 0, 0); }
void yield(void)              { flush(); sys(SYS_YIELD, 0, 0, 0); }
void sleep_ms(long ms)        { flush(); sys(SYS_SLEEP, ms, 0, 0); }
int spawn(const char *n, const char *cl, int f) { flush(); return sys(SYS_SPAWN, (long)n, (long)cl, f); }
int wait(int pid)             { flush(); return sys(SYS_WAIT, pid, 0, 0); }
int kill(int pid)             { flush(); return sys(SYS_KILL, pid, 0, 0); }
int getpid(void)              { return sys(SYS_GETPID, 0, 0, 0); }
int ps(struct pinfo *b, int max) { return sys(SYS_PS, (long)b, max, 0); }
long ticks(void)              { return sys(SYS_TICKS, 0, 0, 0); }
int meminfo(struct meminfo *m) { return sys(SYS_MEMINFO, (long)m, 0, 0); }
int vmmap(struct vmentry *b, int max) { return sys(SYS_VMMAP, (long)b, max, 0); }
long sbrk(long pages)         { return sys(SYS_SBRK, pages, 0, 0); }
void shutdown(int code)       { flush(); sys(SYS_SHUTDOWN, code, 0, 0); for (;;) ; }
void panic_test(void)         { flush(); sys(SYS_PANIC, 0, 0, 0); }

/* ---- printf: %d %u %x %s %c %%, with l, width, '-' and '0' ---- */

/* ll (64 bits) is needed, and understood, only where long is shorter. */
#define LL_FORMAT (sizeof(long) < sizeof(i64))

static void out_num(u64 v, int base, int neg, int width, int left, char pad)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (neg)
        tmp[n++] = '-';
    int len = n;
    if (neg && pad == '0') {                /* "-007": the sign goes first */
        out('-');
        n--;
    }
    for (int i = len; !left && i < width; i++)
        out(pad);
    while (n)
        out(tmp[--n]);
    for (int i = len; left && i < width; i++)
        out(' ');
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            out(*fmt);
            continue;
        }
        int left = 0, width = 0, lng = 0;
        char pad = ' ';
        fmt++;
        if (*fmt == '-')
            left = 1, fmt++;
        if (*fmt == '0')
            pad = '0', fmt++;
        while (isdigit(*fmt))
            width = width * 10 + (*fmt++ - '0');
        if (*fmt == 'l')
            lng = 1, fmt++;
        if (LL_FORMAT && *fmt == 'l')
            lng = 2, fmt++;
        switch (*fmt) {
        case 'd': {
            i64 v = (LL_FORMAT && lng == 2) ? va_arg(ap, i64) : lng ? va_arg(ap, long) : va_arg(ap, int);
            out_num(v < 0 ? -(u64)v : (u64)v, 10, v < 0, width, left, pad);
            break;
        }
        case 'u':
            out_num((LL_FORMAT && lng == 2) ? va_arg(ap, u64) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned),
                    10, 0, width, left, pad);
            break;
        case 'x':
            out_num((LL_FORMAT && lng == 2) ? va_arg(ap, u64) : lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned),
                    16, 0, width, left, pad);
            break;
        case 'c':
            out(va_arg(ap, int));
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = strlen(s);
            for (int i = n; !left && i < width; i++)
                out(' ');
            while (*s)
                out(*s++);
            for (int i = n; left && i < width; i++)
                out(' ');
            break;
        }
        case '%':
            out('%');
            break;
        default:
            out('%');
            out(*fmt);
        }
    }
    va_end(ap);
    return 0;
}

void puts(const char *s)
{
    while (*s)
        out(*s++);
    out('\n');
}

/* ---- the line editor ---- */
int readline(char *buf, int max)
{
    static int last_cr;                     /* swallow the \n of a \r\n pair */
    int n = 0;
    for (;;) {
        int c = getchar();
        if (c < 0) {                        /* no keyboard for us (background job) */
            buf[0] = 0;
            return -1;
        }
        if (c == '\n' && last_cr) {
            last_cr = 0;
            continue;
        }
        last_cr = (c == '\r');
        if (c == '\r' || c == '\n') {
            out('\n');
            buf[n] = 0;
            return n;
        }
        if (c == 8 || c == 127) {           /* backspace / delete: erase one */
            if (n > 0) {
                n--;
                printf("\b \b");
                flush();
            }
        } else if (c == 21) {               /* Ctrl-U: erase the whole line */
            for (; n > 0; n--)
                printf("\b \b");
            flush();
        } else if (c == 3) {                /* Ctrl-C: abandon the line */
            printf("^C\n");
            buf[0] = 0;
            return -1;
        } else if (c >= 32 && c < 127 && n < max - 1) {
            buf[n++] = c;
            out(c);
            flush();
        }
    }
}

/* ---- strings ---- */
size_t strlen(const char *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n; n--, a++, b++) {
        if (*a != *b)
            return (unsigned char)*a - (unsigned char)*b;
        if (!*a)
            return 0;
    }
    return 0;
}

void *memset(void *d, int c, size_t n)
{
    char *p = d;
    while (n--)
        *p++ = c;
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    char *p = d;
    const char *q = s;
    while (n--)
        *p++ = *q++;
    return d;
}

int isdigit(int c) { return c >= '0' && c <= '9'; }
int isspace(int c) { return c == ' ' || c == '\t'; }

/* v * 10 + 9 must still fit in a long (64 or 32 bits). */
#define PARSE_LIMIT (sizeof(long) == 8 ? 100000000000000000L : 100000000L)

int parse_long(const char *s, long *out)
{
    long v = 0;
    int neg = 0;
    if (*s == '-')
        neg = 1, s++;
    if (!isdigit(*s))
        return -1;
    while (isdigit(*s)) {
        if (v > PARSE_LIMIT)
            return -1;                      /* too big: refuse rather than overflow */
        v = v * 10 + (*s++ - '0');
    }
    if (*s)
        return -1;
    *out = neg ? -v : v;
    return 0;
}

/* ---- startup: split the command line, call main, exit with its result ---- */
int main(int argc, char **argv);
void __start_c(char *cmdline);
void __start_c(char *cmdline)
{
    char *argv[17];
    int argc = 0;
    char *s = cmdline;
    while (*s && argc < 16) {
        while (isspace(*s))
            *s++ = 0;
        if (!*s)
            break;
        argv[argc++] = s;
        while (*s && !isspace(*s))
            s++;
    }
    argv[argc] = NULL;
    exit(main(argc, argv));
}
