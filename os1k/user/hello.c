/* hello.c - proof that we run in ring 3, in our own address space. */
#include "ulib.h"

int main(void)
{
    unsigned short cs;
    __asm__ volatile("mov %%cs, %0" : "=r"(cs));
    printf("Hello from ring %d! I am process %d; my code is at 0x%lx.\n",
           cs & 3, getpid(), (unsigned long)main);
    return 0;
}
