/* pingpong.c: an IPI token passed around every CPU (with two CPUs, a
 * ping-pong) for LAPS laps: each CPU sleeps until the IPI from its left
 * neighbour arrives, prints, and sends one to its right neighbour. Every
 * hop is an interrupt taken in long mode and returned from with iretq.
 * Fewer than two CPUs: nothing to play with, so the test is skipped. */
#include "cpu.h"
#include "lib.h"

#define LAPS 3

static uint16_t ncpus;

void ap_main(uint32_t apic_id)
{
	lapic_enable();
	cpu_check_in(apic_id);
	uint32_t next = (apic_id + 1) % ncpus;
	for (uint32_t lap = 1; lap <= LAPS; lap++) {
		cpu_wait_for_ipis(apic_id, lap);
		printf("cpu %u: token, lap %u -> cpu %u\n", apic_id, lap, next);
		lapic_send_ipi(next, IPI_VECTOR);
	}
	for (;;)
		__asm__ volatile("cli; hlt");
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	fw_cfg_read(FW_CFG_NB_CPUS, &ncpus, 2);
	if (ncpus < 2) {
		printf("SKIP: an IPI ping-pong needs 2 or more CPUs; fw_cfg says %u\n", ncpus);
		return EXIT_SKIP;
	}
	if (ncpus > MAX_CPUS) {
		printf("FAIL: fw_cfg says %u CPUs\n", ncpus);
		return EXIT_FAIL;
	}
	cpu_setup();
	for (uint32_t id = 1; id < ncpus; id++)
		if (cpu_start_ap(id) < 0) {
			printf("FAIL: cpu %u did not check in\n", id);
			return EXIT_FAIL;
		}
	printf("pingpong: %u CPUs, %d laps\n", ncpus, LAPS);
	for (uint32_t lap = 1; lap <= LAPS; lap++) {
		printf("cpu 0: lap %u -> cpu 1\n", lap);
		lapic_send_ipi(1, IPI_VECTOR);
		cpu_wait_for_ipis(0, lap);
	}
	printf("PASS: the token went round %d times\n", LAPS);
	return EXIT_PASS;
}
