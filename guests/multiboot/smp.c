/* smp.c: every CPU checks in, and each AP takes an IPI from the boot CPU.
 * The boot CPU reads the CPU count from fw_cfg, enters long mode, starts
 * each AP with INIT + SIPI; each AP reaches long mode, prints its APIC ID
 * and checks in, then sleeps until the boot CPU's IPI arrives. Every CPU
 * prints to the serial port; the transcript keeps each CPU's lines apart. */
#include "cpu.h"
#include "lib.h"

#define EFER_LMA 0x400
#define WAIT_SPINS 20000000u

static volatile uint32_t answered[MAX_CPUS];

/* The initial APIC ID CPUID reports (leaf 1, EBX bits 31-24). */
static uint32_t cpuid_apic_id(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return b >> 24;
}

void ap_main(uint32_t apic_id)
{
	lapic_enable();
	uint32_t lma = (rdmsr(0xc0000080) & EFER_LMA) != 0;
	printf("cpu %u: long mode (EFER.LMA=%u, 64-bit code %s), APIC ID %u (CPUID says %u)\n", apic_id, lma,
	       long_marker[apic_id] == LONG_MARKER ? "ran" : "DID NOT RUN", lapic_id(), cpuid_apic_id());
	cpu_check_in(apic_id);
	cpu_wait_for_ipis(apic_id, 1);
	printf("cpu %u: took IPI vector 0x%x from the boot CPU\n", apic_id, IPI_VECTOR);
	answered[apic_id] = 1;
	for (;;)
		__asm__ volatile("cli; hlt");
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint16_t ncpus = 0;
	fw_cfg_read(FW_CFG_NB_CPUS, &ncpus, 2);
	if (ncpus < 1 || ncpus > MAX_CPUS) {
		printf("FAIL: fw_cfg says %u CPUs (1-%d expected)\n", ncpus, MAX_CPUS);
		return EXIT_FAIL;
	}
	printf("smp: %u CPUs (fw_cfg)\n", ncpus);
	cpu_setup();
	printf("cpu 0: long mode (EFER.LMA=%u), APIC ID %u (CPUID says %u)\n",
	       (rdmsr(0xc0000080) & EFER_LMA) != 0, lapic_id(), cpuid_apic_id());
	for (uint32_t id = 1; id < ncpus; id++) {
		if (cpu_start_ap(id) < 0) {
			printf("FAIL: cpu %u did not check in after INIT/SIPI\n", id);
			return EXIT_FAIL;
		}
		printf("smp: cpu %u checked in\n", id);
	}
	for (uint32_t id = 1; id < ncpus; id++) {
		lapic_send_ipi(id, IPI_VECTOR);
		uint32_t spin = 0;
		while (!answered[id] && ++spin < WAIT_SPINS)
			pause();
		if (!answered[id]) {
			printf("FAIL: cpu %u did not take its IPI\n", id);
			return EXIT_FAIL;
		}
		printf("smp: cpu %u took its IPI\n", id);
	}
	printf("PASS: %u CPUs checked in, %u took an IPI\n", ncpus, ncpus - 1u);
	return EXIT_PASS;
}
