/* ps.c - list the processes, by pid. */
#include "ulib.h"

static const char *const state_names[] = {
    "free", "ready", "run", "sleep", "getchar", "wait", "zombie",
};

int main(int argc, char **argv)
{
    int verbose = argc > 1 && !strcmp(argv[1], "-v");
    static struct pinfo p[64];
    int n = ps(p, 64);
    for (int i = 1; i < n; i++)             /* insertion sort by pid */
        for (int j = i; j > 0 && p[j - 1].pid > p[j].pid; j--) {
            struct pinfo t = p[j];
            p[j] = p[j - 1];
            p[j - 1] = t;
        }
    printf("  PID  PPID  STATE    PAGES  %sNAME\n", verbose ? "  CPU  PREEMPTED  " : "");
    for (int i = 0; i < n; i++) {
        printf("%5d %5d  %-8s %5ld  ", p[i].pid, p[i].ppid, state_names[p[i].state], p[i].pages);
        if (verbose)
            printf("%5ld  %9ld  ", p[i].cpu_ticks, p[i].preempted);
        printf("%s%s\n", p[i].name, p[i].fg ? " (foreground)" : "");
    }
    return 0;
}
