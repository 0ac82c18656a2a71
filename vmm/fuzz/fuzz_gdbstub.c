/* fuzz_gdbstub.c: the GDB protocol engine on arbitrary bytes from "GDB".
 * A fake target (two vCPUs, 64 KiB of memory at 0x1000) answers it; after
 * each resume the machine "stops" again at once, so every packet keeps
 * being parsed. The engine must never crash, overrun or send a reply
 * bigger than its buffer. */
#include <stdlib.h>
#include <string.h>
#include "../gdbstub.h"

#define BASE 0x1000u
#define SIZE 0x10000u

static uint8_t mem[SIZE];
static struct gdb_regs regs[2];
static int resumed;

static int cpu_count(void *t) { return 2; }
static int get_regs(void *t, int cpu, struct gdb_regs *r)
{
	if (cpu < 0 || cpu > 1)
		abort();
	*r = regs[cpu];
	return 0;
}
static int set_regs(void *t, int cpu, const struct gdb_regs *r)
{
	if (cpu < 0 || cpu > 1)
		abort();
	regs[cpu] = *r;
	return 0;
}
static long read_mem(void *t, int cpu, uint64_t addr, uint8_t *buf, size_t len)
{
	if (addr < BASE || addr >= BASE + SIZE)
		return 0;
	size_t n = BASE + SIZE - addr < len ? BASE + SIZE - addr : len;
	memcpy(buf, mem + (addr - BASE), n);
	return (long)n;
}
static int write_mem(void *t, int cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
	if (addr < BASE || addr >= BASE + SIZE || len > BASE + SIZE - addr)
		return -1;
	memcpy(mem + (addr - BASE), buf, len);
	return 0;
}
static void resume(void *t, const enum gdb_action a[GDB_MAX_CPUS], const struct gdb_debug *d) { resumed = 1; }
static void stop(void *t) { resumed = 1; }
static void kill_target(void *t) { }

static const struct gdb_target_ops ops = {
	.cpu_count = cpu_count, .get_regs = get_regs, .set_regs = set_regs,
	.read_mem = read_mem, .write_mem = write_mem, .resume = resume, .stop = stop,
	.kill = kill_target,
};

static void sink(void *io, const char *data, size_t len)
{
	if (len > 2 * GDB_PACKET_MAX + 8)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct gdb_session s;
	memset(regs, 0, sizeof regs);
	if (size > 0)
		regs[0].mode = regs[1].mode = (enum gdb_cpu_mode)(data[0] % 3);
	struct gdb_caps caps = { size > 1 && (data[1] & 1), size > 1 && (data[1] & 4),
				 size > 1 && (data[1] & 2) };
	gdb_session_init(&s, &ops, NULL, caps, sink, NULL);
	struct gdb_stop st = { .cpu = 0, .cause = GDB_STOP_ATTACH, .slot = -1 };
	gdb_session_attach(&s, &st);
	for (size_t i = 0; i < size && s.state != GDB_SESSION_CLOSED; i++) {
		resumed = 0;
		gdb_session_input(&s, data + i, 1);
		if (resumed) {
			st.cpu = data[i] & 1;
			st.cause = (enum gdb_stop_cause)(data[i] % 5);
			st.slot = (data[i] >> 2) % 5 - 1;
			gdb_session_stopped(&s, &st);
		}
	}
	return 0;
}
