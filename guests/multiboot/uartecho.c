/* uartecho.c: a Multiboot kernel that reads its console, the 16550 UART
 * (mini-kvm's console for a Multiboot kernel unless --console says
 * otherwise), by its receive interrupt: IRQ4 through KVM's in-kernel 8259
 * in long mode. The handler counts the interrupt and sends the EOI; the
 * main loop spins with interrupts on (never hlt, like xv6's idle loop)
 * and, after each interrupt, reads the FIFO until LSR says it is empty,
 * echoing each byte. A line is answered with "line: TEXT"; the line
 * "exit" ends the kernel with the pass verdict (status 3). Its input
 * comes from an --expect script: nothing here ever waits visibly. */
#include "cpu.h"
#include "lib.h"

#define PIC_VECTOR_BASE 0x20
#define UART_IRQ 4
#define COM1 0x3f8
#define LINE_MAX 63

volatile uint32_t uart_irqs;
void uart_handler(void);

/* 64-bit, entered through a 64-bit gate, returns with iretq (cpu.h). */
__asm__(".pushsection .text\n"
	".code64\n"
	"uart_handler:\n"
	"	push %rax\n"
	"	push %rdx\n"
	"	mov $uart_irqs, %edx\n"
	"	lock incl (%rdx)\n"
	"	mov $0x20, %al\n"           /* EOI to the master 8259 */
	"	out %al, $0x20\n"
	"	pop %rdx\n"
	"	pop %rax\n"
	"	iretq\n"
	".code32\n"
	".popsection\n");

static void pic_remap(void)
{
	outb(0x20, 0x11);
	outb(0x21, PIC_VECTOR_BASE);
	outb(0x21, 0x04);
	outb(0x21, 0x01);
	outb(0x21, (uint8_t)~(1u << UART_IRQ));   /* IRQ4 only */
}

void ap_main(uint32_t apic_id)     /* no AP is started here */
{
	(void)apic_id;
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* Everything received so far; returns 1 once the line "exit" came. */
static int drain(char *line, unsigned *n)
{
	while (inb(COM1 + 5) & 0x01) {
		char c = (char)inb(COM1);
		if (c != '\n' && c != '\r') {
			if (*n < LINE_MAX) {
				line[(*n)++] = c;
				serial_putc(c);
			}
			continue;
		}
		line[*n] = '\0';
		*n = 0;
		printf("\nline: %s\n", line);
		if (strcmp(line, "exit") == 0)
			return 1;
		printf("uartecho> ");
	}
	return 0;
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	cpu_setup();                    /* masks the PIC until it is remapped */
	cpu_set_gate(PIC_VECTOR_BASE + UART_IRQ, uart_handler);
	pic_remap();
	outb(COM1 + 1, 0x01);           /* IER: received data available */
	printf("uartecho: IRQ4 at vector 0x%x\nuartecho> ", PIC_VECTOR_BASE + UART_IRQ);
	__asm__ volatile("sti");
	char line[LINE_MAX + 1];
	unsigned n = 0;
	uint32_t seen = 0;
	for (;;) {
		if (uart_irqs == seen) {
			pause();
			continue;
		}
		seen = uart_irqs;
		if (drain(line, &n)) {
			printf("PASS: %u receive interrupts\n", seen);
			return EXIT_PASS;
		}
	}
}
