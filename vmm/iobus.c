/* iobus.c: the port map. One table names every port range a guest can
 * use and the handler that owns it; a port outside the table reads as
 * 0xFF and ignores writes (logged under --trace). docs/ABI.md lists the
 * same ports for guest authors. */
#include <stdio.h>
#include <string.h>
#include "debug_exit.h"
#include "fw_cfg.h"
#include "hypercall.h"
#include "iobus.h"
#include "machine.h"
#include "serial.h"

typedef int (*port_handler)(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data);

struct port_range {
	uint16_t base, count;
	const char *name;
	port_handler handle;
};

static int ignore_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data)
{
	(void)vcpu, (void)port;
	if (!is_write)
		*data = 0xff;
	return VCPU_CONTINUE;
}

static const struct port_range port_map[] = {
	{ 0x020, 2, "pic",          pic_io },
	{ 0x060, 1, "kbd-data",     kbd_io },
	{ 0x064, 1, "kbd-status",   kbd_io },
	{ 0x0a0, 2, "pic-slave",    ignore_io },
	{ PORT_DEBUG_EXIT, 1, "debug-exit", debug_exit_io },
	{ PORT_SERIAL0, SERIAL_PORTS, "serial0", serial_io },
	{ 0x500, 1, "hypercall",    hypercall_io },
	{ 0x501, 1, "exception",    exception_io },
	{ PORT_FW_CFG, FW_CFG_PORTS, "fw-cfg", fw_cfg_io },
};

static const struct port_range *find_port(uint16_t port)
{
	for (size_t i = 0; i < sizeof port_map / sizeof port_map[0]; i++)
		if (port >= port_map[i].base && port < port_map[i].base + port_map[i].count)
			return &port_map[i];
	return NULL;
}

int iobus_dispatch(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	bool is_write = run->io.direction == KVM_EXIT_IO_OUT;
	uint8_t *data = (uint8_t *)run + run->io.data_offset;
	const struct port_range *range = find_port(run->io.port);
	port_handler handle = range ? range->handle : ignore_io;
	if (vcpu->machine->cfg->trace)
		fprintf(stderr, "[cpu%d] io %s port=0x%x size=%u count=%u data=0x%02x%s\n", vcpu->id,
			is_write ? "out" : "in", run->io.port, run->io.size, run->io.count,
			is_write ? data[0] : 0, range ? "" : " (no device: ignored, reads 0xff)");
	/* A port access moves `size` bytes `count` times (rep ins/outs); the
	 * devices here are byte-wide, so each element goes by its low byte. */
	for (uint32_t i = 0; i < run->io.count; i++) {
		uint8_t *element = data + (size_t)i * run->io.size;
		if (!is_write)
			memset(element, 0xff, run->io.size);
		if (handle(vcpu, run->io.port, is_write, element) == VCPU_STOP)
			return VCPU_STOP;
	}
	return VCPU_CONTINUE;
}
