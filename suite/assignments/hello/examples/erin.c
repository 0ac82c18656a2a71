/* erin: prints the greeting, then loads an empty interrupt table and runs
 * an invalid instruction (ud2): #UD cannot be delivered, nor #GP, nor #DF:
 * a triple fault. */
#include "minikvm.h"

struct idt_pointer {
	unsigned short limit;
	unsigned int base;
} __attribute__((packed));

int main(void)
{
	static const struct idt_pointer empty = { 0, 0 };

	kvm_puts("Hello, world!\n");
	__asm__ volatile("lidt %0\n\tud2" : : "m"(empty));
	return 0;
}
