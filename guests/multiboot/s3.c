/* s3.c: suspend to RAM (ACPI S3) woken by the RTC alarm, as an OS does it.
 * Reads the RTC's date, waits for an update cycle (update-in-progress set,
 * then clear) and checks the seconds moved on; finds the FADT, the FACS
 * and _S3's sleep type in the DSDT; copies s3_resume.S below 1 MiB and
 * names it as the waking vector; sets the alarm for every second, with
 * AIE in status B and RTC_EN in PM1 enable; leaves a marker in RAM and
 * writes SLP_TYP | SLP_EN. Then it overwrites the marker for ever: only
 * the resume code, on a machine that really stopped here, finds it.
 *
 * The command line picks what goes wrong instead:
 *   nowake    no RTC_EN: nothing can wake the machine (the run ends suspended)
 *   novector  the waking vector left 0: the firmware boots afresh (reboot) */
#include "lib.h"
#include "acpi_find.h"

#define RESUME_AT 0x1000u

extern const uint8_t s3_resume[], s3_resume_end[], s3_resume_marker[];

static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static uint8_t rtc(uint8_t reg)
{
	outb(0x70, reg);
	return inb(0x71);
}

static void rtc_set(uint8_t reg, uint8_t value)
{
	outb(0x70, reg);
	outb(0x71, value);
}

static int asked(const char *word)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], word))
			return 1;
	return 0;
}

/* _S3's first package element in the DSDT's AML (Zero, One or a byte), or -1. */
static int s3_sleep_type(const uint8_t *dsdt)
{
	for (uint32_t off = 36; off + 9 <= get32(dsdt + 4); off++) {
		const uint8_t *p = dsdt + off;
		if (p[0] != 0x08 || !signature_is(p + 1, "_S3_") || p[5] != 0x12)
			continue;
		const uint8_t *first = p + 8;          /* after PkgLength and NumElements */
		return first[0] == 0x0a ? first[1] : first[0] <= 1 ? first[0] : -1;
	}
	return -1;
}

/* One update cycle: wait for update-in-progress, then for its end. */
static int clock_ticks(void)
{
	uint8_t before = rtc(0x00);
	unsigned spins = 0;
	while (!(rtc(0x0a) & 0x80) && ++spins < 50000000)
		;
	while ((rtc(0x0a) & 0x80) && ++spins < 50000000)
		;
	return rtc(0x00) != before;
}

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	printf("RTC date: year %x, month %x, day %x (BCD: status B 0x%x)\n", rtc(0x09), rtc(0x08), rtc(0x07), rtc(0x0b));
	printf("the clock ticks through an update cycle: %s\n", clock_ticks() ? "ok" : "WRONG");
	const uint8_t *rsdp = find_rsdp();
	const uint8_t *fadt = rsdp ? find_table((const uint8_t *)get32(rsdp + 16), 4, "FACP") : 0;
	if (!fadt) {
		printf("FAIL: no FADT\n");
		return EXIT_FAIL;
	}
	uint8_t *facs = (uint8_t *)get32(fadt + 36);
	uint16_t pm1a_evt = (uint16_t)get32(fadt + 56), pm1a_cnt = (uint16_t)get32(fadt + 64);
	int slp_typ = s3_sleep_type((const uint8_t *)get32(fadt + 40));
	printf("DSDT: _S3 sleep type %d\n", slp_typ);
	if (slp_typ < 0)
		return EXIT_FAIL;

	uint8_t *resume = (uint8_t *)RESUME_AT;
	memcpy(resume, s3_resume, (uint32_t)(s3_resume_end - s3_resume));
	volatile uint32_t *marker = (volatile uint32_t *)(resume + (s3_resume_marker - s3_resume));
	uint32_t vector = asked("novector") ? 0 : RESUME_AT;
	memcpy(facs + 12, &vector, 4);                 /* Firmware_Waking_Vector */
	printf("waking vector 0x%x\n", vector);

	if (!asked("nowake"))
		outw(pm1a_evt + 2, 0x0400);            /* PM1 enable: RTC_EN */
	rtc(0x0c);                                     /* clear status C */
	rtc_set(0x01, 0xc0), rtc_set(0x03, 0xc0), rtc_set(0x05, 0xc0);   /* every second */
	rtc_set(0x0b, rtc(0x0b) | 0x20);               /* AIE */
	printf("PM1 enable 0x%x; entering S3\n", inw(pm1a_evt + 2));
	*marker = 0x5a3a5a3a;
	outw(pm1a_cnt, (uint16_t)(slp_typ << 10 | 0x2000));
	for (;;)
		*marker = 0;                           /* never reached on a machine that sleeps */
}
