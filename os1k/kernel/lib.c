/*
 * lib.c - the few C library functions the kernel needs (GCC may also call
 * memset/memcpy on its own).  The page-sized cases use `rep stosq` /
 * `rep movsq` (`stosl`/`movsl` on i386, arch.h): one instruction for the
 * emulator instead of a loop.
 */
#include "kernel.h"

void *memset(void *d, int c, size_t n)
{
    void *ret = d;
    if ((((uptr)d | n) & (sizeof(uptr) - 1)) == 0) {
        uptr v = (u8)c * (~0UL / 0xFF);     /* the byte in every byte of a word */
        size_t q = n / sizeof(uptr);
        __asm__ volatile(REP_STOS_WORDS : "+D"(d), "+c"(q) : "a"(v) : "memory");
    } else {
        __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    }
    return ret;
}

void *memcpy(void *d, const void *s, size_t n)
{
    void *ret = d;
    if ((((uptr)d | (uptr)s | n) & (sizeof(uptr) - 1)) == 0) {
        size_t q = n / sizeof(uptr);
        __asm__ volatile(REP_MOVS_WORDS : "+D"(d), "+S"(s), "+c"(q) :: "memory");
    } else {
        __asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) :: "memory");
    }
    return ret;
}

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
    return (u8)*a - (u8)*b;
}

/* Copy at most n-1 bytes and always terminate. */
void strlcpy(char *d, const char *s, size_t n)
{
    size_t i = 0;
    for (; i + 1 < n && s[i]; i++)
        d[i] = s[i];
    d[i] = 0;
}
