/* irqchip.c: interrupt delivery through KVM's in-kernel irqchip. A guest
 * with several vCPUs needs local APICs (INIT/SIPI to start the others,
 * IPIs between them), and those exist only in the kernel; once they do,
 * KVM_INTERRUPT is refused and HLT is handled in the kernel. So in this
 * mode the timer and keyboard do not inject anything themselves: each
 * IRQ line is an eventfd that KVM_IRQFD binds to a GSI, and a write to it
 * pulses the line on the in-kernel PIC and IOAPIC, which deliver it to a
 * vCPU when that vCPU can take it. docs/DEVICES.md says why the
 * single-vCPU machine keeps userspace injection beside this. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "irqchip.h"

int irqchip_create(struct irqchip *chip, int vm_fd, char *err, size_t errlen)
{
	for (int irq = 0; irq < IRQCHIP_LINES; irq++)
		chip->eventfds[irq] = -1;
	if (ioctl(vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		snprintf(err, errlen, "the host refused KVM's in-kernel irqchip (KVM_CREATE_IRQCHIP: %s)",
			 strerror(errno));
		return -1;
	}
	for (int irq = 0; irq < IRQCHIP_LINES; irq++) {
		if (irq == IRQCHIP_CASCADE)
			continue;
		int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		struct kvm_irqfd bind = { .fd = (uint32_t)fd, .gsi = (uint32_t)irq };
		if (fd < 0 || ioctl(vm_fd, KVM_IRQFD, &bind) < 0) {
			snprintf(err, errlen, "the host refused an interrupt eventfd for IRQ%d (KVM_IRQFD: %s)",
				 irq, strerror(errno));
			if (fd >= 0)
				close(fd);
			irqchip_close(chip);
			return -1;
		}
		chip->eventfds[irq] = fd;
	}
	return 0;
}

void irqchip_raise(struct irqchip *chip, int irq)
{
	uint64_t one = 1;
	if (irq < 0 || irq >= IRQCHIP_LINES || chip->eventfds[irq] < 0)
		return;
	/* A full counter (EAGAIN) means pulses are already waiting: they
	 * coalesce, as the ABI promises for timer ticks. */
	if (write(chip->eventfds[irq], &one, sizeof one) < 0 && errno != EAGAIN)
		fprintf(stderr, "mini-kvm: cannot raise IRQ%d: %s\n", irq, strerror(errno));
}

void irqchip_set_level(int vm_fd, unsigned gsi, bool level)
{
	struct kvm_irq_level line = { .irq = gsi, .level = level };
	if (ioctl(vm_fd, KVM_IRQ_LINE, &line) < 0)
		fprintf(stderr, "mini-kvm: cannot set GSI %u %s: %s\n", gsi, level ? "high" : "low", strerror(errno));
}

static int pic_program(int vm_fd, uint32_t chip_id, uint8_t base, uint8_t imr, char *err, size_t errlen)
{
	struct kvm_irqchip chip = { .chip_id = chip_id };
	if (ioctl(vm_fd, KVM_GET_IRQCHIP, &chip) < 0) {
		snprintf(err, errlen, "KVM_GET_IRQCHIP (PIC %u): %s", chip_id, strerror(errno));
		return -1;
	}
	chip.chip.pic.irq_base = base;
	chip.chip.pic.imr = imr;
	chip.chip.pic.init4 = 1;        /* 8086 mode, as ICW4 sets it */
	chip.chip.pic.init_state = 0;   /* initialisation finished */
	if (ioctl(vm_fd, KVM_SET_IRQCHIP, &chip) < 0) {
		snprintf(err, errlen, "KVM_SET_IRQCHIP (PIC %u): %s", chip_id, strerror(errno));
		return -1;
	}
	return 0;
}

int irqchip_pic_setup(int vm_fd, uint8_t master_base, uint8_t master_imr, uint8_t slave_base,
		      uint8_t slave_imr, char *err, size_t errlen)
{
	if (pic_program(vm_fd, KVM_IRQCHIP_PIC_MASTER, master_base, master_imr, err, errlen) < 0)
		return -1;
	return pic_program(vm_fd, KVM_IRQCHIP_PIC_SLAVE, slave_base, slave_imr, err, errlen);
}

void irqchip_close(struct irqchip *chip)
{
	for (int irq = 0; irq < IRQCHIP_LINES; irq++) {
		if (chip->eventfds[irq] >= 0)
			close(chip->eventfds[irq]);
		chip->eventfds[irq] = -1;
	}
}

int irqchip_set_ioapic_id(int vm_fd, unsigned id, char *err, size_t errlen)
{
	struct kvm_irqchip chip = { .chip_id = KVM_IRQCHIP_IOAPIC };
	if (ioctl(vm_fd, KVM_GET_IRQCHIP, &chip) < 0) {
		snprintf(err, errlen, "the host refused to read the IOAPIC (KVM_GET_IRQCHIP: %s)", strerror(errno));
		return -1;
	}
	chip.chip.ioapic.id = id;
	if (ioctl(vm_fd, KVM_SET_IRQCHIP, &chip) < 0) {
		snprintf(err, errlen, "the host refused to set the IOAPIC's ID (KVM_SET_IRQCHIP: %s)", strerror(errno));
		return -1;
	}
	return 0;
}
