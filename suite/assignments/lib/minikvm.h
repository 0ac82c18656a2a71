/* minikvm.h: the Mini-KVM hypercalls (docs/ABI.md) for C submissions.
 * Built with gcc -m32 -ffreestanding; runs in 32-bit protected mode.
 * Your program is `int main(void)`: its return value (0-99) is the exit
 * code. There is no C library: use the functions below. */
#ifndef MINIKVM_H
#define MINIKVM_H

#define HC_PORT 0x500
#define HC_EXIT 0
#define HC_PUTCHAR 1
#define HC_GETCHAR 2
#define HC_EXIT_CODE 0x80

/* No key: what kvm_getchar() returns once the input has ended. */
#define KVM_NO_KEY 0xFF

static inline void kvm_putchar(unsigned char c)
{
	__asm__ volatile("outb %%al, %%dx" : : "a"(HC_PUTCHAR), "b"(c), "d"(HC_PORT));
}

static inline int kvm_getchar(void)
{
	unsigned char c;
	__asm__ volatile("outb %%al, %%dx\n\tinb %%dx, %%al"
			 : "=a"(c) : "a"(HC_GETCHAR), "d"(HC_PORT));
	return c;
}

static inline void kvm_puts(const char *s)
{
	while (*s)
		kvm_putchar((unsigned char)*s++);
}

static inline __attribute__((noreturn)) void kvm_exit(unsigned char code)
{
	__asm__ volatile("outb %%al, %%dx" : : "a"(HC_EXIT_CODE), "b"(code), "d"(HC_PORT));
	for (;;)
		__asm__ volatile("hlt");
}

#endif
