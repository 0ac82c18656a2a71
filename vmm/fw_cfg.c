/* fw_cfg.c: a guest asks for configuration items by writing a 16-bit key
 * to the selector port 0x510, then reads the item one byte at a time from
 * the data port 0x511, little-endian. Selecting resets the read position;
 * reading past an item's end, or reading an item that does not exist,
 * gives zeros (as QEMU does). Items: the signature "QEMU", the feature
 * ID, the RAM size and the number of vCPUs. The key is whatever the
 * guest wrote: any 16-bit value is accepted and an unknown one simply has
 * no bytes. State is per guest, under a lock (SMP vCPUs share it). */
#include <string.h>
#include "bus.h"
#include "fw_cfg.h"

#define FW_CFG_ID_TRADITIONAL 0x1  /* port interface only, no DMA */
#define MAX_ITEM 8

void fw_cfg_init(struct fw_cfg *cfg, uint64_t ram_size, unsigned ncpus)
{
	*cfg = (struct fw_cfg){ .ram_size = ram_size, .ncpus = ncpus };
	pthread_mutex_init(&cfg->lock, NULL);
}

static size_t put_le(uint8_t *buf, size_t buflen, uint64_t value, size_t bytes)
{
	if (bytes > buflen)
		return 0;
	for (size_t i = 0; i < bytes; i++)
		buf[i] = (uint8_t)(value >> (8 * i));
	return bytes;
}

size_t fw_cfg_item(uint16_t key, uint64_t ram_size, unsigned ncpus, uint8_t *buf, size_t buflen)
{
	switch (key) {
	case FW_CFG_SIGNATURE:
		if (buflen < 4)
			return 0;
		memcpy(buf, "QEMU", 4);
		return 4;
	case FW_CFG_ID:       return put_le(buf, buflen, FW_CFG_ID_TRADITIONAL, 4);
	case FW_CFG_RAM_SIZE: return put_le(buf, buflen, ram_size, 8);
	case FW_CFG_NB_CPUS:
	case FW_CFG_MAX_CPUS: return put_le(buf, buflen, ncpus, 2);
	default:              return 0;
	}
}

int fw_cfg_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct fw_cfg *cfg = owner;
	(void)cpu;
	pthread_mutex_lock(&cfg->lock);
	if (offset == 0) {
		if (is_write) {           /* the selector: 16 bits (a byte write selects 0x00NN) */
			cfg->key = (uint16_t)(data[0] | (size >= 2 ? data[1] << 8 : 0));
			cfg->offset = 0;
		}                         /* a read of the selector keeps the bus's 0xff */
	} else if (!is_write) {           /* data: one byte per byte of the access */
		uint8_t item[MAX_ITEM];
		size_t len = fw_cfg_item(cfg->key, cfg->ram_size, cfg->ncpus, item, sizeof item);
		for (unsigned i = 0; i < size; i++) {
			data[i] = cfg->offset < len ? item[cfg->offset] : 0;
			if (cfg->offset < MAX_ITEM)
				cfg->offset++;
		}
	}                                 /* writes to the data port are ignored */
	pthread_mutex_unlock(&cfg->lock);
	return BUS_CONTINUE;
}
