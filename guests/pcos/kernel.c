/* kernel.c: pcos's boot CPU and its tests, in order: PSE paging, the IDT,
 * the MP table, the local APIC, the I/O APIC, the APs started one by one;
 * then on each CPU in turn an IDE read whose IRQ14 the I/O APIC sends to
 * that CPU; a write and its read-back; a line typed on the UART whose
 * IRQ4 goes to the last CPU. The CPUs wait for work and for each other
 * with hlt, woken by IPIs (nothing spins). */
#include "pcos.h"

#define PDE_PRESENT 0x001
#define PDE_WRITE   0x002
#define PDE_4M      0x080
#define ALIAS_BASE  0xc0000000u      /* a second mapping of the first 4 MiB */
#define MARKER      0x200000u        /* free RAM in the first 4 MiB (a fixed address for the transcript) */
#define GATE_INTR32 0x8e00
#define SEL_CODE    0x08

enum work { WORK_NONE, WORK_DISK, WORK_UART };

struct cpu {
	volatile int started, work, done;
};

uint32_t page_directory[1024] __attribute__((aligned(4096)));
static uint32_t idt[256][2];
static struct { uint16_t limit; uint32_t base; } __attribute__((packed)) idt_register;
static struct cpu cpus[MAX_CPUS];

void wait_until(volatile int *flag)
{
	__asm__ volatile("cli");
	while (!*flag)
		__asm__ volatile("sti; hlt; cli" ::: "memory");
	__asm__ volatile("sti");
}

static unsigned this_cpu(void)
{
	unsigned id = lapic_id();
	for (unsigned i = 0; i < machine.ncpus; i++)
		if (machine.apic_id[i] == id)
			return i;
	fail("a CPU whose APIC ID the MP table does not list");
}

static uint32_t read_cr0(void) { uint32_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static uint32_t read_cr4(void) { uint32_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }

/* Identity-map 4 GiB with 4 MiB pages (the APICs included), plus an
 * alias of the first 4 MiB at ALIAS_BASE to prove the PSE walk. */
static void paging_init(void)
{
	for (uint32_t i = 0; i < 1024; i++)
		page_directory[i] = (i << 22) | PDE_4M | PDE_WRITE | PDE_PRESENT;
	page_directory[ALIAS_BASE >> 22] = PDE_4M | PDE_WRITE | PDE_PRESENT;
	paging_on();
	volatile uint32_t *marker = phys(MARKER), *alias = phys(MARKER + ALIAS_BASE);
	*marker = 0x50534521;
	bool agree = *alias == *marker;
	*alias = 0x4f4b4159;
	agree = agree && *marker == 0x4f4b4159;
	printf("paging: on with 4 MiB pages (CR0.PG %u, CR4.PSE %u); 0x%x and its alias at 0x%x %s\n",
	       read_cr0() >> 31, (read_cr4() >> 4) & 1, MARKER, MARKER + ALIAS_BASE,
	       agree ? "agree" : "DIFFER");
	if (!agree)
		fail("paging: the alias does not map the first 4 MiB");
}

static void idt_init(void)
{
	for (uint32_t v = 0; v < 256; v++) {
		uint32_t handler = (uint32_t)vector_stubs + 16 * v;
		idt[v][0] = (handler & 0xffff) | (SEL_CODE << 16);
		idt[v][1] = (handler & 0xffff0000) | GATE_INTR32;
	}
	idt_register.limit = sizeof idt - 1;
	idt_register.base = (uint32_t)idt;
	load_idt();
}

void load_idt(void)
{
	__asm__ volatile("lidt %0" :: "m"(idt_register));
}

void trap(uint32_t vector)
{
	switch (vector) {
	case VEC_IDE: disk_interrupt(); lapic_eoi(); return;
	case VEC_UART: uart_interrupt(); lapic_eoi(); return;
	case VEC_WAKE: lapic_eoi(); return;
	case VEC_SPURIOUS: return;
	}
	printf("cpu APIC ID %u: unexpected vector %u\n", lapic_id(), vector);
	finish(VERDICT_FAIL);
}

/* On CPU `me`: read its own data sector, IRQ14 coming to it. */
static void disk_task(unsigned me)
{
	static struct disk_result results[MAX_CPUS];
	struct disk_result *r = &results[me];
	char want[32] = "pcos data sector ";
	want[17] = (char)('0' + me);
	disk_read(DATA_LBA + me, r);
	r->data[sizeof r->data - 1] = 0;
	printf("cpu %u: IRQ14 (vector %u) taken by APIC ID %u, status 0x%x; LBA %u holds \"%s\"\n",
	       me, VEC_IDE, r->taken_by, r->status, DATA_LBA + me, (const char *)r->data);
	if (r->taken_by != machine.apic_id[me] || memcmp(r->data, want, 18) != 0 || (r->status & 0x01))
		fail("disk: the wrong CPU, status or data");
}

static void uart_task(unsigned me)
{
	char typed[40];
	unsigned taken_by;
	printf("cpu %u: type a line> ", me);
	unsigned n = uart_read_line(typed, sizeof typed, &taken_by);
	printf("\ncpu %u: IRQ4 (vector %u) taken by APIC ID %u brought \"%s\" (%u keys)\n",
	       me, VEC_UART, taken_by, typed, n);
	if (taken_by != machine.apic_id[me] || n == 0)
		fail("uart: the wrong CPU or no keys");
}

static void run_task(unsigned me, int work)
{
	if (work == WORK_DISK)
		disk_task(me);
	else if (work == WORK_UART)
		uart_task(me);
}

/* Run `work` on CPU i (the boot CPU itself, or an AP woken by an IPI)
 * and wait for it to finish. */
static void run_on(unsigned i, int work)
{
	if (i == machine.bsp) {
		run_task(i, work);
		return;
	}
	cpus[i].done = 0;
	cpus[i].work = work;
	ipi_send(machine.apic_id[i], VEC_WAKE);
	wait_until(&cpus[i].done);
}

void ap_main(void)
{
	load_idt();
	lapic_init();
	unsigned me = this_cpu();
	printf("cpu %u: APIC ID %u up, paging on (CR0.PG %u, CR4.PSE %u)\n", me, lapic_id(),
	       read_cr0() >> 31, (read_cr4() >> 4) & 1);
	uint8_t bsp_id = machine.apic_id[machine.bsp];
	cpus[me].started = 1;
	ipi_send(bsp_id, VEC_WAKE);
	for (;;) {
		wait_until(&cpus[me].work);
		run_task(me, cpus[me].work);
		cpus[me].work = WORK_NONE;
		cpus[me].done = 1;
		ipi_send(bsp_id, VEC_WAKE);
	}
}

static void start_aps(void)
{
	for (unsigned i = 0; i < machine.ncpus; i++) {
		if (i == machine.bsp)
			continue;
		memcpy(phys(AP_TRAMPOLINE), ap_trampoline, (uint32_t)(ap_trampoline_end - ap_trampoline));
		ap_stack = (uint32_t)stacks + STACK_SIZE * (i + 2);
		ap_start(machine.apic_id[i], AP_TRAMPOLINE);
		wait_until(&cpus[i].started);
		printf("smp: cpu %u (APIC ID %u) started by INIT/SIPI\n", i, machine.apic_id[i]);
	}
}

static void write_and_read_back(void)
{
	static uint8_t sector[512];
	static struct disk_result w, r;
	memset(sector, 0, sizeof sector);
	memcpy(sector, "pcos wrote this", 16);
	disk_write(SCRATCH_LBA, sector, &w);
	disk_read(SCRATCH_LBA, &r);
	printf("disk: WRITE SECTORS to LBA %u: IRQ14 on APIC ID %u, status 0x%x; read back: \"%s\"\n",
	       SCRATCH_LBA, w.taken_by, w.status, (const char *)r.data);
	if ((w.status & 0x01) || memcmp(r.data, sector, sizeof sector) != 0)
		fail("disk: the sector written is not the one read back");
}

void kmain(void)
{
	console_init();
	printf("pcos: loaded at 0x100000 from IDE disk 0 by its boot sector\n");
	paging_init();
	idt_init();
	mp_init();
	pic_mask_all();
	lapic_init();
	if (lapic_id() != machine.apic_id[machine.bsp])
		fail("the boot CPU's APIC ID is not the MP table's BSP");
	ioapic_init();
	start_aps();
	for (unsigned i = 0; i < machine.ncpus; i++) {
		ioapic_route(14, VEC_IDE, machine.apic_id[i]);
		run_on(i, WORK_DISK);
	}
	ioapic_route(14, VEC_IDE, machine.apic_id[machine.bsp]);
	write_and_read_back();
	unsigned last = machine.ncpus - 1;
	ioapic_route(4, VEC_UART, machine.apic_id[last]);
	run_on(last, WORK_UART);
	printf("pcos: CPUs %u, every IRQ taken where the I/O APIC was told to send it\n", machine.ncpus);
	finish(VERDICT_PASS);
}
