/* spin.c - loop forever without a single system call.  Only the timer can
 * take the CPU back: run it as `spin &` and the shell still answers. */
#include "ulib.h"

int main(void)
{
    for (volatile unsigned long n = 0;; n++)
        ;
}
