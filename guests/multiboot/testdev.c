/* testdev.c: QEMU's pc-testdev as kvm-unit-tests use it, checked byte by
 * byte: the scratch register at 0xe0 (and its alias at 0xe8) at every
 * width and offset, the flush-page port, the 64 KiB MMIO window at
 * 0xff000000, and GSI 14 raised and lowered through port 0x200e arriving
 * through the IOAPIC as an edge-triggered interrupt, once per edge. */
#include "cpu.h"
#include "lib.h"

#define IOAPIC_BASE   0xfec00000u
#define TESTDEV_IRQ   0x2000
#define GSI           14
#define IOMEM         0xff000000u

static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static int failures;

static void check(const char *what, uint32_t got, uint32_t want)
{
	printf("%s: 0x%x%s\n", what, got, got == want ? "" : " (WRONG)");
	failures += got != want;
}

static void ports(void)
{
	outl(0xe0, 0x12345678);
	check("inl 0xe0", inl(0xe0), 0x12345678);
	check("inb 0xe1", inb(0xe1), 0x56);
	check("inw 0xe2", inw(0xe2), 0x1234);
	outb(0xe1, 0xaa);
	check("outb 0xe1 0xaa; inl 0xe0", inl(0xe0), 0x1234aa78);
	outw(0xea, 0xbeef);
	check("outw 0xea 0xbeef; inl 0xe8 (alias)", inl(0xe8), 0xbeefaa78);
	outl(0xe4, 0x100000);                       /* flush a page: accepted, no effect */
	check("after a flush, inl 0xe0", inl(0xe0), 0xbeefaa78);
}

static void iomem(void)
{
	volatile uint8_t *b = (volatile uint8_t *)IOMEM;
	volatile uint32_t *l = (volatile uint32_t *)(IOMEM + 0x100);
	*l = 0xcafef00d;
	check("iomem+0x100 read32", *l, 0xcafef00d);
	check("iomem+0x101 read8", b[0x101], 0xf0);
	b[0xffff] = 0x5a;
	check("iomem+0xffff read8", b[0xffff], 0x5a);
	check("iomem+0x200 never written", *(volatile uint32_t *)(IOMEM + 0x200), 0);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	*(volatile uint32_t *)IOAPIC_BASE = reg;
	*(volatile uint32_t *)(IOAPIC_BASE + 0x10) = v;
}

static void irq_line(void)
{
	ioapic_write(0x10 + 2 * GSI + 1, 0);              /* destination: APIC 0 */
	ioapic_write(0x10 + 2 * GSI, IPI_VECTOR);         /* fixed, physical, edge, high, unmasked */
	for (uint32_t edge = 1; edge <= 3; edge++) {
		outb(TESTDEV_IRQ + GSI, 1);
		cpu_wait_for_ipis(0, edge);
		outb(TESTDEV_IRQ + GSI, 0);
		printf("GSI %d edge %u: interrupt at vector 0x%x\n", GSI, edge, IPI_VECTOR);
	}
	outb(TESTDEV_IRQ + GSI, 1);                       /* held high: no second edge */
	outb(TESTDEV_IRQ + GSI, 1);
	for (volatile int spin = 0; spin < 100000; spin++)
		;
	check("interrupts after a 4th edge and a raise while high", ipi_count[0], 4);
	outb(TESTDEV_IRQ + GSI, 0);
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
	ports();
	iomem();
	cpu_setup();
	irq_line();
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures ? EXIT_FAIL : EXIT_PASS;
}
