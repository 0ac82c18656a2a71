/* sleep.c - the timer demo: sleep N seconds in 1-second steps. */
#include "ulib.h"

int main(int argc, char **argv)
{
    long secs = 1;
    if (argc > 1 && (parse_long(argv[1], &secs) < 0 || secs < 1 || secs > 60)) {
        puts("sleep: SECS must be a number from 1 to 60");
        return 1;
    }
    long start = ticks();
    for (long i = 1; i <= secs; i++) {
        sleep_ms(1000);
        printf("%ld s\n", i);
    }
    long elapsed = ticks() - start;
    /* elapsed varies a little from run to run; the bound does not */
    printf("slept %ld s: at least %ld timer ticks went by: %s\n", secs, secs * HZ,
           elapsed >= secs * HZ ? "yes" : "NO");
    return 0;
}
