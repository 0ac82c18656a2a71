/* apfault.c: an AP runs an instruction the host may not emulate (`int
 * $0x80` in long mode, ring 0) while the boot CPU sleeps waiting for an
 * IPI that never comes. On kvm-pvm the AP's KVM_EXIT_INTERNAL_ERROR must
 * end the whole guest at once (status 108), boot CPU included; a VT-x
 * host delivers vector 0x80 to the catch-all handler instead (status 7). */
#include "cpu.h"
#include "lib.h"

/* The instruction sits at a fixed address (kernel.ld puts .text.fixed
 * right after the Multiboot header), so the RIP the VMM reports does not
 * depend on the compiler. */
__asm__(".pushsection .text.fixed, \"ax\"\n"
	".globl int80\n"
	"int80:\n"
	"\tint $0x80\n"
	"\tret\n"
	".popsection");
void int80(void);

static volatile uint32_t boot_cpu_said_so;

void ap_main(uint32_t apic_id)
{
	lapic_enable();
	printf("cpu %u: running int $0x80 in long mode\n", apic_id);
	cpu_check_in(apic_id);
	while (!boot_cpu_said_so)       /* let the boot CPU finish its line first */
		pause();
	int80();
	printf("cpu %u: still running after int $0x80\n", apic_id);
	for (;;)
		__asm__ volatile("cli; hlt");
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint16_t ncpus = 0;
	fw_cfg_read(FW_CFG_NB_CPUS, &ncpus, 2);
	if (ncpus < 2) {
		printf("SKIP: needs an AP; fw_cfg says %u CPUs\n", ncpus);
		return EXIT_SKIP;
	}
	cpu_setup();
	if (cpu_start_ap(1) < 0) {
		printf("FAIL: cpu 1 did not check in\n");
		return EXIT_FAIL;
	}
	printf("cpu 0: cpu 1 checked in; sleeping until the guest ends\n");
	boot_cpu_said_so = 1;
	cpu_wait_for_ipis(0, 1);            /* never comes */
	printf("FAIL: the boot CPU was woken\n");
	return EXIT_FAIL;
}
