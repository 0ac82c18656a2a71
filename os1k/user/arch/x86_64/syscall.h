/*
 * syscall.h (x86-64) - how a user program enters the kernel: `syscall`
 * with the number in RAX, arguments in RDI, RSI, RDX, the result in RAX;
 * the instruction itself clobbers RCX and R11.
 */
static long sys(long n, long a, long b, long c)
{
    long r;
    __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
    return r;
}
