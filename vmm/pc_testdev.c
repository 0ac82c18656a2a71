/* pc_testdev.c: QEMU's pc-testdev, as its documentation and source
 * describe it, so kvm-unit-tests run here unchanged (docs/DEVICES.md):
 *   0xe0-0xe3  a 32-bit register; an access of any width at any of its
 *              bytes reads or writes those bytes (the port-width tests)
 *   0xe4-0xe7  "flush page": a 32-bit write of a guest-physical address
 *              makes KVM forget its mapping of that page (the host page
 *              is protected and unprotected, as QEMU does), so the
 *              guest's next access to it faults into KVM: kvm-unit-tests
 *              use it to make an event's delivery fault half-way
 *   0xe8-0xeb  the same register again (QEMU splits accesses into bytes)
 *   0x2000+N   a byte write sets GSI N's level (0 low, else high)
 *   0xff000000 64 KiB that read back what was written, through MMIO
 *              exits (the emulator test runs instructions against it) */
#include <string.h>
#include <sys/mman.h>
#include "pc_testdev.h"

#define FLUSH_OFFSET 4
#define PAGE 4096u

void pc_testdev_init(struct pc_testdev *dev, struct line_hook lines, uint8_t *ram, size_t ram_size)
{
	pthread_mutex_init(&dev->lock, NULL);
	dev->ram = ram;
	dev->ram_size = ram_size;
	dev->scratch = 0;
	dev->lines = lines;
	memset(dev->iomem, 0, sizeof dev->iomem);
}

int pc_testdev_register(struct pc_testdev *dev, struct bus *ports, struct bus *mmio)
{
	int failed = 0;
	failed |= bus_register(ports, "pc-testdev", PC_TESTDEV_PORTS, PC_TESTDEV_PORT_COUNT, pc_testdev_port_io, dev);
	failed |= bus_register(ports, "pc-testdev-irq", PC_TESTDEV_IRQ_PORTS, PC_TESTDEV_IRQ_LINES, pc_testdev_irq_io, dev);
	failed |= bus_register(mmio, "pc-testdev-iomem", PC_TESTDEV_IOMEM, PC_TESTDEV_IOMEM_SIZE, pc_testdev_iomem_io, dev);
	return failed ? -1 : 0;
}

/* The host page goes PROT_NONE and back: KVM's MMU notifier drops its
 * mapping of it, and the contents stay. Addresses outside RAM: nothing. */
static void flush_page(struct pc_testdev *dev, uint32_t address)
{
	uint64_t page = address & ~(uint64_t)(PAGE - 1);
	if (!dev->ram || page + PAGE > dev->ram_size)
		return;
	mprotect(dev->ram + page, PAGE, PROT_NONE);
	mprotect(dev->ram + page, PAGE, PROT_READ | PROT_WRITE);
}

/* Bytes [first, first + size) of the register, clipped to its 4 bytes. */
int pc_testdev_port_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct pc_testdev *dev = owner;
	(void)cpu;
	if ((offset & ~3ull) == FLUSH_OFFSET) {     /* reads float */
		if (is_write && size == 4)
			flush_page(dev, (uint32_t)data[0] | (uint32_t)data[1] << 8 |
				   (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24);
		return BUS_CONTINUE;
	}
	unsigned first = offset & 3;
	pthread_mutex_lock(&dev->lock);
	for (unsigned i = 0; i < size && first + i < 4; i++) {
		unsigned shift = (first + i) * 8;
		if (is_write)
			dev->scratch = (dev->scratch & ~(0xffu << shift)) | ((uint32_t)data[i] << shift);
		else
			data[i] = (uint8_t)(dev->scratch >> shift);
	}
	for (unsigned i = 4 - first; !is_write && i < size; i++)
		data[i] = 0;                /* past the register: QEMU's mask reads 0 */
	pthread_mutex_unlock(&dev->lock);
	return BUS_CONTINUE;
}

int pc_testdev_irq_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct pc_testdev *dev = owner;
	(void)cpu;
	if (is_write && size == 1 && dev->lines.set_level)   /* QEMU takes byte writes only */
		dev->lines.set_level(dev->lines.guest, (unsigned)offset, data[0] != 0);
	return BUS_CONTINUE;
}

int pc_testdev_iomem_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct pc_testdev *dev = owner;
	(void)cpu;
	if (offset >= PC_TESTDEV_IOMEM_SIZE)
		return BUS_CONTINUE;
	if (size > PC_TESTDEV_IOMEM_SIZE - offset)
		size = (unsigned)(PC_TESTDEV_IOMEM_SIZE - offset);
	pthread_mutex_lock(&dev->lock);
	if (is_write)
		memcpy(dev->iomem + offset, data, size);
	else
		memcpy(data, dev->iomem + offset, size);
	pthread_mutex_unlock(&dev->lock);
	return BUS_CONTINUE;
}
