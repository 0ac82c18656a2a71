/* judy: correct, in C */
#include "minikvm.h"

int main(void)
{
	int c;

	while ((c = kvm_getchar()) != KVM_NO_KEY) {
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		kvm_putchar(c);
	}
	return 0;
}
