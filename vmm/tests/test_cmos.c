/* tests/test_cmos.c: the RTC and CMOS RAM through their bus handler,
 * without KVM: the fixed clock, the memory sizes, the shutdown byte an
 * AP start-up writes, the NMI bit of the index port, read-only registers. */
#include "tests.h"
#include "cmos.h"

static struct cmos cmos;

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

static void test_fixed_clock(void)
{
	cmos_init(&cmos, 64u << 20);
	CU_ASSERT_EQUAL(read_reg(CMOS_SECONDS), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_MINUTES), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_HOURS), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_DAY), 1);
	CU_ASSERT_EQUAL(read_reg(CMOS_MONTH), 1);
	CU_ASSERT_EQUAL(read_reg(CMOS_YEAR), 0);
	CU_ASSERT_EQUAL(read_reg(CMOS_CENTURY), 0x20);
	CU_ASSERT_EQUAL(read_reg(CMOS_STATUS_A) & 0x80, 0);   /* never updating: readers never wait */
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

CU_pSuite add_cmos_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_fixed_clock), TEST(test_memory_sizes), TEST(test_shutdown_byte_and_nmi_bit),
		TEST(test_read_only_and_clearing_registers),
	};
	return ADD_SUITE("cmos", NULL, NULL, tests);
}
