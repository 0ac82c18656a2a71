/* acpi_pm.c: the ACPI PM registers (PM1a event and control blocks, the
 * PM timer) at QEMU's ports, so a kernel that reads the FADT finds them
 * where it says. The timer is the host's monotonic clock scaled to
 * 3.579545 MHz, 24 bits wide (the FADT does not set TMR_VAL_EXT), so it
 * runs at the real rate however the guest is scheduled. The sleep
 * states are the DSDT's (acpi.c): SLP_EN written with _S5's SLP_TYP (0)
 * ends the run as `poweroff`, status 0; with _S3's (1) the machine
 * suspends to RAM, which its owner carries out (the suspend hook:
 * acpi_sleep.c); SLP_EN with any other type is dropped. */
#include <string.h>
#include "acpi_pm.h"
#include "bus.h"
#include "vcpu.h"

#define PM1_SLP_EN       0x2000u
#define PM1_SLP_TYP_MASK 0x1c00u
#define PM1_SLP_TYP_S5   0x0000u         /* the _S5 package's value (acpi.c) */
#define PM1_SLP_TYP_S3   0x0400u         /* the _S3 package's value, 1 */

#define PM1_STATUS_WRITE_CLEARS 0xffffu   /* status bits clear when 1 is written */

void acpi_pm_init(struct acpi_pm *pm)
{
	pthread_mutex_init(&pm->lock, NULL);
	pm->status = pm->enable = 0;
	pm->control = 1;     /* SCI_EN: always in ACPI mode (the FADT names no SMI command port) */
	clock_gettime(CLOCK_MONOTONIC, &pm->start);
}

uint32_t acpi_pm_timer(const struct acpi_pm *pm)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t ns = (uint64_t)(now.tv_sec - pm->start.tv_sec) * 1000000000ull +
		      (uint64_t)now.tv_nsec - (uint64_t)pm->start.tv_nsec;
	/* ticks = ns * 3579545 / 1e9, split so the product cannot overflow */
	uint64_t ticks = (ns / 1000000000ull) * ACPI_PM_TIMER_HZ +
			 (ns % 1000000000ull) * ACPI_PM_TIMER_HZ / 1000000000ull;
	return (uint32_t)(ticks & 0xffffff);
}

/* The 12 bytes of registers as one little-endian image. */
static void pm_image(const struct acpi_pm *pm, uint8_t image[ACPI_PM_PORTS])
{
	uint32_t timer = acpi_pm_timer(pm);
	memset(image, 0, ACPI_PM_PORTS);
	memcpy(image + ACPI_PM_EVT_OFF, &pm->status, 2);
	memcpy(image + ACPI_PM_EVT_OFF + 2, &pm->enable, 2);
	memcpy(image + ACPI_PM_CNT_OFF, &pm->control, 2);
	memcpy(image + ACPI_PM_TMR_OFF, &timer, 4);
}

static void pm_write_byte(struct acpi_pm *pm, unsigned offset, uint8_t byte)
{
	unsigned shift = (offset & 1) * 8;
	if (offset < ACPI_PM_EVT_OFF + 2)
		pm->status &= (uint16_t)~((byte & (PM1_STATUS_WRITE_CLEARS >> shift)) << shift);
	else if (offset < ACPI_PM_CNT_OFF)
		pm->enable = (uint16_t)((pm->enable & ~(0xffu << shift)) | ((unsigned)byte << shift));
	else if (offset < ACPI_PM_CNT_OFF + 2)
		pm->control = (uint16_t)((pm->control & ~(0xffu << shift)) | ((unsigned)byte << shift));
	/* 0x606-0x607 are unused; the timer is read-only */
}

int acpi_pm_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct acpi_pm *pm = owner;
	uint8_t image[ACPI_PM_PORTS];
	pthread_mutex_lock(&pm->lock);
	bool power_off = false, suspend = false;
	if (is_write) {
		for (unsigned i = 0; i < size && offset + i < ACPI_PM_PORTS; i++)
			pm_write_byte(pm, (unsigned)offset + i, data[i]);
		if (pm->control & PM1_SLP_EN) {          /* a write-only bit: reads 0 */
			power_off = (pm->control & PM1_SLP_TYP_MASK) == PM1_SLP_TYP_S5;
			suspend = (pm->control & PM1_SLP_TYP_MASK) == PM1_SLP_TYP_S3;
			pm->control &= (uint16_t)~PM1_SLP_EN;
		}
	} else {
		pm_image(pm, image);
		for (unsigned i = 0; i < size && offset + i < ACPI_PM_PORTS; i++)
			data[i] = image[offset + i];
	}
	pthread_mutex_unlock(&pm->lock);
	if (power_off && cpu) {
		vcpu_end(cpu, END_HALT, REASON_POWER_OFF, 0, END_NO_FIELDS);
		return BUS_STOP;
	}
	if (suspend && cpu && pm->suspend)
		return pm->suspend(pm->machine, cpu);
	return BUS_CONTINUE;
}

bool acpi_pm_rtc_wakes(struct acpi_pm *pm)
{
	pthread_mutex_lock(&pm->lock);
	bool wakes = pm->enable & ACPI_PM1_RTC;
	pthread_mutex_unlock(&pm->lock);
	return wakes;
}

void acpi_pm_woke(struct acpi_pm *pm, uint16_t status_bits)
{
	pthread_mutex_lock(&pm->lock);
	pm->status |= status_bits;
	pthread_mutex_unlock(&pm->lock);
}
