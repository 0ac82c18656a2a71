/* tests/test_cmos.c: the RTC and CMOS RAM through their bus handler,
 * without KVM, on a clock the test moves: the clock from its epoch,
 * update-in-progress, setting the time in each format, the alarm and
 * status C, the S3 helpers; the calendar (rtc_time.c); the memory sizes,
 * the shutdown byte an AP start-up writes, the NMI bit of the index port,
 * read-only registers. */
#include "tests.h"
#include "cmos.h"
#include "rtc_time.h"

static struct cmos cmos;
static uint64_t fake_ns;

static uint64_t fake_clock(void)
{
	return fake_ns;
}

/* A CMOS on the test's clock, at 0 ns. */
static void init_on_fake_clock(void)
{
	cmos_init(&cmos, 16u << 20);
	fake_ns = 0;
	cmos.now_ns = fake_clock;
	cmos.start_ns = 0;
}

static void out8(unsigned port, uint8_t value)
{
	cmos_io(&cmos, NULL, port - CMOS_PORT_BASE, 1, true, &value);
}

static uint8_t in8(unsigned port)
{
	uint8_t value = 0xff;
	cmos_io(&cmos, NULL, port - CMOS_PORT_BASE, 1, false, &value);
	return value;
}

static uint8_t read_reg(uint8_t reg)
{
	out8(0x70, reg);
	return in8(0x71);
}

static void test_clock_starts_at_its_epoch(void)
{
	init_on_fake_clock();
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_MINUTES), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_HOURS), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_DAY), 1);
	CU_ASSERT_EQUAL(read_reg(CMOS_MONTH), 1);
	CU_ASSERT_EQUAL(read_reg(CMOS_YEAR), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_CENTURY), 0x20);
	CU_ASSERT_EQUAL(read_reg(CMOS_WEEKDAY), 7);            /* a Saturday */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A), 0x26);        /* not updating */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_B), 0x02);        /* BCD, 24-hour */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_D), 0x80);
	cmos_close(&cmos);
}

static void test_memory_sizes(void)
{
	cmos_init(&cmos, 64u << 20);
	CU_ASSERT_EQUAL(read_reg(CMOS_BASE_MEM_LO) | read_reg(CMOS_BASE_MEM_HI) << 8, 640);
	CU_ASSERT_EQUAL(read_reg(CMOS_EXT_MEM_LO) | read_reg(CMOS_EXT_MEM_HI) << 8, 63 * 1024);
	CU_ASSERT_EQUAL(read_reg(CMOS_EXT_MEM2_LO) | read_reg(CMOS_EXT_MEM2_HI) << 8, 63 * 1024);
	CU_ASSERT_EQUAL(read_reg(CMOS_HIGH_MEM_LO) | read_reg(CMOS_HIGH_MEM_HI) << 8, (48u << 20) >> 16);
	cmos_close(&cmos);
	cmos_init(&cmos, 1u << 30);                              /* 1 GiB: the KiB counts saturate */
	CU_ASSERT_EQUAL(read_reg(CMOS_EXT_MEM_LO) | read_reg(CMOS_EXT_MEM_HI) << 8, 0xffff);
	CU_ASSERT_EQUAL(read_reg(CMOS_HIGH_MEM_LO) | read_reg(CMOS_HIGH_MEM_HI) << 8, (1008u << 20) >> 16);
	cmos_close(&cmos);
}

static void test_shutdown_byte_and_nmi_bit(void)
{
	cmos_init(&cmos, 16u << 20);
	CU_ASSERT_EQUAL(read_reg(CMOS_SHUTDOWN), 0);
	out8(0x70, CMOS_NMI_OFF | CMOS_SHUTDOWN);               /* as xv6's lapicstartap does */
	CU_ASSERT(cmos.nmi_disabled);
	out8(0x71, 0x0a);                                         /* warm reset: jump through 40:67 */
	CU_ASSERT_EQUAL(read_reg(CMOS_SHUTDOWN), 0x0a);
	CU_ASSERT(!cmos.nmi_disabled);
	out8(0x70, 0xff);                                         /* index 0x7f, NMI off: in range */
	out8(0x71, 0x5a);
	CU_ASSERT_EQUAL(cmos.ram[0x7f], 0x5a);
	cmos_close(&cmos);
}

static void test_read_only_and_clearing_registers(void)
{
	cmos_init(&cmos, 16u << 20);
	out8(0x70, CMOS_STATUS_D);
	out8(0x71, 0x00);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_D), 0x80);
	out8(0x70, CMOS_STATUS_A);
	out8(0x71, 0xa6);                                         /* UIP is not the guest's */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A), 0x26);
	cmos.ram[CMOS_STATUS_C] = 0x90;
	CU_ASSERT_EQUAL(cmos_peek(&cmos, CMOS_STATUS_C), 0x90);  /* the VMM's look leaves it set */
	CU_ASSERT_EQUAL(cmos_peek(&cmos, CMOS_CENTURY), 0x20);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), 0x90);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), 0);             /* flags clear when read */
	CU_ASSERT_EQUAL(in8(0x70), 0xff);                         /* the index port reads nothing */
	cmos_close(&cmos);
}

static void test_clock_runs_and_warns_of_updates(void)
{
	init_on_fake_clock();
	fake_ns = 997000000ull;                                   /* 3 ms before the first update */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A) & CMOS_A_UIP, 0);
	fake_ns = 998000000ull;                                   /* 2 ms before: in the window */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A) & CMOS_A_UIP, CMOS_A_UIP);
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 0);
	fake_ns = 1000000000ull;
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A) & CMOS_A_UIP, 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 1);
	fake_ns = (uint64_t)(86400 + 3600 + 59) * 1000000000ull; /* a day, an hour and 59 s on */
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 0x59);           /* BCD */
	CU_ASSERT_EQUAL(read_reg(CMOS_HOURS), 0x01);
	CU_ASSERT_EQUAL(read_reg(CMOS_DAY), 0x02);
	CU_ASSERT_EQUAL(read_reg(CMOS_WEEKDAY), 1);               /* Sunday */
	out8(0x70, CMOS_STATUS_B);
	out8(0x71, CMOS_B_SET | CMOS_B_24H);                       /* the guest is setting the clock */
	fake_ns = 998000000ull + 5000000000ull;
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A) & CMOS_A_UIP, 0);  /* no updates while SET */
	cmos_close(&cmos);
}

static void test_setting_the_time_in_each_format(void)
{
	init_on_fake_clock();
	out8(0x70, CMOS_YEAR), out8(0x71, 0x24);                 /* 2024-02-29 23:59:58, BCD */
	out8(0x70, CMOS_MONTH), out8(0x71, 0x02);
	out8(0x70, CMOS_DAY), out8(0x71, 0x29);
	out8(0x70, CMOS_HOURS), out8(0x71, 0x23);
	out8(0x70, CMOS_MINUTES), out8(0x71, 0x59);
	out8(0x70, CMOS_SECONDS), out8(0x71, 0x58);
	fake_ns = 2500000000ull;                                  /* 2 s later: 2024-03-01 00:00:00 */
	CU_ASSERT_EQUAL(read_reg(CMOS_DAY), 0x01);
	CU_ASSERT_EQUAL(read_reg(CMOS_MONTH), 0x03);
	CU_ASSERT_EQUAL(read_reg(CMOS_WEEKDAY), 6);               /* a Friday */
	out8(0x70, CMOS_STATUS_B), out8(0x71, CMOS_B_DM);         /* binary, 12-hour */
	out8(0x70, CMOS_HOURS), out8(0x71, 0x80 | 3);             /* 3 PM */
	CU_ASSERT_EQUAL(read_reg(CMOS_HOURS), 0x83);
	out8(0x70, CMOS_STATUS_B), out8(0x71, CMOS_B_DM | CMOS_B_24H);
	CU_ASSERT_EQUAL(read_reg(CMOS_HOURS), 15);
	CU_ASSERT_EQUAL(read_reg(CMOS_YEAR), 24);
	out8(0x70, CMOS_WEEKDAY), out8(0x71, 3);                  /* follows the date: ignored */
	CU_ASSERT_EQUAL(read_reg(CMOS_WEEKDAY), 6);
	cmos_close(&cmos);
}

static void test_alarm_and_status_c(void)
{
	init_on_fake_clock();
	CU_ASSERT_EQUAL(cmos_seconds_to_alarm(&cmos), -1);       /* AIE off: no alarm to wait for */
	out8(0x70, CMOS_SECONDS_ALARM), out8(0x71, 0x05);
	out8(0x70, CMOS_MINUTES_ALARM), out8(0x71, 0xc0);         /* any minute */
	out8(0x70, CMOS_HOURS_ALARM), out8(0x71, 0xff);           /* any hour */
	out8(0x70, CMOS_STATUS_B), out8(0x71, CMOS_B_24H | CMOS_B_AIE);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), 0);
	CU_ASSERT_EQUAL(cmos_seconds_to_alarm(&cmos), 5);
	fake_ns = 3000000000ull;                                  /* updates, no alarm yet */
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), CMOS_C_UF);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), 0);              /* cleared by the read */
	CU_ASSERT_EQUAL(cmos_seconds_to_alarm(&cmos), 2);
	cmos_skip(&cmos, 2);                                      /* slept until it rang */
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 0x05);
	CU_ASSERT_EQUAL(cmos_peek(&cmos, CMOS_STATUS_C), CMOS_C_IRQF | CMOS_C_AF | CMOS_C_UF);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_C), CMOS_C_IRQF | CMOS_C_AF | CMOS_C_UF);
	CU_ASSERT_EQUAL(cmos_seconds_to_alarm(&cmos), 60);        /* the next minute's :05 */
	cmos_close(&cmos);
}

static void test_calendar(void)
{
	struct rtc_fields f;
	rtc_fields_of(0, &f);
	CU_ASSERT(f.year == 0 && f.month == 1 && f.day == 1 && f.weekday == 7);
	int64_t leap_day = (int64_t)(31 + 28) * RTC_SECONDS_PER_DAY;   /* 2000 was a leap year */
	rtc_fields_of(leap_day, &f);
	CU_ASSERT(f.month == 2 && f.day == 29);
	rtc_fields_of(RTC_LAST_SECOND, &f);
	CU_ASSERT(f.year == 99 && f.month == 12 && f.day == 31 && f.hour == 23 && f.second == 59);
	rtc_fields_of(RTC_LAST_SECOND + 10, &f);                  /* the clock stops at 2099's end */
	CU_ASSERT(f.year == 99 && f.second == 59);
	for (int64_t t = 0; t < RTC_LAST_SECOND; t += 7777777) {    /* both ways agree */
		rtc_fields_of(t, &f);
		CU_ASSERT_EQUAL(rtc_seconds_of(&f), t);
	}
	CU_ASSERT_EQUAL(rtc_encode(59, false), 0x59);
	CU_ASSERT_EQUAL(rtc_decode(0x59, false), 59);
	CU_ASSERT_EQUAL(rtc_encode_hour(0, false, false), 0x12);   /* midnight is 12 AM */
	CU_ASSERT_EQUAL(rtc_encode_hour(12, true, false), 0x80 | 12);
	CU_ASSERT_EQUAL(rtc_decode_hour(0x92, false, false), 12);  /* 12 PM is noon */
	CU_ASSERT_EQUAL(rtc_decode_hour(0x12, false, false), 0);
}

CU_pSuite add_cmos_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_clock_starts_at_its_epoch), TEST(test_clock_runs_and_warns_of_updates),
		TEST(test_setting_the_time_in_each_format), TEST(test_alarm_and_status_c), TEST(test_calendar),
		 TEST(test_memory_sizes), TEST(test_shutdown_byte_and_nmi_bit),
		TEST(test_read_only_and_clearing_registers),
	};
	return ADD_SUITE("cmos", NULL, NULL, tests);
}
