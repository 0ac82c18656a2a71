/* hello.c: the first C guest.
 *
 * Shows: a guest in C. It is an ELF32 file; the VMM loads it at 0x1000 and
 * enters _start (start.S) in 32-bit protected mode, which calls main().
 * main()'s return value is the exit code.
 *
 * Run: mini-kvm guests/c32/hello.elf
 * Output: "Hello from C in 32-bit protected mode!\n" and
 *         "entered at _start = 0x00001000\n" (the address c32.ld gives it).
 * End: `exit 0`. */
#include "mkvm.h"

extern char _start[];   /* defined in start.S; only its address is used */

int main(void)
{
	mkvm_puts("Hello from C in 32-bit protected mode!\n");
	mkvm_puts("entered at _start = ");
	mkvm_print_hex((unsigned int)_start);
	mkvm_putchar('\n');
	return 0;
}
