/* acpi_pm.h: the ACPI power-management registers the FADT points to, at
 * QEMU's PIIX4 ports: PM1a event block (status, enable), PM1a control
 * block, and the PM timer, a 24-bit counter at 3.579545 MHz. */
#ifndef MINIKVM_ACPI_PM_H
#define MINIKVM_ACPI_PM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define ACPI_PM_BASE      0x600
#define ACPI_PM_PORTS     12       /* event 0x600 (4), control 0x604 (2), timer 0x608 (4) */
#define ACPI_PM_EVT_OFF   0
#define ACPI_PM_CNT_OFF   4
#define ACPI_PM_TMR_OFF   8
#define ACPI_PM_TIMER_HZ  3579545ull

#define ACPI_PM1_WAK_STS 0x8000u    /* PM1 status: the machine woke from a sleep state */
#define ACPI_PM1_RTC     0x0400u    /* PM1 status/enable: the RTC alarm (RTC_STS, RTC_EN) */

struct vcpu;
struct acpi_pm {
	pthread_mutex_t lock;
	uint16_t status, enable, control;
	struct timespec start;          /* the timer counts from here */
	/* SLP_EN with S3's sleep type: the machine's to carry out on the
	 * writing vCPU's thread (acpi_sleep.c); returns BUS_CONTINUE when the
	 * guest runs on, BUS_STOP when the run ended. NULL: not modelled. */
	int (*suspend)(void *machine, struct vcpu *cpu);
	void *machine;
};

void acpi_pm_init(struct acpi_pm *pm);
/* Does PM1 enable let the RTC alarm wake the machine? */
bool acpi_pm_rtc_wakes(struct acpi_pm *pm);
/* The machine woke: set these PM1 status bits. */
void acpi_pm_woke(struct acpi_pm *pm, uint16_t status_bits);
/* The timer's value now (24 bits). */
uint32_t acpi_pm_timer(const struct acpi_pm *pm);

int acpi_pm_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
