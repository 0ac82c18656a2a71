/* gdbstub.c: the GDB remote serial protocol engine: packet framing,
 * checksums and acknowledgements, and the answer to each packet. Pure
 * logic: the machine is behind struct gdb_target_ops (gdbstub.h), bytes
 * come in through gdb_session_input and go out through s->send.
 *
 * Guest-controlled values (memory, registers) and GDB's packets are both
 * untrusted here: every length is checked against the buffers, a bad
 * packet gets an error reply, never a crash. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gdb_tdesc.h"
#include "gdbstub.h"

#define SIGINT_GDB  2
#define SIGTRAP_GDB 5
#define MAX_MEM_XFER ((GDB_PACKET_MAX - 8) / 2)   /* bytes per m reply */

/* ---- hex ---- */

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const char hex_chars[] = "0123456789abcdef";

static void to_hex(char *out, const uint8_t *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = hex_chars[bytes[i] >> 4];
		out[2 * i + 1] = hex_chars[bytes[i] & 15];
	}
}

/* Decode exactly len bytes of hex; false on a non-hex digit. */
static bool from_hex(const char *text, uint8_t *bytes, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		int hi = hex_digit(text[2 * i]), lo = hi < 0 ? -1 : hex_digit(text[2 * i + 1]);
		if (lo < 0)
			return false;
		bytes[i] = (uint8_t)(hi << 4 | lo);
	}
	return true;
}

/* A hex number at *p (at most 16 digits), moving *p past it. */
static bool parse_hex(const char **p, uint64_t *value)
{
	const char *start = *p;
	uint64_t v = 0;
	while (hex_digit(**p) >= 0) {
		if (*p - start >= 16)
			return false;
		v = v << 4 | (uint64_t)hex_digit(**p);
		(*p)++;
	}
	*value = v;
	return *p != start;
}

static bool expect_char(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* ---- sending ---- */

/* Frame body as $body#sum (escaping what the framing reserves) and send it. */
static void send_packet(struct gdb_session *s, const char *body, size_t len)
{
	size_t out = 0;
	uint8_t sum = 0;
	s->reply[out++] = '$';
	for (size_t i = 0; i < len && out + 6 < sizeof s->reply; i++) {
		uint8_t c = (uint8_t)body[i];
		if (c == '$' || c == '#' || c == '}' || c == '*') {
			s->reply[out++] = '}';
			sum += '}';
			c ^= 0x20;
		}
		s->reply[out++] = (char)c;
		sum += c;
	}
	out += (size_t)snprintf(s->reply + out, sizeof s->reply - out, "#%02x", sum);
	s->reply_len = out;
	s->send(s->io, s->reply, out);
}

static void reply(struct gdb_session *s, const char *text)
{
	send_packet(s, text, strlen(text));
}

static void reply_error(struct gdb_session *s, int code)
{
	char text[8];
	snprintf(text, sizeof text, "E%02x", code & 0xff);
	reply(s, text);
}

#define E_INVAL 0x16
#define E_FAULT 0x0e
#define E_NOSPC 0x1c
#define E_NOSYS 0x26

/* ---- threads: GDB thread id N is vCPU N-1 ---- */

static int cpu_count(struct gdb_session *s)
{
	int n = s->ops->cpu_count(s->target);
	return n < 1 ? 1 : n > GDB_MAX_CPUS ? GDB_MAX_CPUS : n;
}

/* "-1" (all), "0" (any) or a thread id; cpu -1 = all, -2 = bad. */
static int parse_thread(struct gdb_session *s, const char **p)
{
	if (**p == '-' && (*p)[1] == '1') {
		*p += 2;
		return -1;
	}
	uint64_t tid;
	if (!parse_hex(p, &tid))
		return -2;
	if (tid == 0)
		return 0;
	return tid <= (uint64_t)cpu_count(s) ? (int)tid - 1 : -2;
}

static int stop_signal(enum gdb_stop_cause cause)
{
	return cause == GDB_STOP_INTERRUPT ? SIGINT_GDB : SIGTRAP_GDB;
}

static void reply_stop(struct gdb_session *s)
{
	const struct gdb_stop *st = &s->last_stop;
	char text[96];
	int n = snprintf(text, sizeof text, "T%02xthread:%x;", stop_signal(st->cause), st->cpu + 1);
	if (st->cause == GDB_STOP_HW_SLOT && st->slot >= 0 && st->slot < GDB_HW_SLOTS) {
		const struct gdb_slot *slot = &s->slots[st->slot];
		static const char *const kinds[5] = { NULL, NULL, "watch", "rwatch", "awatch" };
		if (slot->used && slot->type >= 2 && slot->type <= 4)
			snprintf(text + n, sizeof text - (size_t)n, "%s:%" PRIx64 ";", kinds[slot->type], slot->addr);
	}
	reply(s, text);
}

/* ---- registers ---- */

static enum gdb_cpu_mode session_arch(struct gdb_session *s)
{
	if (s->arch < 0) {
		struct gdb_regs r;
		memset(&r, 0, sizeof r);
		s->arch = s->ops->get_regs(s->target, s->g_cpu, &r) == 0 ? (int)r.mode : GDB_MODE_LONG;
	}
	return (enum gdb_cpu_mode)s->arch;
}

static void cmd_read_registers(struct gdb_session *s)
{
	size_t n;
	const struct gdb_reg_desc *table = gdb_reg_table(session_arch(s), &n);
	struct gdb_regs r;
	memset(&r, 0, sizeof r);
	if (s->ops->get_regs(s->target, s->g_cpu, &r) < 0) {
		reply_error(s, E_FAULT);
		return;
	}
	char text[2 * sizeof r + 1];
	size_t out = 0;
	for (size_t i = 0; i < n; i++) {
		uint8_t bytes[16];
		gdb_reg_get(&table[i], &r, bytes);
		to_hex(text + out, bytes, table[i].bits / 8);
		out += table[i].bits / 4;
	}
	send_packet(s, text, out);
}

static void cmd_write_registers(struct gdb_session *s, const char *args, size_t len)
{
	size_t n;
	enum gdb_cpu_mode arch = session_arch(s);
	const struct gdb_reg_desc *table = gdb_reg_table(arch, &n);
	struct gdb_regs r;
	memset(&r, 0, sizeof r);
	if (len != 2 * gdb_regs_size(arch) || s->ops->get_regs(s->target, s->g_cpu, &r) < 0) {
		reply_error(s, E_INVAL);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		uint8_t bytes[16];
		if (!from_hex(args, bytes, table[i].bits / 8)) {
			reply_error(s, E_INVAL);
			return;
		}
		gdb_reg_set(&table[i], &r, bytes);
		args += table[i].bits / 4;
	}
	if (s->ops->set_regs(s->target, s->g_cpu, &r) < 0)
		reply_error(s, E_FAULT);
	else
		reply(s, "OK");
}

/* p N and P N=VALUE. */
static void cmd_register(struct gdb_session *s, const char *args, size_t len, bool write)
{
	size_t n;
	const struct gdb_reg_desc *table = gdb_reg_table(session_arch(s), &n);
	uint64_t regno;
	const char *p = args;
	struct gdb_regs r;
	memset(&r, 0, sizeof r);
	if (!parse_hex(&p, &regno) || regno >= n) {
		reply_error(s, E_INVAL);
		return;
	}
	const struct gdb_reg_desc *d = &table[regno];
	if (s->ops->get_regs(s->target, s->g_cpu, &r) < 0) {
		reply_error(s, E_FAULT);
		return;
	}
	uint8_t bytes[16];
	if (!write) {
		char text[33];
		gdb_reg_get(d, &r, bytes);
		to_hex(text, bytes, d->bits / 8);
		send_packet(s, text, d->bits / 4);
		return;
	}
	if (!expect_char(&p, '=') || (size_t)(args + len - p) != d->bits / 4 || !from_hex(p, bytes, d->bits / 8)) {
		reply_error(s, E_INVAL);
		return;
	}
	gdb_reg_set(d, &r, bytes);
	if (s->ops->set_regs(s->target, s->g_cpu, &r) < 0)
		reply_error(s, E_FAULT);
	else
		reply(s, "OK");
}

/* ---- memory, with our own int3s hidden from GDB ---- */

static void hide_breakpoints(struct gdb_session *s, uint64_t addr, uint8_t *buf, size_t len)
{
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (s->sw[i].used && s->sw[i].addr - addr < len)
			buf[s->sw[i].addr - addr] = s->sw[i].saved;
}

/* A write over our int3s updates the bytes they saved and keeps them. */
static void keep_breakpoints(struct gdb_session *s, uint64_t addr, uint8_t *buf, size_t len)
{
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (s->sw[i].used && s->sw[i].addr - addr < len) {
			s->sw[i].saved = buf[s->sw[i].addr - addr];
			buf[s->sw[i].addr - addr] = 0xcc;
		}
}

/* "ADDR,LEN" followed by end: what m, M, X and Z have in common. */
static bool parse_addr_len(const char **p, uint64_t *addr, uint64_t *len)
{
	return parse_hex(p, addr) && expect_char(p, ',') && parse_hex(p, len);
}

static void cmd_read_memory(struct gdb_session *s, const char *args, size_t len)
{
	const char *p = args;
	uint64_t addr, count;
	if (!parse_addr_len(&p, &addr, &count) || p != args + len) {
		reply_error(s, E_INVAL);
		return;
	}
	if (count > MAX_MEM_XFER)
		count = MAX_MEM_XFER;       /* GDB asks again for the rest */
	uint8_t bytes[MAX_MEM_XFER];
	long got = count ? s->ops->read_mem(s->target, s->g_cpu, addr, bytes, count) : 0;
	if (got < 0 || (got == 0 && count > 0) || (uint64_t)got > count) {
		reply_error(s, E_FAULT);
		return;
	}
	hide_breakpoints(s, addr, bytes, (size_t)got);
	char text[2 * MAX_MEM_XFER];
	to_hex(text, bytes, (size_t)got);
	send_packet(s, text, 2 * (size_t)got);
}

/* Undo the binary escapes of an X packet in place; -1 if malformed. */
static long unescape_binary(uint8_t *data, size_t len)
{
	size_t out = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '}') {
			if (++i == len)
				return -1;
			data[out++] = data[i] ^ 0x20;
		} else {
			data[out++] = data[i];
		}
	}
	return (long)out;
}

/* M ADDR,LEN:HEX (binary = false) and X ADDR,LEN:BYTES. */
static void cmd_write_memory(struct gdb_session *s, char *args, size_t len, bool binary)
{
	const char *p = args;
	uint64_t addr, count;
	if (!parse_addr_len(&p, &addr, &count) || !expect_char(&p, ':') || count > GDB_PACKET_MAX) {
		reply_error(s, E_INVAL);
		return;
	}
	uint8_t bytes[GDB_PACKET_MAX];
	size_t rest = (size_t)(args + len - p);
	if (binary) {
		long n = unescape_binary((uint8_t *)args + (p - args), rest);
		if (n < 0 || (uint64_t)n != count) {
			reply_error(s, E_INVAL);
			return;
		}
		memcpy(bytes, p, (size_t)count);
	} else if (rest != 2 * count || !from_hex(p, bytes, (size_t)count)) {
		reply_error(s, E_INVAL);
		return;
	}
	if (count == 0) {            /* GDB's probe for X support */
		reply(s, "OK");
		return;
	}
	keep_breakpoints(s, addr, bytes, (size_t)count);
	if (s->ops->write_mem(s->target, s->g_cpu, addr, bytes, (size_t)count) < 0) {
		hide_breakpoints(s, addr, bytes, (size_t)count);   /* nothing was written */
		reply_error(s, E_FAULT);
		return;
	}
	reply(s, "OK");
}

/* ---- breakpoints and watchpoints ---- */

static struct gdb_breakpoint *find_sw(struct gdb_session *s, uint64_t addr)
{
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (s->sw[i].used && s->sw[i].addr == addr)
			return &s->sw[i];
	return NULL;
}

static int insert_sw(struct gdb_session *s, uint64_t addr)
{
	if (find_sw(s, addr))
		return 0;
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++) {
		struct gdb_breakpoint *bp = &s->sw[i];
		if (bp->used)
			continue;
		uint8_t int3 = 0xcc;
		if (s->ops->read_mem(s->target, s->g_cpu, addr, &bp->saved, 1) != 1 ||
		    s->ops->write_mem(s->target, s->g_cpu, addr, &int3, 1) < 0)
			return E_FAULT;
		bp->used = true;
		bp->addr = addr;
		return 0;
	}
	return E_NOSPC;
}

static int remove_sw(struct gdb_session *s, struct gdb_breakpoint *bp)
{
	bp->used = false;
	return s->ops->write_mem(s->target, s->g_cpu, bp->addr, &bp->saved, 1) < 0 ? E_FAULT : 0;
}

static bool slot_len_ok(int type, uint64_t addr, uint64_t len)
{
	if (type <= 1)
		return true;               /* an instruction: the length is GDB's "kind" */
	return (len == 1 || len == 2 || len == 4 || len == 8) && addr % len == 0;
}

static int insert_slot(struct gdb_session *s, int type, uint64_t addr, uint64_t len)
{
	if (!slot_len_ok(type, addr, len))
		return E_INVAL;
	for (int i = 0; i < GDB_HW_SLOTS; i++)
		if (s->slots[i].used && s->slots[i].type == type && s->slots[i].addr == addr &&
		    s->slots[i].len == len)
			return 0;
	for (int i = 0; i < GDB_HW_SLOTS; i++)
		if (!s->slots[i].used) {
			s->slots[i] = (struct gdb_slot){ true, type, addr, (unsigned)len };
			return 0;
		}
	return E_NOSPC;
}

static int remove_slot(struct gdb_session *s, int type, uint64_t addr, uint64_t len)
{
	for (int i = 0; i < GDB_HW_SLOTS; i++)
		if (s->slots[i].used && s->slots[i].type == type && s->slots[i].addr == addr &&
		    (type <= 1 || s->slots[i].len == len)) {
			s->slots[i].used = false;
			return 0;
		}
	return E_INVAL;
}

/* Z/z TYPE,ADDR,KIND. A host whose int3 does not trap (kvm-pvm) gets
 * software breakpoints in debug registers; a host without working debug
 * registers gets an empty reply to Z1 and Z2-Z4 (for watchpoints GDB then
 * single-steps, with `set can-use-hw-watchpoints 0`), and an error for
 * a Z0 it has no way to honour (an empty reply would make GDB write an
 * int3 itself, which would not trap either). */
static void cmd_breakpoint(struct gdb_session *s, const char *args, size_t len, bool insert)
{
	const char *p = args;
	uint64_t type, addr, kind;
	if (!parse_hex(&p, &type) || !expect_char(&p, ',') || !parse_addr_len(&p, &addr, &kind) ||
	    (p != args + len && *p != ';')) {
		reply_error(s, E_INVAL);
		return;
	}
	if (type > 4 || (type == 1 && !s->caps.hw_breakpoints) || (type >= 2 && !s->caps.watchpoints)) {
		reply(s, "");
		return;
	}
	if (type == 0 && insert && !s->caps.sw_breakpoints && !s->caps.hw_breakpoints) {
		reply_error(s, E_NOSYS);
		return;
	}
	int err;
	if (type == 0 && s->caps.sw_breakpoints) {
		struct gdb_breakpoint *bp = find_sw(s, addr);
		err = insert ? insert_sw(s, addr) : bp ? remove_sw(s, bp) : 0;
	} else {
		err = insert ? insert_slot(s, (int)type, addr, kind) : remove_slot(s, (int)type, addr, kind);
		if (!insert && err)
			err = 0;               /* removing what is not there is fine */
	}
	if (err)
		reply_error(s, err);
	else
		reply(s, "OK");
}

static void debug_state(const struct gdb_session *s, struct gdb_debug *d)
{
	static const unsigned len_bits[9] = { 0, 0, 1, 0, 3, 0, 0, 0, 2 };
	memset(d, 0, sizeof *d);
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (s->sw[i].used)
			d->sw_breakpoints = true;
	for (int i = 0; i < GDB_HW_SLOTS; i++) {
		const struct gdb_slot *slot = &s->slots[i];
		if (!slot->used)
			continue;
		unsigned rw = slot->type <= 1 ? 0 : slot->type == 2 ? 1 : 3;
		unsigned len = slot->type <= 1 ? 0 : len_bits[slot->len];
		d->dr[i] = slot->addr;
		d->dr7 |= (1ull << (2 * i)) | ((uint64_t)rw << (16 + 4 * i)) | ((uint64_t)len << (18 + 4 * i));
	}
	if (d->dr7)
		d->dr7 |= 1u << 10;      /* reserved, reads as 1 */
}

/* ---- running ---- */

static void resume(struct gdb_session *s, enum gdb_action actions[GDB_MAX_CPUS])
{
	struct gdb_debug debug;
	debug_state(s, &debug);
	s->state = GDB_SESSION_RUNNING;
	s->ops->resume(s->target, actions, &debug);
}

/* c [ADDR] and s [ADDR] (C/S SIG;ADDR too: the signal is not delivered). */
static void cmd_continue(struct gdb_session *s, const char *args, size_t len, bool step, bool with_signal)
{
	const char *p = args, *end = args + len;
	uint64_t addr;
	int cpu = s->c_cpu >= 0 ? s->c_cpu : s->last_stop.cpu;
	if (with_signal && !parse_hex(&p, &addr)) {
		reply_error(s, E_INVAL);
		return;
	}
	if (with_signal && p < end && !expect_char(&p, ';')) {
		reply_error(s, E_INVAL);
		return;
	}
	if (p < end) {
		struct gdb_regs r;
		memset(&r, 0, sizeof r);
		if (!parse_hex(&p, &addr) || p != end || s->ops->get_regs(s->target, cpu, &r) < 0) {
			reply_error(s, E_INVAL);
			return;
		}
		gdb_pc_from_gdb(&r, addr);
		if (s->ops->set_regs(s->target, cpu, &r) < 0) {
			reply_error(s, E_FAULT);
			return;
		}
	}
	enum gdb_action actions[GDB_MAX_CPUS];
	for (int i = 0; i < GDB_MAX_CPUS; i++)
		actions[i] = step ? GDB_STAY : GDB_CONTINUE;
	if (step)
		actions[cpu] = GDB_STEP;
	resume(s, actions);
}

/* vCont;ACTION[:TID];... The leftmost action naming a thread wins. */
static void cmd_vcont(struct gdb_session *s, const char *args, size_t len)
{
	enum gdb_action actions[GDB_MAX_CPUS];
	bool set[GDB_MAX_CPUS] = { false };
	const char *p = args, *end = args + len;
	int n = cpu_count(s);
	for (int i = 0; i < GDB_MAX_CPUS; i++)
		actions[i] = GDB_STAY;
	while (p < end) {
		enum gdb_action action;
		uint64_t sig;
		if (!expect_char(&p, ';'))
			goto bad;
		char c = *p++;
		if (c == 'c' || c == 'C')
			action = GDB_CONTINUE;
		else if (c == 's' || c == 'S')
			action = GDB_STEP;
		else if (c == 't')
			action = GDB_STAY;
		else
			goto bad;
		if ((c == 'C' || c == 'S') && !parse_hex(&p, &sig))
			goto bad;
		int cpu = -1;
		if (p < end && *p == ':') {
			p++;
			cpu = parse_thread(s, &p);
			if (cpu == -2)
				goto bad;
		}
		for (int i = 0; i < n; i++)
			if ((cpu < 0 || cpu == i) && !set[i]) {
				actions[i] = action;
				set[i] = true;
			}
	}
	resume(s, actions);
	return;
bad:
	reply_error(s, E_INVAL);
}

/* ---- queries ---- */

static bool starts_with(const char *text, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);
	return len >= n && memcmp(text, prefix, n) == 0;
}

/* qXfer:features:read:ANNEX:OFFSET,LENGTH */
static void cmd_features_read(struct gdb_session *s, const char *args, size_t len)
{
	static const char annex[] = "target.xml:";
	const char *p = args + sizeof annex - 1, *end = args + len;
	uint64_t offset, length;
	if (!starts_with(args, len, annex)) {
		reply_error(s, 0);         /* E00: no such annex */
		return;
	}
	if (!parse_addr_len(&p, &offset, &length) || p != end) {
		reply_error(s, E_INVAL);
		return;
	}
	static char xml[16384];
	size_t total = gdb_target_xml(session_arch(s), xml, sizeof xml);
	if (total >= sizeof xml) {
		reply_error(s, E_NOSPC);
		return;
	}
	if (offset >= total) {
		reply(s, "l");
		return;
	}
	if (length > GDB_PACKET_MAX - 8)
		length = GDB_PACKET_MAX - 8;
	char chunk[GDB_PACKET_MAX];
	size_t n = total - offset < length ? total - offset : length;
	chunk[0] = offset + n < total ? 'm' : 'l';
	memcpy(chunk + 1, xml + offset, n);
	send_packet(s, chunk, n + 1);
}

static void cmd_thread_info(struct gdb_session *s)
{
	char text[64] = "m";
	size_t out = 1;
	for (int i = 0; i < cpu_count(s); i++)
		out += (size_t)snprintf(text + out, sizeof text - out, "%s%x", i ? "," : "", i + 1);
	reply(s, text);
}

static void cmd_thread_extra(struct gdb_session *s, const char *args, size_t len)
{
	const char *p = args;
	int cpu = parse_thread(s, &p);
	if (cpu < 0 || p != args + len) {
		reply_error(s, E_INVAL);
		return;
	}
	char line[128] = "";
	if (s->ops->describe)
		s->ops->describe(s->target, cpu, line, sizeof line);
	else
		snprintf(line, sizeof line, "vCPU %d", cpu);
	char text[2 * sizeof line];
	to_hex(text, (const uint8_t *)line, strlen(line));
	send_packet(s, text, 2 * strlen(line));
}

static void cmd_query(struct gdb_session *s, const char *q, size_t len)
{
	char text[160];
	if (starts_with(q, len, "qSupported")) {
		snprintf(text, sizeof text, "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;vContSupported+",
			 GDB_PACKET_MAX);
		reply(s, text);
	} else if (starts_with(q, len, "qXfer:features:read:")) {
		cmd_features_read(s, q + 20, len - 20);
	} else if (len == 9 && starts_with(q, len, "qAttached")) {
		reply(s, "1");
	} else if (len == 2 && q[1] == 'C') {
		snprintf(text, sizeof text, "QC%x", s->last_stop.cpu + 1);
		reply(s, text);
	} else if (len == 12 && starts_with(q, len, "qfThreadInfo")) {
		cmd_thread_info(s);
	} else if (len == 12 && starts_with(q, len, "qsThreadInfo")) {
		reply(s, "l");
	} else if (starts_with(q, len, "qThreadExtraInfo,")) {
		cmd_thread_extra(s, q + 17, len - 17);
	} else if (len == 15 && starts_with(q, len, "QStartNoAckMode")) {
		reply(s, "OK");
		s->no_ack = true;          /* from the next packet on */
	} else {
		reply(s, "");              /* not supported */
	}
}

/* H g TID / H c TID */
static void cmd_set_thread(struct gdb_session *s, const char *args, size_t len)
{
	const char *p = args + 1;
	int cpu = len > 1 ? parse_thread(s, &p) : -2;
	if (cpu == -2 || p != args + len || (args[0] != 'g' && args[0] != 'c')) {
		reply_error(s, E_INVAL);
		return;
	}
	if (args[0] == 'g')
		s->g_cpu = cpu < 0 ? 0 : cpu;
	else
		s->c_cpu = cpu;
	reply(s, "OK");
}

static void cmd_thread_alive(struct gdb_session *s, const char *args, size_t len)
{
	const char *p = args;
	int cpu = parse_thread(s, &p);
	if (cpu < 0 || p != args + len)
		reply_error(s, E_INVAL);
	else
		reply(s, "OK");
}

/* ---- one packet ---- */

static void remove_all_breakpoints(struct gdb_session *s)
{
	for (int i = 0; i < GDB_MAX_SW_BREAKPOINTS; i++)
		if (s->sw[i].used)
			remove_sw(s, &s->sw[i]);
	memset(s->slots, 0, sizeof s->slots);
}

static void handle_packet(struct gdb_session *s, char *packet, size_t len)
{
	char *args = packet + 1;
	size_t alen = len - 1;
	switch (len ? packet[0] : 0) {
	case '?': reply_stop(s); break;
	case 'g': cmd_read_registers(s); break;
	case 'G': cmd_write_registers(s, args, alen); break;
	case 'p': cmd_register(s, args, alen, false); break;
	case 'P': cmd_register(s, args, alen, true); break;
	case 'm': cmd_read_memory(s, args, alen); break;
	case 'M': cmd_write_memory(s, args, alen, false); break;
	case 'X': cmd_write_memory(s, args, alen, true); break;
	case 'c': cmd_continue(s, args, alen, false, false); break;
	case 'C': cmd_continue(s, args, alen, false, true); break;
	case 's': cmd_continue(s, args, alen, true, false); break;
	case 'S': cmd_continue(s, args, alen, true, true); break;
	case 'Z': cmd_breakpoint(s, args, alen, true); break;
	case 'z': cmd_breakpoint(s, args, alen, false); break;
	case 'H': cmd_set_thread(s, args, alen); break;
	case 'T': cmd_thread_alive(s, args, alen); break;
	case 'q':
	case 'Q': cmd_query(s, packet, len); break;
	case 'v':
		if (len == 6 && starts_with(packet, len, "vCont?"))
			reply(s, "vCont;c;C;s;S;t");
		else if (starts_with(packet, len, "vCont;"))
			cmd_vcont(s, packet + 5, len - 5);
		else
			reply(s, "");
		break;
	case 'D':
		reply(s, "OK");
		gdb_session_detach(s);
		break;
	case 'k':
		remove_all_breakpoints(s);
		s->state = GDB_SESSION_CLOSED;
		s->ops->kill(s->target);
		break;
	default:
		reply(s, "");
	}
}

/* ---- receiving ---- */

static void packet_received(struct gdb_session *s)
{
	bool good = !s->overflow && !s->sum_bad && s->sum == s->their_sum;
	if (!s->no_ack)
		s->send(s->io, good ? "+" : "-", 1);
	if (!good || s->state != GDB_SESSION_STOPPED)
		return;                    /* in all-stop GDB waits while we run */
	s->packet[s->packet_len] = '\0';
	handle_packet(s, s->packet, s->packet_len);
}

static void receive_byte(struct gdb_session *s, uint8_t c)
{
	switch (s->rx) {
	case RX_IDLE:
		if (c == '$') {
			s->rx = RX_DATA;
			s->packet_len = 0;
			s->sum = 0;
			s->overflow = false;
		} else if (c == 0x03 && s->state == GDB_SESSION_RUNNING) {
			s->ops->stop(s->target);      /* gdb_session_stopped follows */
		} else if (c == '-' && !s->no_ack && s->reply_len) {
			s->send(s->io, s->reply, s->reply_len);
		}
		break;                              /* '+' and noise */
	case RX_DATA:
		if (c == '#') {
			s->rx = RX_SUM1;
		} else if (c == '$') {              /* a lost '#': start again */
			s->packet_len = 0;
			s->sum = 0;
			s->overflow = false;
		} else {
			s->sum += c;
			if (s->packet_len < GDB_PACKET_MAX)
				s->packet[s->packet_len++] = (char)c;
			else
				s->overflow = true;
		}
		break;
	case RX_SUM1:
		s->sum_bad = hex_digit(c) < 0;
		s->their_sum = (uint8_t)(s->sum_bad ? 0 : hex_digit(c) << 4);
		s->rx = RX_SUM2;
		break;
	case RX_SUM2:
		s->sum_bad |= hex_digit(c) < 0;
		s->their_sum |= (uint8_t)(hex_digit(c) < 0 ? 0 : hex_digit(c));
		s->rx = RX_IDLE;
		packet_received(s);
		break;
	}
}

enum gdb_session_state gdb_session_input(struct gdb_session *s, const uint8_t *data, size_t len)
{
	for (size_t i = 0; i < len && s->state != GDB_SESSION_CLOSED; i++)
		receive_byte(s, data[i]);
	return s->state;
}

/* ---- the session's life ---- */

void gdb_session_init(struct gdb_session *s, const struct gdb_target_ops *ops, void *target,
		      struct gdb_caps caps, gdb_send_fn send, void *io)
{
	memset(s, 0, sizeof *s);
	s->ops = ops;
	s->target = target;
	s->caps = caps;
	s->send = send;
	s->io = io;
	s->arch = -1;
	s->c_cpu = -1;
	s->state = GDB_SESSION_STOPPED;
}

void gdb_session_attach(struct gdb_session *s, const struct gdb_stop *stop)
{
	s->last_stop = *stop;
	s->state = GDB_SESSION_STOPPED;
}

void gdb_session_stopped(struct gdb_session *s, const struct gdb_stop *stop)
{
	if (s->state != GDB_SESSION_RUNNING)
		return;
	s->last_stop = *stop;
	s->state = GDB_SESSION_STOPPED;
	s->g_cpu = stop->cpu;          /* GDB looks at the thread that stopped */
	reply_stop(s);
}

void gdb_session_exited(struct gdb_session *s, int status)
{
	char text[8];
	if (s->state == GDB_SESSION_CLOSED)
		return;
	snprintf(text, sizeof text, "W%02x", status & 0xff);
	reply(s, text);
	s->state = GDB_SESSION_CLOSED;
}

void gdb_session_detach(struct gdb_session *s)
{
	remove_all_breakpoints(s);
	s->state = GDB_SESSION_CLOSED;
}
