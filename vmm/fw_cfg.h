/* fw_cfg.h: QEMU's firmware configuration interface, the I/O-port
 * variant: selector at 0x510, data at 0x511. */
#ifndef MINIKVM_FW_CFG_H
#define MINIKVM_FW_CFG_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "abi.h"

#define PORT_FW_CFG FW_CFG_PORT
#define FW_CFG_PORTS 2

enum fw_cfg_key {
	FW_CFG_SIGNATURE = 0x00,   /* "QEMU" */
	FW_CFG_ID        = 0x01,   /* feature bits: 1 = this port interface, no DMA */
	FW_CFG_RAM_SIZE  = 0x03,   /* 64-bit RAM size in bytes */
	FW_CFG_NB_CPUS   = 0x05,   /* 16-bit number of vCPUs */
	FW_CFG_MAX_CPUS  = 0x0f,   /* 16-bit, the same: no hot-plug */
};

struct fw_cfg {
	pthread_mutex_t lock;         /* the vCPUs of an SMP guest share it */
	uint64_t ram_size;
	unsigned ncpus;
	uint16_t key;
	uint32_t offset;              /* next byte of the selected item */
};

void fw_cfg_init(struct fw_cfg *cfg, uint64_t ram_size, unsigned ncpus);

struct vcpu;
/* The bytes of item key for a guest with that RAM and vCPU count;
 * returns how many (0: no such item, which reads as zeros). */
size_t fw_cfg_item(uint16_t key, uint64_t ram_size, unsigned ncpus, uint8_t *buf, size_t buflen);
/* Bus handler (owner: the struct fw_cfg): offset 0 selector, 1 data. */
int fw_cfg_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data);

#endif
