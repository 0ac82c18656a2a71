/* pc_testdev.h: QEMU's pc-testdev, the device kvm-unit-tests drives:
 * a 32-bit scratch register at ports 0xe0-0xe3 (any width) and again at
 * 0xe8-0xeb, a page-flush port at 0xe4, one port per GSI from 0x2000
 * that sets the line's level, and 64 KiB of RAM-like MMIO at 0xff000000.
 * One per guest on the in-kernel irqchip (Multiboot kernels, --smp). */
#ifndef MINIKVM_PC_TESTDEV_H
#define MINIKVM_PC_TESTDEV_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "bus.h"

#define PC_TESTDEV_PORTS      0xe0     /* scratch 0xe0, flush 0xe4, scratch bytes 0xe8 */
#define PC_TESTDEV_PORT_COUNT 12
#define PC_TESTDEV_IRQ_PORTS  0x2000   /* + GSI: a byte written sets its level */
#define PC_TESTDEV_IRQ_LINES  24       /* the IOAPIC's pins */
#define PC_TESTDEV_IOMEM      0xff000000u
#define PC_TESTDEV_IOMEM_SIZE 0x10000u

/* How the device sets a GSI's level (the in-kernel irqchip's). */
struct line_hook {
	void *guest;
	void (*set_level)(void *guest, unsigned gsi, bool level);
};

struct pc_testdev {
	pthread_mutex_t lock;           /* a guest's vCPUs share it */
	uint8_t *ram;                   /* the guest's RAM (page-aligned), for the flush port */
	size_t ram_size;
	uint32_t scratch;
	struct line_hook lines;
	uint8_t iomem[PC_TESTDEV_IOMEM_SIZE];
};

void pc_testdev_init(struct pc_testdev *dev, struct line_hook lines, uint8_t *ram, size_t ram_size);
/* Register its two port regions and its MMIO window: 0, or -1. */
int pc_testdev_register(struct pc_testdev *dev, struct bus *ports, struct bus *mmio);

struct vcpu;
int pc_testdev_port_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int pc_testdev_irq_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);
int pc_testdev_iomem_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
