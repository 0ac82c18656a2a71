/* tests/test_bus.c: the bus on its own: regions with owners, offsets and
 * sizes; overlaps refused; an address nobody owns reads 0xff and says so. */
#include <string.h>
#include "tests.h"
#include "bus.h"

struct recorder {
	int calls;
	uint64_t offset;
	unsigned size;
	bool is_write;
	uint8_t seen[8];
};

static int record(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size,
		  bool is_write, uint8_t *data)
{
	struct recorder *r = owner;
	(void)cpu;
	r->calls++;
	r->offset = offset, r->size = size, r->is_write = is_write;
	memcpy(r->seen, data, size);
	if (!is_write)
		data[0] = 0x42;
	return offset == 7 ? BUS_STOP : BUS_CONTINUE;
}

static void test_owner_offset_size(void)
{
	struct bus bus = { 0 };
	struct recorder a = { 0 }, b = { 0 };
	CU_ASSERT_EQUAL(bus_register(&bus, "a", 0x3f8, 8, record, &a), 0);
	CU_ASSERT_EQUAL(bus_register(&bus, "b", 0x510, 2, record, &b), 0);
	uint8_t data[4] = { 0x34, 0x12, 0, 0 };
	CU_ASSERT_EQUAL(bus_access(&bus, NULL, 0x511, 2, true, data), BUS_CONTINUE);
	CU_ASSERT_EQUAL(b.calls, 1);
	CU_ASSERT_EQUAL(a.calls, 0);
	CU_ASSERT_EQUAL(b.offset, 1);
	CU_ASSERT_EQUAL(b.size, 2);
	CU_ASSERT_TRUE(b.is_write);
	CU_ASSERT_EQUAL(b.seen[0], 0x34);
	CU_ASSERT_EQUAL(b.seen[1], 0x12);
	memset(data, 0, sizeof data);
	CU_ASSERT_EQUAL(bus_access(&bus, NULL, 0x3fd, 4, false, data), BUS_CONTINUE);
	CU_ASSERT_EQUAL(a.offset, 5);
	CU_ASSERT_EQUAL(a.seen[0], 0xff);          /* a read starts as 0xff... */
	CU_ASSERT_EQUAL(data[0], 0x42);             /* ...and the device fills it */
	CU_ASSERT_EQUAL(data[3], 0xff);
	CU_ASSERT_EQUAL(bus_access(&bus, NULL, 0x3ff, 1, true, data), BUS_STOP);
	CU_ASSERT_STRING_EQUAL(bus_find(&bus, 0x3f8)->name, "a");
	CU_ASSERT_PTR_NULL(bus_find(&bus, 0x400));
}

static void test_unclaimed_and_overlaps(void)
{
	struct bus bus = { 0 };
	struct recorder a = { 0 };
	CU_ASSERT_EQUAL(bus_register(&bus, "a", 0x20, 2, record, &a), 0);
	CU_ASSERT_EQUAL(bus_register(&bus, "overlap", 0x21, 1, record, &a), -1);
	CU_ASSERT_EQUAL(bus_register(&bus, "around", 0x10, 0x20, record, &a), -1);
	CU_ASSERT_EQUAL(bus_register(&bus, "empty", 0x30, 0, record, &a), -1);
	CU_ASSERT_EQUAL(bus_register(&bus, "next", 0x22, 1, record, &a), 0);
	uint8_t data[2] = { 0, 0 };
	CU_ASSERT_EQUAL(bus_access(&bus, NULL, 0x1f, 2, false, data), BUS_UNCLAIMED);
	CU_ASSERT_EQUAL(data[0], 0xff);
	CU_ASSERT_EQUAL(data[1], 0xff);
	CU_ASSERT_EQUAL(a.calls, 0);
	/* addresses near the top of the space do not wrap */
	CU_ASSERT_EQUAL(bus_register(&bus, "wraps", 0xfffffffffffffff8ull, 0x10, record, &a), -1);
	CU_ASSERT_EQUAL(bus_register(&bus, "top", 0xfffffffffffffff0ull, 0x10, record, &a), 0);
	CU_ASSERT_EQUAL(bus_access(&bus, NULL, 0xffffffffffffffffull, 1, true, data), BUS_CONTINUE);
	CU_ASSERT_EQUAL(a.offset, 0xf);
	for (int i = bus.count; i < BUS_MAX_REGIONS; i++)
		CU_ASSERT_EQUAL(bus_register(&bus, "fill", 0x1000 + 16 * (uint64_t)i, 1, record, &a), 0);
	CU_ASSERT_EQUAL(bus_register(&bus, "full", 0x9000, 1, record, &a), -1);
}

CU_pSuite add_bus_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_owner_offset_size), TEST(test_unclaimed_and_overlaps),
	};
	return ADD_SUITE("bus", NULL, NULL, tests);
}
