/* bus.h: one address space of a guest (its I/O ports, or its MMIO
 * space) as a list of regions, each owned by one device. A device is
 * registered with (owner, base, length, handler); an access reaches its
 * handler as (owner, the vCPU making it, offset in the region, size,
 * direction, data). The bus knows nothing of KVM: the vCPU decodes its
 * exit and hands the bus plain accesses. */
#ifndef MINIKVM_BUS_H
#define MINIKVM_BUS_H

#include <stdbool.h>
#include <stdint.h>

#define BUS_MAX_REGIONS 32

/* Results of a handler (and of bus_access). */
enum { BUS_CONTINUE = 0, BUS_STOP = 1, BUS_UNCLAIMED = 2 };

struct vcpu;
/* data holds size bytes, little-endian; on a read the bus has filled it
 * with 0xff first, so a handler that leaves it reads as "nothing here".
 * cpu is the accessing vCPU: a device that ends it or writes to its
 * output stream uses the vCPU's own interface (vcpu.h). */
typedef int (*bus_handler)(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size,
			   bool is_write, uint8_t *data);

struct bus_region {
	uint64_t base, length;
	const char *name;
	bus_handler handle;
	void *owner;
};

struct bus {
	struct bus_region regions[BUS_MAX_REGIONS];
	int count;
};

/* Add a region; 0, or -1 if it overlaps another or the bus is full. */
int bus_register(struct bus *bus, const char *name, uint64_t base, uint64_t length,
		 bus_handler handle, void *owner);
/* The region holding addr, or NULL. */
const struct bus_region *bus_find(const struct bus *bus, uint64_t addr);
/* One access of size bytes (1-8) at addr: BUS_CONTINUE, BUS_STOP, or
 * BUS_UNCLAIMED if no device owns addr (data then reads as 0xff). */
int bus_access(const struct bus *bus, struct vcpu *cpu, uint64_t addr, unsigned size,
	       bool is_write, uint8_t *data);

/* A handler for ports that exist but do nothing: reads 0xff, writes dropped. */
int bus_ignore(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size,
	       bool is_write, uint8_t *data);

#endif
