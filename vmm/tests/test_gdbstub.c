/* tests/test_gdbstub.c: the GDB remote protocol engine (gdbstub.c) against
 * a fake target: two vCPUs, 64 KiB of memory mapped at FAKE_BASE, and a
 * record of every resume. Framing, checksums, acks and no-ack mode,
 * every packet the stub answers, and malformed, oversized and
 * wrong-checksum input. No KVM. */
#include <stdarg.h>
#include <string.h>
#include "tests.h"
#include "gdb_tdesc.h"
#include "gdbstub.h"

#define FAKE_BASE 0x1000u
#define FAKE_SIZE 0x10000u

static struct {
	int cpus;
	struct gdb_regs regs[2];
	uint8_t mem[FAKE_SIZE];
	int resumes, stops, kills;
	enum gdb_action actions[GDB_MAX_CPUS];
	struct gdb_debug debug;
} fake;

static char out[65536];
static size_t out_len;
static struct gdb_session session;

static int fake_cpu_count(void *t) { return fake.cpus; }

static int fake_get_regs(void *t, int cpu, struct gdb_regs *r)
{
	*r = fake.regs[cpu];
	return 0;
}

static int fake_set_regs(void *t, int cpu, const struct gdb_regs *r)
{
	fake.regs[cpu] = *r;
	return 0;
}

static long fake_read_mem(void *t, int cpu, uint64_t addr, uint8_t *buf, size_t len)
{
	if (addr < FAKE_BASE || addr >= FAKE_BASE + FAKE_SIZE)
		return 0;
	size_t n = FAKE_BASE + FAKE_SIZE - addr < len ? FAKE_BASE + FAKE_SIZE - addr : len;
	memcpy(buf, fake.mem + (addr - FAKE_BASE), n);
	return (long)n;
}

static int fake_write_mem(void *t, int cpu, uint64_t addr, const uint8_t *buf, size_t len)
{
	if (addr < FAKE_BASE || addr + len > FAKE_BASE + FAKE_SIZE)
		return -1;
	memcpy(fake.mem + (addr - FAKE_BASE), buf, len);
	return 0;
}

static void fake_resume(void *t, const enum gdb_action actions[GDB_MAX_CPUS], const struct gdb_debug *d)
{
	fake.resumes++;
	memcpy(fake.actions, actions, sizeof fake.actions);
	fake.debug = *d;
}

static void fake_stop(void *t) { fake.stops++; }
static void fake_kill(void *t) { fake.kills++; }

static const struct gdb_target_ops fake_ops = {
	.cpu_count = fake_cpu_count, .get_regs = fake_get_regs, .set_regs = fake_set_regs,
	.read_mem = fake_read_mem, .write_mem = fake_write_mem, .resume = fake_resume,
	.stop = fake_stop, .kill = fake_kill,
};

static void capture(void *io, const char *data, size_t len)
{
	if (out_len + len < sizeof out) {
		memcpy(out + out_len, data, len);
		out_len += len;
		out[out_len] = '\0';
	}
}

/* A fresh session on a fake machine: cpu 0 in long mode, stopped. */
static void start(bool sw_breakpoints, bool hw_breakpoints, bool watchpoints)
{
	memset(&fake, 0, sizeof fake);
	fake.cpus = 2;
	for (int i = 0; i < 2; i++) {
		fake.regs[i].mode = GDB_MODE_LONG;
		fake.regs[i].rax = 0x1122334455667788ull + (uint64_t)i;
		fake.regs[i].rip = 0x1000 + 0x10 * (uint64_t)i;
	}
	for (size_t i = 0; i < FAKE_SIZE; i++)
		fake.mem[i] = (uint8_t)i;
	out_len = 0;
	out[0] = '\0';
	struct gdb_caps caps = { sw_breakpoints, hw_breakpoints, watchpoints };
	gdb_session_init(&session, &fake_ops, NULL, caps, capture, NULL);
	struct gdb_stop stop = { .cpu = 0, .cause = GDB_STOP_ATTACH, .slot = -1 };
	gdb_session_attach(&session, &stop);
}

static void feed_raw(const char *bytes, size_t len)
{
	out_len = 0;
	out[0] = '\0';
	gdb_session_input(&session, (const uint8_t *)bytes, len);
}

/* Send $body#checksum; returns what the stub sent back. */
static const char *feed_len(const char *body, size_t len)
{
	static char framed[8192];
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum += (uint8_t)body[i];
	framed[0] = '$';
	memcpy(framed + 1, body, len);
	snprintf(framed + 1 + len, 4, "#%02x", sum);
	feed_raw(framed, len + 4);
	return out;
}

static const char *feed(const char *body)
{
	return feed_len(body, strlen(body));
}

/* The reply's body, checked for its framing and checksum. */
static const char *body(void)
{
	static char text[sizeof out];
	const char *start = strchr(out, '$'), *hash = start ? strrchr(start, '#') : NULL;
	if (!start || !hash || strlen(hash) != 3)
		return "<no packet>";
	uint8_t sum = 0;
	for (const char *p = start + 1; p < hash; p++)
		sum += (uint8_t)*p;
	unsigned theirs;
	if (sscanf(hash + 1, "%2x", &theirs) != 1 || theirs != sum)
		return "<bad checksum>";
	memcpy(text, start + 1, (size_t)(hash - start - 1));
	text[hash - start - 1] = '\0';
	return text;
}

static const char *ask(const char *packet)
{
	feed(packet);
	return body();
}

/* ---- framing ---- */

static void test_ack_and_checksum(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(feed("?"), "+$T05thread:1;#d7");
	feed_raw("$?#00", 5);                        /* wrong checksum */
	CU_ASSERT_STRING_EQUAL(out, "-");
	feed_raw("$?#zz", 5);                        /* not hex */
	CU_ASSERT_STRING_EQUAL(out, "-");
	feed_raw("-", 1);                            /* GDB asks for the last reply again */
	CU_ASSERT_STRING_EQUAL(out, "$T05thread:1;#d7");
	feed_raw("++noise", 7);                      /* acks and noise between packets */
	CU_ASSERT_EQUAL(out_len, 0);
	feed_raw("$g$?#3f", 7);                      /* a '$' restarts the packet */
	CU_ASSERT_STRING_EQUAL(out, "+$T05thread:1;#d7");
}

static void test_no_ack_mode(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(feed("QStartNoAckMode"), "+$OK#9a");
	CU_ASSERT_STRING_EQUAL(feed("?"), "$T05thread:1;#d7");
	feed_raw("$?#00", 5);                        /* dropped silently */
	CU_ASSERT_EQUAL(out_len, 0);
}

static void test_oversized_packet(void)
{
	static char big[GDB_PACKET_MAX + 100];
	start(true, true, true);
	memset(big, 'm', sizeof big);
	feed_len(big, sizeof big);
	CU_ASSERT_STRING_EQUAL(out, "-");
	CU_ASSERT_STRING_EQUAL(ask("?"), "T05thread:1;");   /* and the next one is fine */
}

static void test_unknown_and_empty(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(feed("vMustReplyEmpty"), "+$#00");
	CU_ASSERT_STRING_EQUAL(ask("!"), "");
	CU_ASSERT_STRING_EQUAL(ask(""), "");
	CU_ASSERT_STRING_EQUAL(ask("qTStatus"), "");
}

/* ---- registers ---- */

static void test_read_registers_long(void)
{
	start(true, true, true);
	const char *g = ask("g");
	CU_ASSERT_EQUAL(strlen(g), 2 * gdb_regs_size(GDB_MODE_LONG));
	CU_ASSERT_EQUAL(gdb_regs_size(GDB_MODE_LONG), 536);
	CU_ASSERT_EQUAL(strncmp(g, "8877665544332211", 16), 0);        /* rax, little-endian */
	CU_ASSERT_EQUAL(strncmp(g + 16 * 16, "0010000000000000", 16), 0); /* rip = 0x1000 */
	CU_ASSERT_STRING_EQUAL(ask("p10"), "0010000000000000");          /* register 16 */
	CU_ASSERT_STRING_EQUAL(ask("p0"), "8877665544332211");
	CU_ASSERT_STRING_EQUAL(ask("p999"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("pzz"), "E16");
}

static void test_write_registers(void)
{
	start(true, true, true);
	char g[2 * 536 + 2];
	snprintf(g, sizeof g, "G%s", ask("g"));
	memcpy(g + 1, "0100000000000000", 16);          /* rax = 1 */
	CU_ASSERT_STRING_EQUAL(ask(g), "OK");
	CU_ASSERT_EQUAL(fake.regs[0].rax, 1);
	CU_ASSERT_EQUAL(fake.regs[0].rip, 0x1000);
	g[100] = '\0';                                   /* short */
	CU_ASSERT_STRING_EQUAL(ask(g), "E16");
	CU_ASSERT_STRING_EQUAL(ask("P10=3412000000000000"), "OK");
	CU_ASSERT_EQUAL(fake.regs[0].rip, 0x1234);
	CU_ASSERT_STRING_EQUAL(ask("P10=34"), "E16");     /* wrong width */
	CU_ASSERT_STRING_EQUAL(ask("P10"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("P0=zz00000000000000"), "E16");
}

/* Real mode: GDB's pc is CS base + IP, and a pc written back that lies
 * outside the current segment moves CS. */
static void test_real_mode_pc(void)
{
	start(true, true, true);
	fake.regs[0].mode = GDB_MODE_REAL;
	fake.regs[0].cs = 0x07c0;
	fake.regs[0].cs_base = 0x7c00;
	fake.regs[0].rip = 0x0010;
	CU_ASSERT_EQUAL(gdb_regs_size(GDB_MODE_REAL), 308);
	CU_ASSERT_EQUAL(strlen(ask("g")), 2 * 308);
	CU_ASSERT_STRING_EQUAL(ask("p8"), "107c0000");       /* eip = 0x7c10 */
	CU_ASSERT_STRING_EQUAL(ask("P8=207c0000"), "OK");     /* within the segment */
	CU_ASSERT_EQUAL(fake.regs[0].cs, 0x07c0);
	CU_ASSERT_EQUAL(fake.regs[0].rip, 0x20);
	CU_ASSERT_STRING_EQUAL(ask("P8=05000100"), "OK");     /* 0x10005: still CS:0x8405 */
	CU_ASSERT_EQUAL(fake.regs[0].cs, 0x07c0);
	CU_ASSERT_EQUAL(fake.regs[0].rip, 0x8405);
	CU_ASSERT_STRING_EQUAL(ask("P8=05000200"), "OK");     /* 0x20005: out of reach */
	CU_ASSERT_EQUAL(fake.regs[0].cs, 0x2000);
	CU_ASSERT_EQUAL(fake.regs[0].rip, 0x5);
}

static void test_target_description(void)
{
	start(true, true, true);
	char xml[16384];
	size_t n = gdb_target_xml(GDB_MODE_LONG, xml, sizeof xml);
	CU_ASSERT(n > 0 && n < sizeof xml);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<architecture>i386:x86-64</architecture>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\"/>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "org.gnu.gdb.i386.sse"));
	gdb_target_xml(GDB_MODE_REAL, xml, sizeof xml);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<architecture>i8086</architecture>"));
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<reg name=\"eip\" bitsize=\"32\" type=\"code_ptr\"/>"));
	char small[10];
	size_t pm32 = gdb_target_xml(GDB_MODE_PM32, xml, sizeof xml);
	CU_ASSERT_PTR_NOT_NULL(strstr(xml, "<architecture>i386</architecture>"));
	CU_ASSERT_EQUAL(gdb_target_xml(GDB_MODE_PM32, small, sizeof small), pm32);   /* like snprintf */
	CU_ASSERT_EQUAL(small[9], '\0');
}

/* qXfer reads the description in pieces: 'm' while more follows, 'l' last. */
static void test_qxfer_features(void)
{
	char xml[16384], got[16384] = "";
	start(true, true, true);
	size_t n = gdb_target_xml(GDB_MODE_LONG, xml, sizeof xml);
	size_t offset = 0;
	for (int rounds = 0; rounds < 100; rounds++) {
		char q[64];
		snprintf(q, sizeof q, "qXfer:features:read:target.xml:%zx,400", offset);
		const char *r = ask(q);
		CU_ASSERT(r[0] == 'm' || r[0] == 'l');
		strcat(got, r + 1);
		offset += strlen(r + 1);
		if (r[0] == 'l')
			break;
	}
	CU_ASSERT_EQUAL(offset, n);
	CU_ASSERT_STRING_EQUAL(got, xml);
	CU_ASSERT_STRING_EQUAL(ask("qXfer:features:read:target.xml:ffffff,10"), "l");
	CU_ASSERT_STRING_EQUAL(ask("qXfer:features:read:other.xml:0,10"), "E00");
	CU_ASSERT_STRING_EQUAL(ask("qXfer:features:read:target.xml:0"), "E16");
}

/* ---- memory ---- */

static void test_read_memory(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("m1000,4"), "00010203");
	CU_ASSERT_STRING_EQUAL(ask("m10ffe,8"), "feff");          /* stops at the end of the mapping */
	CU_ASSERT_STRING_EQUAL(ask("m20000,4"), "E0e");           /* unmapped */
	CU_ASSERT_STRING_EQUAL(ask("m1000,0"), "");
	CU_ASSERT_STRING_EQUAL(ask("m1000"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("m1000,4x"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("m11111111111111111,4"), "E16"); /* more than 64 bits */
	const char *huge = ask("m1000,ffffffffffffffff");          /* capped, not trusted */
	CU_ASSERT(strlen(huge) > 0 && strlen(huge) < GDB_PACKET_MAX);
}

static void test_write_memory(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("M1000,2:abcd"), "OK");
	CU_ASSERT_EQUAL(fake.mem[0], 0xab);
	CU_ASSERT_EQUAL(fake.mem[1], 0xcd);
	CU_ASSERT_STRING_EQUAL(ask("M1000,2:abc"), "E16");        /* too short */
	CU_ASSERT_STRING_EQUAL(ask("M1000,2:abcdef"), "E16");     /* too long */
	CU_ASSERT_STRING_EQUAL(ask("M1000,1:zz"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("M20000,1:00"), "E0e");
	CU_ASSERT_STRING_EQUAL(ask("M1000,ffffffff:00"), "E16");
	/* X: binary, with '}' escapes: "}\x03" is '#' (0x23). */
	CU_ASSERT_STRING_EQUAL(ask("X1004,3:a}\x03z"), "OK");
	CU_ASSERT_EQUAL(fake.mem[4], 'a');
	CU_ASSERT_EQUAL(fake.mem[5], '#');
	CU_ASSERT_EQUAL(fake.mem[6], 'z');
	CU_ASSERT_STRING_EQUAL(ask("X1004,0:"), "OK");            /* GDB's probe */
	CU_ASSERT_STRING_EQUAL(ask("X1004,2:a"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("X1004,1:}"), "E16");          /* a dangling escape */
}

/* ---- breakpoints ---- */

static void test_software_breakpoint(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("Z0,1010,1"), "OK");
	CU_ASSERT_EQUAL(fake.mem[0x10], 0xcc);
	CU_ASSERT_STRING_EQUAL(ask("m1010,1"), "10");             /* GDB sees the original */
	CU_ASSERT_STRING_EQUAL(ask("M1010,1:90"), "OK");          /* a write keeps the int3 */
	CU_ASSERT_EQUAL(fake.mem[0x10], 0xcc);
	CU_ASSERT_STRING_EQUAL(feed("vCont;c"), "+");           /* the reply is the stop */
	CU_ASSERT(fake.debug.sw_breakpoints);
	CU_ASSERT_EQUAL(fake.debug.dr7, 0);
	struct gdb_stop stop = { .cpu = 0, .cause = GDB_STOP_SW_BREAK, .slot = -1 };
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T05thread:1;");
	CU_ASSERT_STRING_EQUAL(ask("z0,1010,1"), "OK");
	CU_ASSERT_EQUAL(fake.mem[0x10], 0x90);                    /* the byte written since */
	CU_ASSERT_STRING_EQUAL(ask("Z0,20000,1"), "E0e");         /* unmapped */
	CU_ASSERT_STRING_EQUAL(ask("Z0,1010"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("Z9,1010,1"), "");
}

/* A host without int3 traps: Z0 takes a debug register. */
static void test_breakpoints_in_debug_registers(void)
{
	start(false, true, false);
	CU_ASSERT_STRING_EQUAL(ask("Z0,1010,1"), "OK");
	CU_ASSERT_EQUAL(fake.mem[0x10], 0x10);                    /* memory untouched */
	CU_ASSERT_STRING_EQUAL(ask("Z1,1020,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z0,1030,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z0,1040,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z0,1050,1"), "E1c");          /* four slots */
	CU_ASSERT_STRING_EQUAL(ask("Z2,1000,4"), "");             /* watchpoints: unsupported here */
	ask("c");
	CU_ASSERT_FALSE(fake.debug.sw_breakpoints);
	CU_ASSERT_EQUAL(fake.debug.dr[0], 0x1010);
	CU_ASSERT_EQUAL(fake.debug.dr[1], 0x1020);
	CU_ASSERT_EQUAL(fake.debug.dr7, 0x400 | 0x55);            /* L0-L3, execute, length 1 */
	struct gdb_stop stop = { .cpu = 1, .cause = GDB_STOP_HW_SLOT, .slot = 1 };
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T05thread:2;");
	CU_ASSERT_STRING_EQUAL(ask("z0,1010,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("z1,1020,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z0,1050,1"), "OK");
}

/* A host whose debug registers do nothing either: no Z1, and Z0 fails
 * rather than letting GDB plant an int3 that would not trap. */
static void test_no_breakpoints_at_all(void)
{
	start(false, false, false);
	CU_ASSERT_STRING_EQUAL(ask("Z1,1020,1"), "");
	CU_ASSERT_STRING_EQUAL(ask("Z0,1010,1"), "E26");
	CU_ASSERT_STRING_EQUAL(ask("z0,1010,1"), "OK");
	CU_ASSERT_EQUAL(fake.mem[0x10], 0x10);
}

static void test_watchpoints(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("Z2,2000,4"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z3,2008,8"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z4,2001,1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Z2,2002,4"), "E16");          /* unaligned */
	CU_ASSERT_STRING_EQUAL(ask("Z2,2000,3"), "E16");          /* no such length */
	ask("vCont;c");
	/* slot 0: write, 4 bytes (01, 11); slot 1: read/write, 8 bytes (11, 10);
	 * slot 2: read/write, 1 byte (11, 00). */
	CU_ASSERT_EQUAL(fake.debug.dr7, 0x400 | 0x15 | (0xdull << 16) | (0xbull << 20) | (0x3ull << 24));
	struct gdb_stop stop = { .cpu = 0, .cause = GDB_STOP_HW_SLOT, .slot = 0 };
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T05thread:1;watch:2000;");
	ask("c");
	stop.slot = 1;
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T05thread:1;rwatch:2008;");
	CU_ASSERT_STRING_EQUAL(ask("z2,2000,4"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("z2,2000,4"), "OK");           /* again: nothing there, fine */
}

/* ---- running, threads ---- */

static void test_vcont(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("vCont?"), "vCont;c;C;s;S;t");
	feed("vCont;s:2;c");
	CU_ASSERT_STRING_EQUAL(out, "+");                        /* no reply until it stops */
	CU_ASSERT_EQUAL(fake.resumes, 1);
	CU_ASSERT_EQUAL(fake.actions[0], GDB_CONTINUE);
	CU_ASSERT_EQUAL(fake.actions[1], GDB_STEP);
	feed("?");                                               /* ignored while running */
	CU_ASSERT_STRING_EQUAL(out, "+");
	struct gdb_stop stop = { .cpu = 1, .cause = GDB_STOP_STEP, .slot = -1 };
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T05thread:2;");
	CU_ASSERT_STRING_EQUAL(feed("vCont;s:1"), "+");
	CU_ASSERT_EQUAL(fake.actions[0], GDB_STEP);
	CU_ASSERT_EQUAL(fake.actions[1], GDB_STAY);              /* not named: stays stopped */
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(feed("vCont;C05:1;t"), "+");
	CU_ASSERT_EQUAL(fake.actions[0], GDB_CONTINUE);
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(ask("vCont;x"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("vCont;c:9"), "E16");          /* no thread 9 */
	CU_ASSERT_STRING_EQUAL(ask("vCont;c:"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("vContc"), "");
	CU_ASSERT_EQUAL(fake.resumes, 3);
}

static void test_step_and_continue_at(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("Hc2"), "OK");
	feed("s");
	CU_ASSERT_EQUAL(fake.actions[1], GDB_STEP);
	CU_ASSERT_EQUAL(fake.actions[0], GDB_STAY);
	struct gdb_stop stop = { .cpu = 1, .cause = GDB_STOP_STEP, .slot = -1 };
	gdb_session_stopped(&session, &stop);
	feed("c2000");                                            /* continue at 0x2000 */
	CU_ASSERT_EQUAL(fake.regs[1].rip, 0x2000);
	CU_ASSERT_EQUAL(fake.actions[0], GDB_CONTINUE);
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(ask("cxyz"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("C05;zz"), "E16");
	CU_ASSERT_EQUAL(fake.resumes, 2);
}

static void test_interrupt(void)
{
	start(true, true, true);
	feed_raw("\x03", 1);                                     /* not running: nothing */
	CU_ASSERT_EQUAL(fake.stops, 0);
	feed("c");
	feed_raw("\x03", 1);
	CU_ASSERT_EQUAL(fake.stops, 1);
	struct gdb_stop stop = { .cpu = 0, .cause = GDB_STOP_INTERRUPT, .slot = -1 };
	gdb_session_stopped(&session, &stop);
	CU_ASSERT_STRING_EQUAL(body(), "T02thread:1;");
	out_len = 0;
	gdb_session_stopped(&session, &stop);                    /* not running: no reply */
	CU_ASSERT_EQUAL(out_len, 0);
}

static void test_threads(void)
{
	start(true, true, true);
	CU_ASSERT_STRING_EQUAL(ask("qfThreadInfo"), "m1,2");
	CU_ASSERT_STRING_EQUAL(ask("qsThreadInfo"), "l");
	CU_ASSERT_STRING_EQUAL(ask("qC"), "QC1");
	CU_ASSERT_STRING_EQUAL(ask("T2"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("T3"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("Hg2"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("p0"), "8977665544332211");   /* cpu 1's rax */
	CU_ASSERT_STRING_EQUAL(ask("Hg0"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("p0"), "8877665544332211");
	CU_ASSERT_STRING_EQUAL(ask("Hg-1"), "OK");
	CU_ASSERT_STRING_EQUAL(ask("Hg9"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("Hx1"), "E16");
	CU_ASSERT_STRING_EQUAL(ask("H"), "E16");
	const char *extra = ask("qThreadExtraInfo,2");           /* hex of "vCPU 1" */
	CU_ASSERT_STRING_EQUAL(extra, "764350552031");
	CU_ASSERT_STRING_EQUAL(ask("qAttached"), "1");
	const char *supported = ask("qSupported:multiprocess+;swbreak+");
	CU_ASSERT_PTR_NOT_NULL(strstr(supported, "PacketSize=1000"));
	CU_ASSERT_PTR_NOT_NULL(strstr(supported, "qXfer:features:read+"));
}

static void test_kill_detach_exit(void)
{
	start(true, true, true);
	ask("Z0,1010,1");
	feed("k");
	CU_ASSERT_EQUAL(fake.kills, 1);
	CU_ASSERT_EQUAL(session.state, GDB_SESSION_CLOSED);
	CU_ASSERT_EQUAL(fake.mem[0x10], 0x10);                   /* breakpoint taken out */
	start(true, true, true);
	ask("Z0,1010,1");
	CU_ASSERT_STRING_EQUAL(ask("D"), "OK");
	CU_ASSERT_EQUAL(session.state, GDB_SESSION_CLOSED);
	CU_ASSERT_EQUAL(fake.mem[0x10], 0x10);
	feed("?");                                               /* closed: ignored */
	CU_ASSERT_EQUAL(out_len, 0);
	start(true, true, true);
	feed("c");
	out_len = 0;
	gdb_session_exited(&session, 42);
	CU_ASSERT_STRING_EQUAL(body(), "W2a");
	CU_ASSERT_EQUAL(session.state, GDB_SESSION_CLOSED);
}

static const struct test_entry tests[] = {
	TEST(test_ack_and_checksum), TEST(test_no_ack_mode), TEST(test_oversized_packet),
	TEST(test_unknown_and_empty), TEST(test_read_registers_long), TEST(test_write_registers),
	TEST(test_real_mode_pc), TEST(test_target_description), TEST(test_qxfer_features),
	TEST(test_read_memory), TEST(test_write_memory), TEST(test_software_breakpoint),
	TEST(test_breakpoints_in_debug_registers), TEST(test_no_breakpoints_at_all),
	TEST(test_watchpoints), TEST(test_vcont),
	TEST(test_step_and_continue_at), TEST(test_interrupt), TEST(test_threads),
	TEST(test_kill_detach_exit),
};

CU_pSuite add_gdbstub_suite(void)
{
	return ADD_SUITE("gdbstub", NULL, NULL, tests);
}
