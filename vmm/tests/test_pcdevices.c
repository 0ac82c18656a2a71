/* tests/test_pcdevices.c: the one-guest machine's PC devices without KVM:
 * pc-testdev's register, flush port, IRQ ports and I/O memory; the ACPI
 * PM registers and timer; the ACPI tables' checksums and links. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include "../acpi.h"
#include "../acpi_pm.h"
#include "../pc_testdev.h"
#include "tests.h"

static struct pc_testdev *dev;
static unsigned last_gsi;
static int last_level = -1, level_calls;

static void record_level(void *guest, unsigned gsi, bool level)
{
	(void)guest;
	last_gsi = gsi, last_level = level, level_calls++;
}

static uint32_t port(uint64_t offset, unsigned size, bool is_write, uint32_t value)
{
	uint8_t data[8];
	memset(data, 0xff, sizeof data);      /* as the bus leaves a read */
	if (is_write)
		memcpy(data, &value, 4);
	CU_ASSERT_EQUAL(pc_testdev_port_io(dev, NULL, offset, size, is_write, data), BUS_CONTINUE);
	uint32_t out = 0;
	memcpy(&out, data, size < 4 ? size : 4);
	return out;
}

static void test_testdev_register(void)
{
	dev = calloc(1, sizeof *dev);
	uint8_t *ram = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CU_ASSERT_FATAL(ram != MAP_FAILED);
	ram[4096 + 7] = 0x5a;
	pc_testdev_init(dev, (struct line_hook){ .set_level = record_level }, ram, 2 * 4096);
	port(4, 4, true, 0x1007);                              /* flush page 1: its contents stay */
	port(4, 4, true, 0x2000);                              /* past RAM: nothing */
	CU_ASSERT_EQUAL(ram[4096 + 7], 0x5a);
	ram[4096 + 8] = 1;                                     /* still writable */
	munmap(ram, 2 * 4096);
	port(0, 4, true, 0x12345678);
	CU_ASSERT_EQUAL(port(0, 4, false, 0), 0x12345678);
	CU_ASSERT_EQUAL(port(1, 1, false, 0), 0x56);
	CU_ASSERT_EQUAL(port(2, 2, false, 0), 0x1234);
	CU_ASSERT_EQUAL(port(3, 4, false, 0), 0x12);           /* past the register: 0 */
	port(9, 1, true, 0xaa);                                /* the alias at 0xe8 */
	CU_ASSERT_EQUAL(port(0, 4, false, 0), 0x1234aa78);
	port(4, 4, true, 0x1000);                              /* flush: the register keeps its value */
	CU_ASSERT_EQUAL(port(8, 4, false, 0), 0x1234aa78);
	CU_ASSERT_EQUAL(port(4, 4, false, 0), 0xffffffff);     /* flush port reads float */
	free(dev);
}

static void test_testdev_irq_and_iomem(void)
{
	dev = calloc(1, sizeof *dev);
	pc_testdev_init(dev, (struct line_hook){ .set_level = record_level }, NULL, 0);
	uint8_t data[8] = { 1 };
	pc_testdev_irq_io(dev, NULL, 14, 1, true, data);
	CU_ASSERT_EQUAL(last_gsi, 14);
	CU_ASSERT_EQUAL(last_level, 1);
	data[0] = 0;
	pc_testdev_irq_io(dev, NULL, 14, 1, true, data);
	CU_ASSERT_EQUAL(last_level, 0);
	int calls = level_calls;
	pc_testdev_irq_io(dev, NULL, 3, 2, true, data);         /* word writes: QEMU ignores them */
	pc_testdev_irq_io(dev, NULL, 3, 1, false, data);        /* reads do nothing */
	CU_ASSERT_EQUAL(level_calls, calls);
	memcpy(data, "ABCDEFGH", 8);
	pc_testdev_iomem_io(dev, NULL, 0x100, 8, true, data);
	memset(data, 0, 8);
	pc_testdev_iomem_io(dev, NULL, 0x102, 4, false, data);
	CU_ASSERT_EQUAL(memcmp(data, "CDEF", 4), 0);
	memcpy(data, "12345678", 8);
	pc_testdev_iomem_io(dev, NULL, PC_TESTDEV_IOMEM_SIZE - 2, 8, true, data);   /* clipped */
	CU_ASSERT_EQUAL(memcmp(dev->iomem + PC_TESTDEV_IOMEM_SIZE - 2, "12", 2), 0);
	free(dev);
}

static void test_acpi_pm(void)
{
	struct acpi_pm pm;
	acpi_pm_init(&pm);
	uint8_t data[4] = { 0 };
	acpi_pm_io(&pm, NULL, ACPI_PM_CNT_OFF, 2, false, data);
	CU_ASSERT_EQUAL(data[0] & 1, 1);                       /* SCI_EN */
	pm.status = 0x8001;
	data[0] = 0x01, data[1] = 0x00;                        /* write 1 to clear bit 0 */
	acpi_pm_io(&pm, NULL, ACPI_PM_EVT_OFF, 2, true, data);
	CU_ASSERT_EQUAL(pm.status, 0x8000);
	uint32_t first = acpi_pm_timer(&pm);
	struct timespec ten_ms = { 0, 10000000 };
	nanosleep(&ten_ms, NULL);
	uint32_t elapsed = (acpi_pm_timer(&pm) - first) & 0xffffff;
	CU_ASSERT_TRUE(elapsed >= 35795 && elapsed < 0x800000);   /* at least 10 ms at 3.579545 MHz */
	memset(data, 0, 4);
	acpi_pm_io(&pm, NULL, ACPI_PM_TMR_OFF, 4, false, data);
	CU_ASSERT_EQUAL(data[3], 0);                              /* 24 bits */
}

static uint8_t sum(const uint8_t *p, uint32_t len)
{
	uint8_t s = 0;
	while (len--)
		s += *p++;
	return s;
}

static void test_acpi_tables(void)
{
	size_t size = 1u << 20;
	uint8_t *mem = calloc(1, size);
	struct apic_map three = apic_map_for(3), one = apic_map_for(1);
	CU_ASSERT_EQUAL_FATAL(acpi_build(mem, size, &three, ACPI_PM_BASE), 0);
	const uint8_t *rsdp = mem + ACPI_TABLES_BASE;
	CU_ASSERT_EQUAL(memcmp(rsdp, "RSD PTR ", 8), 0);
	CU_ASSERT_EQUAL(sum(rsdp, 20), 0);
	CU_ASSERT_EQUAL(sum(rsdp, 36), 0);
	uint32_t xsdt, fadt, madt, length;
	memcpy(&xsdt, rsdp + 24, 4);
	memcpy(&length, mem + xsdt + 4, 4);
	CU_ASSERT_EQUAL(sum(mem + xsdt, length), 0);
	memcpy(&fadt, mem + xsdt + 36, 4);
	memcpy(&madt, mem + xsdt + 44, 4);
	CU_ASSERT_EQUAL(memcmp(mem + fadt, "FACP", 4), 0);
	CU_ASSERT_EQUAL(memcmp(mem + madt, "APIC", 4), 0);
	memcpy(&length, mem + madt + 4, 4);
	CU_ASSERT_EQUAL(length, 44 + 3 * 8 + 12);                 /* three CPUs, one IOAPIC */
	CU_ASSERT_EQUAL(sum(mem + madt, length), 0);
	CU_ASSERT_EQUAL(acpi_build(mem, ACPI_TABLES_BASE, &one, ACPI_PM_BASE), -1);   /* RAM too small */
	free(mem);
}

CU_pSuite add_pcdevices_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_testdev_register), TEST(test_testdev_irq_and_iomem), TEST(test_acpi_pm),
		TEST(test_acpi_tables),
	};
	return ADD_SUITE("pcdevices", NULL, NULL, tests);
}
