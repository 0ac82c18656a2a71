/*
 * race.c - two processes, A and B, compete for the CPU.  Each loops until
 * it has been charged 5 timer ticks of CPU time, never yielding and never
 * blocking, so only the timer interrupt can take the CPU away from it.
 * With round-robin scheduling each must be preempted in favour of the
 * other, again and again.
 *
 * The default output is the same on every run: each worker's exit code is
 * how many times it was preempted, and the parent reports whether both
 * were.  `race -v` also shows the interleaving live (one letter each time
 * a worker gets the CPU back) - that part differs from run to run.
 */
#include "ulib.h"

#define NEED_TICKS 5

static struct pinfo *self_info(void)
{
    static struct pinfo p[64];
    int me = getpid(), n = ps(p, 64);
    for (int i = 0; i < n; i++)
        if (p[i].pid == me)
            return &p[i];
    return NULL;
}

static int worker(char letter, int verbose)
{
    long seen_preempted = 0;
    for (;;) {
        for (volatile long i = 0; i < 200000; i++)
            ;                               /* pure ring-3 work */
        struct pinfo *me = self_info();
        if (verbose && me->preempted != seen_preempted) {
            seen_preempted = me->preempted;
            printf("%c", letter);
            flush();
        }
        if (me->cpu_ticks >= NEED_TICKS)
            return me->preempted > 99 ? 99 : (int)me->preempted;
    }
}

int main(int argc, char **argv)
{
    if (argc > 2 && !strcmp(argv[1], "-w"))
        return worker(argv[2][0], argc > 3);
    int verbose = argc > 1 && !strcmp(argv[1], "-v");

    printf("race: A and B each need %d ticks of CPU and never yield\n", NEED_TICKS);
    int a = spawn("race", verbose ? "race -w A v" : "race -w A", 0);
    int b = spawn("race", verbose ? "race -w B v" : "race -w B", 0);
    if (a < 0 || b < 0) {                  /* (spawn() errors are negative) */
        puts("race: cannot start the workers");
        return 1;
    }
    int pa = wait(a), pb = wait(b);
    if (verbose)
        printf("\nrace: A was preempted %d times, B %d times\n", pa, pb);
    printf("race: both finished; A was preempted: %s, B was preempted: %s\n",
           pa > 0 ? "yes" : "no", pb > 0 ? "yes" : "no");
    printf("race: the timer interleaved them: %s\n", pa > 0 && pb > 0 ? "yes" : "NO");
    return 0;
}
