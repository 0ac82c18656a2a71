/* bus.c: finds the device that owns an address and calls it with the
 * offset into its region. Every port or MMIO access of every vCPU goes
 * through bus_access; an address nobody owns falls out here, in one spot. */
#include <string.h>
#include "bus.h"

int bus_register(struct bus *bus, const char *name, uint64_t base, uint64_t length,
		 bus_handler handle, void *owner)
{
	if (bus->count == BUS_MAX_REGIONS || length == 0)
		return -1;
	if (base + (length - 1) < base)
		return -1;                      /* runs past the end of the space */
	for (int i = 0; i < bus->count; i++) {
		const struct bus_region *r = &bus->regions[i];
		bool overlap = base < r->base ? r->base - base < length : base - r->base < r->length;
		if (overlap)
			return -1;
	}
	bus->regions[bus->count++] = (struct bus_region){
		.base = base, .length = length, .name = name, .handle = handle, .owner = owner,
	};
	return 0;
}

const struct bus_region *bus_find(const struct bus *bus, uint64_t addr)
{
	for (int i = 0; i < bus->count; i++) {
		const struct bus_region *r = &bus->regions[i];
		if (addr >= r->base && addr - r->base < r->length)
			return r;
	}
	return NULL;
}

int bus_access(const struct bus *bus, struct vcpu *cpu, uint64_t addr, unsigned size,
	       bool is_write, uint8_t *data)
{
	if (!is_write)
		memset(data, 0xff, size);
	const struct bus_region *r = bus_find(bus, addr);
	if (!r)
		return BUS_UNCLAIMED;
	return r->handle(r->owner, cpu, addr - r->base, size, is_write, data);
}

int bus_ignore(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size,
	       bool is_write, uint8_t *data)
{
	(void)owner, (void)cpu, (void)offset, (void)size, (void)is_write, (void)data;
	return BUS_CONTINUE;
}
