/* tests/test_pit.c: the PC's interval timer on a clock the test moves:
 * channel 0's reload (low then high byte, or one of them) sets IRQ0's
 * rate within 1-1000 Hz, the counter counts down and reads back latched
 * or live, and the command port is write-only. */
#include "tests.h"
#include "pit.h"

static uint64_t fake_ns;
static uint64_t fake_clock(void) { return fake_ns; }
static unsigned last_rate, rate_calls;
static void note_rate(void *owner, unsigned hz) { (void)owner; last_rate = hz; rate_calls++; }

static struct pit pit;

static void out(unsigned port, uint8_t v) { pit_io(&pit, NULL, port - PIT_PORT_BASE, 1, true, &v); }
static uint8_t in(unsigned port) { uint8_t v = 0; pit_io(&pit, NULL, port - PIT_PORT_BASE, 1, false, &v); return v; }

static void setup(void)
{
	pit_init(&pit, note_rate, NULL);
	pit.now_ns = fake_clock;
	fake_ns = 1000;
	last_rate = rate_calls = 0;
}

static void test_rates(void)
{
	CU_ASSERT_EQUAL(pit_rate(11932), 100u);
	CU_ASSERT_EQUAL(pit_rate(0), 18u);                  /* 65536: the PC's 18.2 Hz */
	CU_ASSERT_EQUAL(pit_rate(1), PIT_MAX_RATE);         /* kept within reach */
	CU_ASSERT_EQUAL(pit_rate(1193), 1000u);
}

static void test_reload_sets_the_rate(void)
{
	setup();
	out(0x43, 0x36);                                      /* channel 0, low then high, mode 3 */
	out(0x40, 11932 & 0xff);
	CU_ASSERT_EQUAL(rate_calls, 0u);                      /* half a reload: nothing yet */
	out(0x40, 11932 >> 8);
	CU_ASSERT_EQUAL(rate_calls, 1u);
	CU_ASSERT_EQUAL(last_rate, 100u);
	out(0x43, 0x26);                                      /* high byte only */
	out(0x40, 0x10);                                      /* 4096: 291 Hz */
	CU_ASSERT_EQUAL(last_rate, 291u);
	out(0x43, 0xb6);                                      /* channel 2 (the speaker): no rate */
	out(0x42, 0x34), out(0x42, 0x12);
	CU_ASSERT_EQUAL(rate_calls, 2u);
	CU_ASSERT_EQUAL(in(0x43), 0xff);
}

static void test_counter_counts_down_and_latches(void)
{
	setup();
	out(0x43, 0x34);
	out(0x40, 0x00), out(0x40, 0x10);                     /* 4096 */
	fake_ns += 1000000;                                   /* 1 ms: 1193 counts */
	out(0x43, 0x00);                                      /* latch channel 0 */
	fake_ns += 500000;                                    /* the latch does not move */
	uint16_t latched = (uint16_t)(in(0x40) | in(0x40) << 8);
	CU_ASSERT_EQUAL(latched, 4096 - 1193);
	uint16_t live = (uint16_t)(in(0x40) | in(0x40) << 8);  /* 1.5 ms: 1789 counts */
	CU_ASSERT_EQUAL(live, 4096 - 1789);
	fake_ns += 4000000;                                   /* it wraps at the reload */
	live = (uint16_t)(in(0x40) | in(0x40) << 8);
	CU_ASSERT(live <= 4096);
}

static const struct test_entry tests[] = {
	TEST(test_rates), TEST(test_reload_sets_the_rate), TEST(test_counter_counts_down_and_latches),
};

CU_pSuite add_pit_suite(void)
{
	return ADD_SUITE("pit", NULL, NULL, tests);
}
