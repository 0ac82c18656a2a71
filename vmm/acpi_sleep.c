/* acpi_sleep.c: ACPI S3, suspend to RAM, on the in-kernel-irqchip machine
 * (one vCPU). The guest enters S3 by writing _S3's SLP_TYP (1, acpi.c)
 * with SLP_EN to PM1a control (acpi_pm.c calls acpi_sleep_suspend): RAM
 * keeps its contents, the CPU loses its state.
 *
 * The one wake source modelled is the RTC alarm (cmos.c), when PM1 enable
 * has RTC_EN and status B has AIE. A sleeping machine does nothing, so no
 * time needs to pass here: the clock is moved on to the alarm at once and
 * the machine wakes as a PC's firmware resumes it: PM1 status gets WAK_STS
 * and RTC_STS, and the vCPU starts in real mode at the FACS's
 * Firmware_Waking_Vector (CS = vector >> 4, IP = vector & 0xF), interrupts
 * off, every other register 0.
 *
 * What a real machine would do instead, as ends: nothing to wake it (it
 * sleeps forever): `suspended`; no waking vector, or one a real-mode jump
 * cannot reach: the firmware boots afresh, `reboot`. More than one vCPU is
 * not modelled (its APs would have to be parked for INIT/SIPI): a VMM
 * error that says so. */
#include <errno.h>
#include <linux/kvm.h>
#include <string.h>
#include "acpi.h"
#include "acpi_pm.h"
#include "acpi_sleep.h"
#include "bus.h"
#include "cmos.h"
#include "vcpu.h"

#define REAL_MODE_LIMIT 0x100000u     /* CS:IP with CS = vector >> 4 reaches below 1 MiB */

/* The FACS's Firmware_Waking_Vector (0 if RAM does not reach the FACS). */
static uint32_t waking_vector(const struct acpi_sleep *machine)
{
	uint32_t vector = 0;
	if (machine->mem_size >= ACPI_FACS_GPA + ACPI_FACS_WAKING_VECTOR + sizeof vector)
		memcpy(&vector, machine->mem + ACPI_FACS_GPA + ACPI_FACS_WAKING_VECTOR, sizeof vector);
	return vector;
}

static void real_mode_segment(struct kvm_segment *seg, uint16_t selector, bool code)
{
	*seg = (struct kvm_segment){
		.selector = selector, .base = (uint64_t)selector << 4, .limit = 0xffff,
		.type = code ? 0xb : 0x3, .present = 1, .s = 1,
	};
}

/* The vCPU as firmware hands it over at the waking vector. */
static int enter_waking_vector(struct vcpu *cpu, uint32_t vector)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { .rip = vector & 0xf, .rflags = 0x2 };
	(void)vcpu_rip_after_io(cpu);           /* settle the OUT that slept first */
	if (vcpu_get_sregs(cpu, &sregs) < 0)
		return -1;
	real_mode_segment(&sregs.cs, (uint16_t)(vector >> 4), true);
	real_mode_segment(&sregs.ds, 0, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.gdt = (struct kvm_dtable){ .limit = 0xffff };
	sregs.idt = (struct kvm_dtable){ .limit = 0x3ff };    /* the real-mode IVT at 0 */
	sregs.cr0 = 0x10;                       /* ET: no protection, no paging */
	sregs.cr2 = sregs.cr3 = sregs.cr4 = 0;
	sregs.efer = 0;
	if (vcpu_set_sregs(cpu, &sregs) < 0 || vcpu_set_regs(cpu, &regs) < 0) {
		vcpu_fail(cpu, "entering the S3 waking vector %#x: %s", vector, strerror(errno));
		return -1;
	}
	return 0;
}

int acpi_sleep_suspend(void *machine, struct vcpu *cpu)
{
	struct acpi_sleep *sleep = machine;
	if (*sleep->nvcpus > 1) {
		vcpu_fail(cpu, "ACPI S3 (suspend to RAM) with %d vCPUs: only a one-vCPU machine can sleep",
			  *sleep->nvcpus);
		return BUS_STOP;
	}
	int64_t seconds = sleep->cmos && acpi_pm_rtc_wakes(sleep->pm) ? cmos_seconds_to_alarm(sleep->cmos) : -1;
	if (seconds < 0) {
		vcpu_end(cpu, END_HALT, REASON_SUSPENDED, 0, END_NO_FIELDS);
		return BUS_STOP;
	}
	uint32_t vector = waking_vector(sleep);
	if (vector == 0 || vector >= REAL_MODE_LIMIT) {
		vcpu_end(cpu, END_HALT, REASON_REBOOT, 0, END_NO_FIELDS);
		return BUS_STOP;
	}
	cmos_skip(sleep->cmos, seconds);
	acpi_pm_woke(sleep->pm, ACPI_PM1_WAK_STS | ACPI_PM1_RTC);
	return enter_waking_vector(cpu, vector) < 0 ? BUS_STOP : BUS_CONTINUE;
}
