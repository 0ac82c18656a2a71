/*
 * ulib.h - the user-space library every 1K OS program links with:
 * system call wrappers, buffered printf, a line editor, string helpers.
 */
#ifndef OS1K_ULIB_H
#define OS1K_ULIB_H

#include "../include/abi.h"

#define NULL ((void *)0)
typedef unsigned long size_t;

/* 64-bit integers on both architectures (`long` is 32 bits on i386), and
 * their printf formats, as in <inttypes.h>: printf("%" PRId64, v). */
typedef long long i64;
typedef unsigned long long u64;
#if __SIZEOF_LONG__ == 8
#define PRId64 "ld"
#else
#define PRId64 "lld"
#endif

/* system calls (abi.h) */
void exit(int code) __attribute__((noreturn));
void putchar(int c);
long write(const void *buf, size_t len);
int getchar(void);
void yield(void);
void sleep_ms(long ms);
int spawn(const char *name, const char *cmdline, int flags);
int wait(int pid);
int kill(int pid);
int getpid(void);
int ps(struct pinfo *buf, int max);
long ticks(void);
int meminfo(struct meminfo *mi);
int vmmap(struct vmentry *buf, int max);
long sbrk(long pages);
void shutdown(int code) __attribute__((noreturn));
void panic_test(void);

/* output (buffered until '\n', a full buffer, or a blocking call);
 * printf knows %d %u %x %s %c %%, with l (and ll where long is 32 bits) */
int printf(const char *fmt, ...);
void puts(const char *s);                  /* with a newline */
void flush(void);

/* input */
int readline(char *buf, int max);           /* line editor: -1 on Ctrl-C */

/* strings */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int isdigit(int c);
int isspace(int c);
int parse_long(const char *s, long *out);   /* whole string, decimal: 0 ok, -1 bad */


#endif
