/* fault.c - crash on purpose, to show the kernel killing just this process. */
#include "ulib.h"

#pragma GCC diagnostic ignored "-Winfinite-recursion"
static int depth(int n)
{
    volatile char pad[256];
    pad[0] = n;
    return depth(n + 1) + pad[0];           /* never returns: overflows the stack */
}

int main(int argc, char **argv)
{
    const char *kind = argc > 1 ? argv[1] : "pf";
    if (!strcmp(kind, "pf")) {
        puts("fault: writing to address 0 (nothing is mapped there)");
        *(volatile int *)0 = 42;
    } else if (!strcmp(kind, "wp")) {
        puts("fault: writing to my own code (mapped read-only)");
        *(volatile char *)main = 0;
    } else if (!strcmp(kind, "gp")) {
        puts("fault: executing cli (privileged) in ring 3");
        __asm__ volatile("cli");
    } else if (!strcmp(kind, "ud")) {
        puts("fault: executing ud2 (an undefined instruction)");
        __asm__ volatile("ud2");
    } else if (!strcmp(kind, "de")) {
        puts("fault: dividing by zero");
        volatile int num = 100, zero = 0;
        printf("%d\n", num / zero);
    } else if (!strcmp(kind, "io")) {
        puts("fault: writing to the hypercall port 0x500 from ring 3");
        __asm__ volatile("outb %%al, %%dx" :: "a"(0), "d"(0x500));
    } else if (!strcmp(kind, "stack")) {
        puts("fault: recursing until the stack runs out");
        depth(0);
    } else if (!strcmp(kind, "kernel")) {
        puts("fault: asking the kernel to fault (this ends the VM)");
        panic_test();
    } else {
        printf("fault: unknown kind '%s' (pf wp gp ud de io stack kernel)\n", kind);
        return 1;
    }
    puts("fault: still alive?!");
    return 1;
}
