/* kill.c - end a process by pid. */
#include "ulib.h"

int main(int argc, char **argv)
{
    long pid;
    if (argc != 2 || parse_long(argv[1], &pid) < 0) {
        puts("usage: kill PID");
        return 1;
    }
    static struct pinfo p[64];
    const char *name = "?";
    int n = ps(p, 64);
    for (int i = 0; i < n; i++)
        if (p[i].pid == pid)
            name = p[i].name;
    int r = kill(pid);
    if (r == -2)
        puts("kill: pid 1 is the shell; use exit");
    else if (r < 0)
        printf("kill: no process %ld\n", pid);
    else
        printf("kill: ended process %ld (%s)\n", pid, name);
    return r < 0;
}
