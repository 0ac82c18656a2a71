/* cpu.c: long mode and the local APIC for the SMP test kernels: identity
 * page tables for the low 4 GiB (2 MiB pages; the APIC page uncached),
 * a 64-bit IDT, the APIC registers, and AP start-up by INIT + SIPI (the
 * AP runs the real-mode trampoline in cpu_asm.S, copied to 0x8000). */
#include "cpu.h"
#include "lib.h"

#define LAPIC_BASE 0xfee00000u
#define LAPIC_ID   0x020
#define LAPIC_TPR  0x080
#define LAPIC_EOI  0x0b0
#define LAPIC_SVR  0x0f0
#define LAPIC_ICR_LOW  0x300
#define LAPIC_ICR_HIGH 0x310
#define SVR_ENABLE 0x100
#define SPURIOUS_VECTOR 0xff
#define ICR_PENDING 0x1000
#define ICR_ASSERT  0x4000
#define ICR_INIT    0x0500
#define ICR_STARTUP 0x0600

#define PTE_PRESENT 0x1ull
#define PTE_WRITE   0x2ull
#define PTE_PWT     0x8ull
#define PTE_PCD     0x10ull
#define PTE_LARGE   0x80ull

#define WAIT_SPINS 20000000u     /* upper bound for an AP to answer */

struct gate64 {
	uint16_t offset_low, selector;
	uint8_t ist, type;
	uint16_t offset_mid;
	uint32_t offset_high, zero;
};

struct descriptor {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[4][512] __attribute__((aligned(4096)));
static struct gate64 idt[256] __attribute__((aligned(16)));
struct descriptor idt_descriptor;       /* used by cpu_asm.S too */
uint32_t ap_cr3;                        /* the AP trampoline loads it */
static volatile uint32_t checked_in[MAX_CPUS];
volatile uint32_t ipi_count[MAX_CPUS];
volatile uint64_t long_marker[MAX_CPUS];

/* cpu_asm.S */
extern void cpu_enter_long_mode(uint32_t cr3);
extern void ipi_handler(void), spurious_handler(void), unexpected_handler(void);
extern char ap_trampoline[], ap_trampoline_end[];

void cpu_set_gate(int vector, void (*handler)(void))
{
	uint32_t address = (uint32_t)handler;
	idt[vector] = (struct gate64){
		.offset_low = address & 0xffff, .selector = 0x08, .type = 0x8e,
		.offset_mid = address >> 16,
	};
}

uint64_t rdmsr(uint32_t msr)
{
	uint32_t low, high;
	__asm__ volatile("rdmsr" : "=a"(low), "=d"(high) : "c"(msr));
	return ((uint64_t)high << 32) | low;
}

static uint32_t lapic_read(uint32_t reg) { return *(volatile uint32_t *)(LAPIC_BASE + reg); }
static void lapic_write(uint32_t reg, uint32_t v) { *(volatile uint32_t *)(LAPIC_BASE + reg) = v; }

uint32_t lapic_id(void) { return lapic_read(LAPIC_ID) >> 24; }

void lapic_enable(void)
{
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
}

static void lapic_send(uint32_t apic_id, uint32_t command)
{
	lapic_write(LAPIC_ICR_HIGH, apic_id << 24);
	lapic_write(LAPIC_ICR_LOW, command);
	while (lapic_read(LAPIC_ICR_LOW) & ICR_PENDING)
		pause();
}

void lapic_send_ipi(uint32_t apic_id, uint32_t vector)
{
	lapic_send(apic_id, ICR_ASSERT | (vector & 0xff));   /* fixed delivery */
}

void cpu_setup(void)
{
	outb(0x21, 0xff);                     /* mask both 8259s */
	outb(0xa1, 0xff);
	for (int i = 0; i < 4; i++) {
		for (int j = 0; j < 512; j++) {
			uint64_t address = ((uint64_t)i << 30) | ((uint64_t)j << 21);
			pd[i][j] = address | PTE_PRESENT | PTE_WRITE | PTE_LARGE | (i == 3 ? PTE_PCD | PTE_PWT : 0);
		}
		pdpt[i] = (uint32_t)pd[i] | PTE_PRESENT | PTE_WRITE;
	}
	pml4[0] = (uint32_t)pdpt | PTE_PRESENT | PTE_WRITE;
	for (int v = 0; v < 256; v++)
		cpu_set_gate(v, unexpected_handler);
	cpu_set_gate(IPI_VECTOR, ipi_handler);
	cpu_set_gate(SPURIOUS_VECTOR, spurious_handler);
	idt_descriptor.limit = sizeof idt - 1;
	idt_descriptor.base = (uint32_t)idt;
	ap_cr3 = (uint32_t)pml4;
	cpu_enter_long_mode(ap_cr3);
	lapic_enable();
}

static void delay(uint32_t spins)
{
	while (spins--)
		pause();
}

void cpu_check_in(uint32_t apic_id)
{
	if (apic_id < MAX_CPUS)
		checked_in[apic_id] = 1;
}

int cpu_start_ap(uint32_t apic_id)
{
	if (apic_id >= MAX_CPUS)
		return -1;
	memcpy((void *)AP_TRAMPOLINE, ap_trampoline, (uint32_t)(ap_trampoline_end - ap_trampoline));
	lapic_send(apic_id, ICR_ASSERT | ICR_INIT);
	delay(1000);
	for (int attempt = 0; attempt < 2; attempt++) {       /* the MP spec's two SIPIs */
		lapic_send(apic_id, ICR_ASSERT | ICR_STARTUP | (AP_TRAMPOLINE >> 12));
		for (uint32_t spin = 0; spin < WAIT_SPINS / 2; spin++) {
			if (checked_in[apic_id])
				return 0;
			pause();
		}
	}
	return -1;
}

void cpu_wait_for_ipis(uint32_t apic_id, uint32_t count)
{
	for (;;) {
		__asm__ volatile("cli");
		if (ipi_count[apic_id] >= count)
			break;
		__asm__ volatile("sti; hlt");   /* sti's shadow: no wake-up is lost */
	}
	__asm__ volatile("sti");
}
