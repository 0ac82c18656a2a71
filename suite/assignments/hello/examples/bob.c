/* bob: correct, in C (32-bit protected mode) */
#include "minikvm.h"

int main(void)
{
	kvm_puts("Hello, world!\n");
	return 0;
}
