/* apic.c: the local APIC of each CPU (at the address the MP table gives),
 * the I/O APIC (its ID register checked against the MP table, every input
 * masked until routed), the 8259 pair masked, IPIs, and AP start-up as the
 * MP specification's universal algorithm does it: the CMOS shutdown code
 * and the warm-reset vector, INIT, then two STARTUPs. */
#include "pcos.h"

#define LAPIC_ID      0x020
#define LAPIC_TPR     0x080
#define LAPIC_EOI     0x0b0
#define LAPIC_SVR     0x0f0
#define LAPIC_ESR     0x280
#define LAPIC_ICR_LO  0x300
#define LAPIC_ICR_HI  0x310
#define SVR_ENABLE    0x100
#define ICR_PENDING   0x1000
#define ICR_INIT      0x500
#define ICR_STARTUP   0x600
#define ICR_ASSERT    0x4000
#define ICR_LEVEL     0x8000

#define IOAPIC_INDEX  0x00
#define IOAPIC_DATA   0x10
#define IOAPIC_REG_ID  0x00
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REDIR   0x10
#define REDIR_MASKED  0x10000

#define CMOS_INDEX    0x70
#define CMOS_DATA     0x71
#define CMOS_SHUTDOWN 0x0f
#define SHUTDOWN_JUMP 0x0a          /* warm reset: jump through 40:67 */
#define WARM_RESET_VECTOR 0x467

static uint32_t lapic_read(uint32_t reg) { return mmio_read(machine.lapic + reg); }
static void lapic_write(uint32_t reg, uint32_t v) { mmio_write(machine.lapic + reg, v); }

void lapic_init(void)
{
	lapic_write(LAPIC_SVR, SVR_ENABLE | VEC_SPURIOUS);
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_ESR, 0);
	lapic_eoi();
}

unsigned lapic_id(void) { return lapic_read(LAPIC_ID) >> 24; }
void lapic_eoi(void) { lapic_write(LAPIC_EOI, 0); }

static void icr_send(uint8_t apic_id, uint32_t command)
{
	lapic_write(LAPIC_ICR_HI, (uint32_t)apic_id << 24);
	lapic_write(LAPIC_ICR_LO, command);
	while (lapic_read(LAPIC_ICR_LO) & ICR_PENDING)
		pause();
}

void ipi_send(uint8_t apic_id, uint8_t vector)
{
	icr_send(apic_id, ICR_ASSERT | vector);
}

/* The delays the specification asks for (10 ms, 200 us) matter only to
 * real hardware; KVM's APs are ready at once. */
void ap_start(uint8_t apic_id, uint32_t trampoline)
{
	outb(CMOS_INDEX, CMOS_SHUTDOWN);
	outb(CMOS_DATA, SHUTDOWN_JUMP);
	volatile uint16_t *warm_reset = phys(WARM_RESET_VECTOR);
	warm_reset[0] = 0;
	warm_reset[1] = (uint16_t)(trampoline >> 4);
	icr_send(apic_id, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
	icr_send(apic_id, ICR_INIT | ICR_LEVEL);
	for (int i = 0; i < 2; i++)
		icr_send(apic_id, ICR_STARTUP | (trampoline >> 12));
}

static uint32_t ioapic_read(uint32_t reg)
{
	mmio_write(machine.ioapic + IOAPIC_INDEX, reg);
	return mmio_read(machine.ioapic + IOAPIC_DATA);
}

static void ioapic_write(uint32_t reg, uint32_t v)
{
	mmio_write(machine.ioapic + IOAPIC_INDEX, reg);
	mmio_write(machine.ioapic + IOAPIC_DATA, v);
}

void ioapic_init(void)
{
	unsigned id = ioapic_read(IOAPIC_REG_ID) >> 24 & 0x0f;
	unsigned inputs = (ioapic_read(IOAPIC_REG_VER) >> 16 & 0xff) + 1;
	printf("ioapic: ID register %u (the MP table says %u), %u inputs\n", id, machine.ioapic_id, inputs);
	if (id != machine.ioapic_id)
		fail("ioapic: its ID is not the MP table's");
	for (unsigned pin = 0; pin < inputs; pin++) {
		ioapic_write(IOAPIC_REDIR + 2 * pin, REDIR_MASKED);
		ioapic_write(IOAPIC_REDIR + 2 * pin + 1, 0);
	}
}

/* Edge-triggered, active high, fixed delivery to one APIC ID (physical). */
void ioapic_route(unsigned irq, uint8_t vector, uint8_t apic_id)
{
	int pin = machine.pin_of_irq[irq];
	if (pin < 0)
		fail("ioapic: the MP table does not route that IRQ");
	ioapic_write(IOAPIC_REDIR + 2 * (unsigned)pin + 1, (uint32_t)apic_id << 24);
	ioapic_write(IOAPIC_REDIR + 2 * (unsigned)pin, vector);
}

void pic_mask_all(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}
