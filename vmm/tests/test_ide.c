/* tests/test_ide.c: the IDE channel driven through its bus handlers, as
 * a guest's port accesses would, without KVM: IDENTIFY, READ and WRITE
 * SECTORS by LBA28 and by CHS, what an absent drive answers, errors,
 * IRQ14 and nIEN, the alternate status, and a soft reset. */
#include <stdlib.h>
#include <string.h>
#include "tests.h"
#include "disk.h"
#include "ide.h"

#define TEST_SECTORS 40

static int raised, withdrawn;
static void count_raise(void *guest, int line) { (void)guest; if (line == IDE_IRQ) raised++; }
static void count_withdraw(void *guest, int line) { (void)guest; if (line == IDE_IRQ) withdrawn++; }

static struct disk master;
static struct ide ide;

/* A disk whose sector n is filled with the byte n + 1. */
static void setup(void)
{
	static uint8_t image[TEST_SECTORS * SECTOR_SIZE];
	for (unsigned s = 0; s < TEST_SECTORS; s++)
		memset(image + s * SECTOR_SIZE, (int)(s + 1), SECTOR_SIZE);
	char err[128];
	CU_ASSERT_EQUAL_FATAL(disk_from_bytes(&master, "test.img", image, sizeof image, 0, err, sizeof err), 0);
	master.cylinders = 2, master.heads = 4, master.sectors_per_track = 5;   /* 40 sectors */
	raised = withdrawn = 0;
	struct irq_hook irq = { .guest = NULL, .raise = count_raise, .withdraw = count_withdraw };
	ide_init(&ide, &master, NULL, irq);
}

static void teardown(void)
{
	ide_close(&ide);
	disk_close(&master);
}

static void out8(unsigned port, uint8_t value)
{
	if (port == IDE_CONTROL_PORT)
		ide_control_io(&ide, NULL, 0, 1, true, &value);
	else
		ide_command_io(&ide, NULL, port - IDE_PORT_BASE, 1, true, &value);
}

static uint8_t in8(unsigned port)
{
	uint8_t value = 0xff;
	if (port == IDE_CONTROL_PORT)
		ide_control_io(&ide, NULL, 0, 1, false, &value);
	else
		ide_command_io(&ide, NULL, port - IDE_PORT_BASE, 1, false, &value);
	return value;
}

/* A sector through the data port in 4-byte accesses (insl). */
static void read_sector(uint8_t *to)
{
	for (unsigned i = 0; i < SECTOR_SIZE; i += 4) {
		uint8_t word[4] = { 0xff, 0xff, 0xff, 0xff };
		ide_command_io(&ide, NULL, IDE_DATA, 4, false, word);
		memcpy(to + i, word, 4);
	}
}

static void write_sector(const uint8_t *from)
{
	for (unsigned i = 0; i < SECTOR_SIZE; i += 2) {
		uint8_t word[2] = { from[i], from[i + 1] };
		ide_command_io(&ide, NULL, IDE_DATA, 2, true, word);
	}
}

static void select_lba(bool slave, uint32_t lba, uint8_t count)
{
	out8(IDE_PORT_BASE + IDE_COUNT, count);
	out8(IDE_PORT_BASE + IDE_LBA_LOW, (uint8_t)lba);
	out8(IDE_PORT_BASE + IDE_LBA_MID, (uint8_t)(lba >> 8));
	out8(IDE_PORT_BASE + IDE_LBA_HIGH, (uint8_t)(lba >> 16));
	out8(IDE_PORT_BASE + IDE_SELECT, (uint8_t)(0xe0 | (slave ? IDE_SELECT_SLAVE : 0) | ((lba >> 24) & 0x0f)));
}

static bool all_bytes(const uint8_t *buf, uint8_t value)
{
	for (unsigned i = 0; i < SECTOR_SIZE; i++)
		if (buf[i] != value)
			return false;
	return true;
}

static void test_power_on_status_and_signature(void)
{
	setup();
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_COUNT), 1);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_LBA_LOW), 1);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_LBA_MID), 0);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_LBA_HIGH), 0);
	teardown();
}

static void test_identify(void)
{
	setup();
	out8(IDE_PORT_BASE + IDE_SELECT, 0xa0);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_IDENTIFY);
	CU_ASSERT_EQUAL(raised, 1);
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), IDE_DRDY | IDE_DSC | IDE_DRQ);
	uint8_t buf[SECTOR_SIZE];
	read_sector(buf);
	uint16_t words[256];
	for (unsigned i = 0; i < 256; i++)
		words[i] = (uint16_t)(buf[2 * i] | buf[2 * i + 1] << 8);
	CU_ASSERT_EQUAL(words[0], 0x0040);
	CU_ASSERT_EQUAL(words[1], 2);
	CU_ASSERT_EQUAL(words[3], 4);
	CU_ASSERT_EQUAL(words[6], 5);
	CU_ASSERT(words[49] & 0x0200);                        /* LBA */
	CU_ASSERT_EQUAL(words[60] | (uint32_t)words[61] << 16, TEST_SECTORS);
	CU_ASSERT_EQUAL(words[27], ('M' << 8) | 'I');          /* "MINI-KVM", high byte first */
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	CU_ASSERT_EQUAL(raised, 1);                            /* one block, one interrupt */
	teardown();
}

static void test_absent_slave_reads_zero_and_ignores_commands(void)
{
	setup();
	out8(IDE_PORT_BASE + IDE_SELECT, 0xf0);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), 0);
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), 0);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_IDENTIFY);
	CU_ASSERT_EQUAL(raised, 0);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), 0);
	out8(IDE_PORT_BASE + IDE_SELECT, 0xe0);                /* the master is still there */
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	teardown();
}

static void test_read_lba28_two_sectors(void)
{
	setup();
	select_lba(false, 7, 2);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	CU_ASSERT_EQUAL(raised, 1);
	int before = withdrawn;
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC | IDE_DRQ);
	CU_ASSERT_EQUAL(withdrawn, before + 1);                /* the status read acknowledged it */
	uint8_t buf[SECTOR_SIZE];
	read_sector(buf);
	CU_ASSERT(all_bytes(buf, 8));                          /* sector 7 holds 8s */
	CU_ASSERT_EQUAL(raised, 2);                            /* the second sector is ready */
	CU_ASSERT(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND) & IDE_DRQ);
	read_sector(buf);
	CU_ASSERT(all_bytes(buf, 9));
	CU_ASSERT_EQUAL(raised, 2);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	uint8_t idle = 0xff;                                   /* no DRQ: the data port reads 0xff */
	ide_command_io(&ide, NULL, IDE_DATA, 1, false, &idle);
	CU_ASSERT_EQUAL(idle, 0xff);
	teardown();
}

static void test_read_chs(void)
{
	setup();
	/* cylinder 1, head 2, sector 3: (1 * 4 + 2) * 5 + 2 = LBA 32 */
	out8(IDE_PORT_BASE + IDE_COUNT, 1);
	out8(IDE_PORT_BASE + IDE_LBA_LOW, 3);
	out8(IDE_PORT_BASE + IDE_LBA_MID, 1);
	out8(IDE_PORT_BASE + IDE_LBA_HIGH, 0);
	out8(IDE_PORT_BASE + IDE_SELECT, 0xa0 | 2);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	uint8_t buf[SECTOR_SIZE];
	read_sector(buf);
	CU_ASSERT(all_bytes(buf, 33));
	/* sector 0 names nothing in CHS */
	out8(IDE_PORT_BASE + IDE_LBA_LOW, 0);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC | IDE_ERR);
	CU_ASSERT(in8(IDE_PORT_BASE + IDE_ERROR_FEATURES) & IDE_IDNF);
	teardown();
}

static void test_write_reaches_the_disk(void)
{
	setup();
	select_lba(false, 3, 1);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_WRITE);
	CU_ASSERT_EQUAL(raised, 0);                            /* PIO out: DRQ without an interrupt */
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), IDE_DRDY | IDE_DSC | IDE_DRQ);
	uint8_t buf[SECTOR_SIZE];
	memset(buf, 0xab, sizeof buf);
	write_sector(buf);
	CU_ASSERT_EQUAL(raised, 1);                            /* written */
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	CU_ASSERT(all_bytes(master.data + 3 * SECTOR_SIZE, 0xab));
	CU_ASSERT(all_bytes(master.data + 4 * SECTOR_SIZE, 5));   /* its neighbours untouched */
	CU_ASSERT(all_bytes(master.data + 2 * SECTOR_SIZE, 3));
	teardown();
}

static void test_past_the_end_is_an_error(void)
{
	setup();
	select_lba(false, TEST_SECTORS - 1, 2);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	CU_ASSERT_EQUAL(raised, 1);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC | IDE_ERR);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_ERROR_FEATURES), IDE_IDNF | IDE_ABRT);
	select_lba(false, 0x0fffffff, 1);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_WRITE);
	CU_ASSERT(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND) & IDE_ERR);
	teardown();
}

static void test_unknown_command_aborts(void)
{
	setup();
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, 0xa1);        /* IDENTIFY PACKET: not an ATAPI device */
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC | IDE_ERR);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_ERROR_FEATURES), IDE_ABRT);
	teardown();
}

static void test_nien_keeps_irq14_quiet(void)
{
	setup();
	out8(IDE_CONTROL_PORT, IDE_CTL_NIEN);
	select_lba(false, 0, 1);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	CU_ASSERT_EQUAL(raised, 0);
	int before = withdrawn;
	CU_ASSERT(in8(IDE_CONTROL_PORT) & IDE_DRQ);
	CU_ASSERT_EQUAL(withdrawn, before);                    /* the alternate status acknowledges nothing */
	uint8_t buf[SECTOR_SIZE];
	read_sector(buf);
	CU_ASSERT(all_bytes(buf, 1));
	out8(IDE_CONTROL_PORT, 0);
	select_lba(false, 1, 1);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	CU_ASSERT_EQUAL(raised, 1);
	teardown();
}

static void test_soft_reset(void)
{
	setup();
	select_lba(false, 5, 1);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	out8(IDE_CONTROL_PORT, IDE_CTL_SRST);
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), IDE_BSY);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_IDENTIFY);   /* busy: not heard */
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), IDE_BSY);
	out8(IDE_CONTROL_PORT, 0);
	CU_ASSERT_EQUAL(in8(IDE_CONTROL_PORT), IDE_DRDY | IDE_DSC);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_ERROR_FEATURES), 0x01);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_LBA_LOW), 1);
	uint8_t data = 0xff;                                   /* the interrupted read is gone */
	ide_command_io(&ide, NULL, IDE_DATA, 1, false, &data);
	CU_ASSERT_EQUAL(data, 0xff);
	teardown();
}

static void test_slave_is_the_second_disk(void)
{
	setup();
	static uint8_t image[2 * SECTOR_SIZE];
	memset(image, 0x77, sizeof image);
	struct disk slave;
	char err[128];
	CU_ASSERT_EQUAL_FATAL(disk_from_bytes(&slave, "fs.img", image, sizeof image, 0, err, sizeof err), 0);
	ide.drives[1] = &slave;
	select_lba(true, 1, 1);
	CU_ASSERT_EQUAL(in8(IDE_PORT_BASE + IDE_STATUS_COMMAND), IDE_DRDY | IDE_DSC);
	out8(IDE_PORT_BASE + IDE_STATUS_COMMAND, IDE_CMD_READ);
	uint8_t buf[SECTOR_SIZE];
	read_sector(buf);
	CU_ASSERT(all_bytes(buf, 0x77));
	disk_close(&slave);
	teardown();
}

CU_pSuite add_ide_suite(void)
{
	static const struct test_entry tests[] = {
		TEST(test_power_on_status_and_signature), TEST(test_identify),
		TEST(test_absent_slave_reads_zero_and_ignores_commands), TEST(test_read_lba28_two_sectors),
		TEST(test_read_chs), TEST(test_write_reaches_the_disk), TEST(test_past_the_end_is_an_error),
		TEST(test_unknown_command_aborts), TEST(test_nien_keeps_irq14_quiet), TEST(test_soft_reset),
		TEST(test_slave_is_the_second_disk),
	};
	return ADD_SUITE("ide", NULL, NULL, tests);
}
