/* timer.c: the VMM's timer (IRQ0, --timer-hz) reaches a Multiboot kernel
 * through KVM's in-kernel 8259: the VMM pulses an eventfd bound to GSI 0
 * (KVM_IRQFD), the PIC raises it on the boot CPU's LINT0, and the kernel
 * takes it in long mode at the vector it programmed. TICKS ticks, then
 * pass. With the timer off nothing ever arrives: the kernel sleeps in hlt
 * (handled inside KVM) until the VMM's --timeout ends the run. */
#include "cpu.h"
#include "lib.h"

#define TICKS 5
#define PIC_VECTOR_BASE 0x20

static void pic_remap(void)
{
	outb(0x20, 0x11);               /* ICW1: edge, cascade, ICW4 follows */
	outb(0x21, PIC_VECTOR_BASE);    /* ICW2: IRQ0 -> vector 0x20 */
	outb(0x21, 0x04);               /* ICW3: the slave on IRQ2 */
	outb(0x21, 0x01);               /* ICW4: 8086 mode */
	outb(0x21, 0xfe);               /* OCW1: only IRQ0 unmasked */
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
	cpu_setup();                    /* masks the PIC until it is remapped */
	cpu_set_gate(PIC_VECTOR_BASE, timer_handler);
	pic_remap();
	printf("timer: waiting for %d ticks of IRQ0 at vector 0x%x\n", TICKS, PIC_VECTOR_BASE);
	for (uint32_t tick = 1; tick <= TICKS; tick++) {
		for (;;) {
			__asm__ volatile("cli");
			if (timer_ticks >= tick)
				break;
			__asm__ volatile("sti; hlt");
		}
		__asm__ volatile("sti");
		printf("tick %u\n", tick);
	}
	printf("PASS: %d timer interrupts through the in-kernel PIC\n", TICKS);
	return EXIT_PASS;
}
