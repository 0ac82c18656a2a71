/* fib.c - the first N Fibonacci numbers (unsigned 64-bit: N <= 93). */
#include "ulib.h"

int main(int argc, char **argv)
{
    long n = 10;
    if (argc > 1 && (parse_long(argv[1], &n) < 0 || n < 1 || n > 93)) {
        puts("fib: N must be a number from 1 to 93");
        return 1;
    }
    u64 a = 0, b = 1;
    int col = 0;
    for (long i = 0; i < n; i++) {
        char tmp[24];
        int len = 0;
        for (u64 v = a; len == 0 || v; v /= 10)
            tmp[len++] = '0' + v % 10;
        if (col && col + 1 + len > 72) {    /* wrap long lines */
            printf("\n");
            col = 0;
        }
        if (col)
            printf(" "), col++;
        while (len)
            printf("%c", tmp[--len]), col++;
        u64 t = a + b;
        a = b;
        b = t;
    }
    printf("\n");
    return 0;
}
