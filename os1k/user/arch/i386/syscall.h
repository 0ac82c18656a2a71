/*
 * syscall.h (i386) - how a user program enters the kernel: `int 0x80`
 * with the number in EAX, arguments in EBX, ECX, EDX, the result in EAX;
 * every other register is preserved.
 */
static long sys(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("int $0x80" : "=a"(r) : "a"(n), "b"(a), "c"(b), "d"(c) : "memory");
    return r;
}
