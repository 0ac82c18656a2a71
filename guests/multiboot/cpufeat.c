/* cpufeat.c: what CPUID leaf 1 tells a Multiboot kernel about its local
 * APIC, and whether it is true. Prints the x2apic, tsc-deadline and
 * hypervisor bits; arguments NAME=0|1 (from --cmdline) say what the run
 * expects. Then uses what is advertised: a TSC-deadline timer interrupt
 * (LVT timer in mode 2, IA32_TSC_DEADLINE), and x2APIC mode (the APIC ID
 * read through MSR 0x802). Fails on a mismatch; skips (77) when neither
 * is advertised, since there is then nothing to try. */
#include "cpu.h"
#include "lib.h"

#define LAPIC_LVT_TIMER  0xfee00320u
#define LVT_TSC_DEADLINE (2u << 17)
#define MSR_APIC_BASE    0x1b
#define APIC_BASE_X2APIC (1u << 10)
#define MSR_TSC_DEADLINE 0x6e0
#define MSR_X2APIC_ID    0x802

static const struct { const char *name; unsigned bit; } features[] = {
	{ "x2apic", 21 }, { "tsc-deadline", 24 }, { "hypervisor", 31 },
};

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static uint64_t rdtsc(void)
{
	uint32_t low, high;
	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return ((uint64_t)high << 32) | low;
}

static uint32_t cpuid1_ecx(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return c;
}

/* The expectation NAME=V among the arguments: 0, 1, or -1 (none). */
static int expected(const char *name)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *n = name;
		while (*n && *a == *n)
			a++, n++;
		if (!*n && *a == '=')
			return a[1] == '1';
	}
	return -1;
}

void ap_main(uint32_t apic_id)     /* no AP is started here */
{
	(void)apic_id;
	for (;;)
		__asm__ volatile("cli; hlt");
}

static int tsc_deadline_fires(void)
{
	*(volatile uint32_t *)LAPIC_LVT_TIMER = LVT_TSC_DEADLINE | IPI_VECTOR;
	wrmsr(MSR_TSC_DEADLINE, rdtsc() + 2000000);   /* a few ms at most */
	cpu_wait_for_ipis(0, 1);                       /* the IPI handler counts it */
	uint64_t after = rdmsr(MSR_TSC_DEADLINE);
	printf("tsc-deadline: interrupt taken at vector 0x%x, deadline MSR now %s\n",
	       IPI_VECTOR, after ? "NOT cleared" : "0");
	return after == 0;
}

static int x2apic_works(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_X2APIC);
	uint32_t id = (uint32_t)rdmsr(MSR_X2APIC_ID);
	printf("x2apic: enabled, APIC ID through MSR 0x802: %u\n", id);
	return id == 0;
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	uint32_t ecx = cpuid1_ecx();
	int ok = 1;
	for (unsigned i = 0; i < sizeof features / sizeof features[0]; i++) {
		int have = (ecx >> features[i].bit) & 1, want = expected(features[i].name);
		printf("cpuid.1:ecx.%s = %d%s\n", features[i].name, have,
		       want < 0 ? "" : have == want ? " (as expected)" : " (WRONG)");
		ok &= want < 0 || have == want;
	}
	int deadline = (ecx >> 24) & 1, x2apic = (ecx >> 21) & 1;
	if (ok && (deadline || x2apic))
		cpu_setup();
	if (ok && deadline)
		ok &= tsc_deadline_fires();
	if (ok && x2apic)
		ok &= x2apic_works();
	if (!ok) {
		printf("FAIL\n");
		return EXIT_FAIL;
	}
	printf(deadline || x2apic ? "PASS\n" : "SKIP: neither x2APIC nor TSC-deadline advertised\n");
	return deadline || x2apic ? EXIT_PASS : EXIT_SKIP;
}
