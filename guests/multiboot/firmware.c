/* firmware.c: the state a BIOS leaves a Multiboot kernel in, which PC
 * test kernels (kvm-unit-tests' realmode) rely on: the 8259s already
 * initialised with IRQ0-7 at vectors 0x08-0x0f and IRQ8-15 at 0x70-0x77,
 * only the timer, keyboard and cascade unmasked; a real-mode IVT whose
 * every entry leads to an iret (hardware vectors to an EOI first). The
 * vector base is checked by taking the VMM's timer (IRQ0) in long mode
 * at vector 0x08 without reprogramming the PIC. */
#include "cpu.h"
#include "lib.h"

#define TICKS 3

static int failures;

static void check(const char *what, uint32_t got, uint32_t want)
{
	printf("%s: 0x%x%s\n", what, got, got == want ? "" : " (WRONG)");
	failures += got != want;
}

void ap_main(uint32_t apic_id)     /* no AP is started here */
{
	(void)apic_id;
	for (;;)
		__asm__ volatile("cli; hlt");
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint8_t imr = inb(0x21), imr2 = inb(0xa1);
	check("master PIC mask", imr, 0xf8);
	check("slave PIC mask", imr2, 0xff);
	uint32_t zero = 0;
	__asm__("" : "+r"(zero));           /* the IVT is at 0: hide the null from the compiler */
	const volatile uint32_t *ivt = (const volatile uint32_t *)zero;
	check("IVT[0x08] (IRQ0)", ivt[0x08], 0xf0000010);
	check("IVT[0x73] (IRQ11)", ivt[0x73], 0xf0000020);
	check("IVT[0x11]", ivt[0x11], 0xf0000000);
	check("F000:0000", *(const volatile uint8_t *)0xf0000, 0xcf);   /* iret */
	cpu_setup();                        /* masks both PICs; their vector bases stay */
	cpu_set_gate(0x08, timer_handler);
	outb(0x21, 0xfe);                   /* IRQ0 only: a mask, not a reprogramming */
	for (uint32_t tick = 1; tick <= TICKS; tick++) {
		for (;;) {
			__asm__ volatile("cli");
			if (timer_ticks >= tick)
				break;
			__asm__ volatile("sti; hlt");
		}
		__asm__ volatile("sti");
	}
	printf("IRQ0 taken %d times at vector 0x08 without programming the PIC\n", TICKS);
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures ? EXIT_FAIL : EXIT_PASS;
}
