/*
 * sh.c - the shell: read a line with the line editor, run the program it
 * names as a new process, wait for it.  `CMD &` runs it in the background
 * (the shell does not wait; `ps` and `kill` manage it).  Ctrl-C, handled by
 * the kernel's keyboard driver, kills the foreground job.
 */
#include "ulib.h"

static const char *const help_text[] = {
    "built-in commands:",
    "  help              this list",
    "  shutdown [CODE]   power off the VM with exit code CODE (default 0)",
    "  exit [CODE]       the same; in a nested shell, return to the outer one",
    "  kill PID          end a process (built in, so it works when memory is full)",
    "programs (each runs as a ring-3 process with its own address space):",
    "  echo ARGS...      print the arguments",
    "  hello             greetings from ring 3: pid and privilege level",
    "  calc [EXPR]       integer calculator: + - * / % ( ); no EXPR: interactive",
    "  fib [N]           the first N Fibonacci numbers (default 10, at most 93)",
    "  primes [N]        the primes up to N (default 100, at most 100000)",
    "  sort [N...]       sort numbers (none given: 16 pseudo-random ones)",
    "  mem [PAGES]       memory use and this process's page table (grow heap first)",
    "  ps [-v]           list processes (-v: CPU ticks and preemptions)",
    "  sleep [SECS]      sleep on the timer, printing each second (default 1)",
    "  race [-v]         two busy processes share the CPU (preemptive scheduler)",
    "  fault [KIND]      crash on purpose: pf wp gp ud de io stack, or kernel",
    "  spin              loop forever: try 'spin &' then 'ps' and 'kill PID',",
    "                    or 'spin' then Ctrl-C",
    "  sh                a nested shell ('exit' returns)",
    "CMD & runs CMD in the background; Ctrl-C stops the foreground job;",
    "line editing: Backspace, Ctrl-U (erase line), Ctrl-C (cancel line).",
    NULL,
};

/* kill is built in: it needs no new process, so it works even when memory
 * is too full to start one. */
static void builtin_kill(const char *arg)
{
    static struct pinfo p[32];
    long pid;
    if (parse_long(arg, &pid) < 0) {
        puts("usage: kill PID");
        return;
    }
    const char *name = "?";
    int n = ps(p, 32);
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
}

static char *skip_spaces(char *s)
{
    while (isspace(*s))
        s++;
    return s;
}

static void run(char *line)
{
    line = skip_spaces(line);
    int n = strlen(line);
    while (n > 0 && isspace(line[n - 1]))
        line[--n] = 0;
    if (n == 0)
        return;
    int bg = 0;
    if (line[n - 1] == '&') {
        bg = 1;
        line[--n] = 0;
        while (n > 0 && isspace(line[n - 1]))
            line[--n] = 0;
        if (n == 0) {
            puts("sh: nothing to run in the background");
            return;
        }
    }

    char cmd[16];
    int i = 0;
    while (line[i] && !isspace(line[i]) && i < 15) {
        cmd[i] = line[i];
        i++;
    }
    cmd[i] = 0;
    if (line[i] && !isspace(line[i])) {
        printf("sh: %s...: command not found (try 'help')\n", cmd);
        return;
    }
    char *arg = skip_spaces(line + i);

    if (!strcmp(cmd, "help")) {
        for (const char *const *h = help_text; *h; h++)
            puts(*h);
        return;
    }
    if (!strcmp(cmd, "kill")) {
        builtin_kill(arg);
        return;
    }
    if (!strcmp(cmd, "shutdown") || !strcmp(cmd, "exit")) {
        long code = 0;
        if (*arg && (parse_long(arg, &code) < 0 || code < 0 || code > 99)) {
            printf("sh: %s: exit code must be 0..99\n", cmd);
            return;
        }
        if (!strcmp(cmd, "exit") && getpid() != 1)
            exit(code);                     /* a nested shell just ends */
        puts("shutting down");
        shutdown(code);
    }

    /* foreground: spawn() returns when the job has ended, with its exit code */
    int r = spawn(cmd, line, bg ? SPAWN_BG : SPAWN_FG);
    if (r == SPAWN_NOTFOUND)
        printf("sh: %s: command not found (try 'help')\n", cmd);
    else if (r == SPAWN_NOMEM)
        printf("sh: %s: cannot start: out of memory\n", cmd);
    else if (r == SPAWN_BADARG)
        printf("sh: %s: cannot start: bad command line\n", cmd);
    else if (bg)
        printf("[%d] %s running in the background\n", r, cmd);
}

int main(void)
{
    char line[128];
    for (;;) {
        printf("1k$ ");
        if (readline(line, sizeof(line)) >= 0)
            run(line);
    }
}
