/* hello.c: the first C guest.
 *
 * Shows: a guest in C. It is an ELF32 file; the VMM loads it at 0x1000 and
 * enters _start (start.S) in 32-bit protected mode, which calls main().
 * main()'s return value is the exit code.
 *
 * Run: mini-kvm guests/c32/hello.elf
 * Output: "Hello from C in 32-bit protected mode!\n" and a line saying
 * where main() is. End: `exit 0`. */
#include "mkvm.h"

int main(void)
{
	mkvm_puts("Hello from C in 32-bit protected mode!\n");
	mkvm_puts("main() is at ");
	mkvm_print_hex((unsigned int)&main);
	mkvm_putchar('\n');
	return 0;
}
