/* fwcfg.c: reads the fw_cfg signature, feature ID, vCPU count and RAM
 * size, prints them, and checks them against EXPECT_CPUS / EXPECT_MEM_MB
 * from the environment module when given. */
#include "lib.h"

int kmain(uint32_t magic, uint32_t info)
{
	if (lib_init(magic, info) < 0)
		return EXIT_FAIL;
	char signature[5] = { 0 };
	uint32_t id = 0;
	uint16_t cpus = 0;
	uint64_t ram = 0;
	fw_cfg_read(FW_CFG_SIGNATURE, signature, 4);
	fw_cfg_read(FW_CFG_ID, &id, 4);
	fw_cfg_read(FW_CFG_NB_CPUS, &cpus, 2);
	fw_cfg_read(FW_CFG_RAM_SIZE, &ram, 8);
	printf("fw_cfg signature: %s\n", signature);
	printf("fw_cfg id: 0x%x\n", id);
	printf("fw_cfg cpus: %u\n", cpus);
	printf("fw_cfg ram: 0x%llx bytes (%u MiB)\n", ram, (uint32_t)(ram >> 20));
	uint8_t unknown[4];
	fw_cfg_read(0x7fff, unknown, 4);
	printf("fw_cfg unknown key 0x7fff: %x %x %x %x\n", unknown[0], unknown[1], unknown[2], unknown[3]);

	int ok = strcmp(signature, "QEMU") == 0;
	const char *want_cpus = getenv("EXPECT_CPUS"), *want_mem = getenv("EXPECT_MEM_MB");
	if (want_cpus && atou(want_cpus) != cpus) {
		printf("FAIL: expected %s CPUs\n", want_cpus);
		ok = 0;
	}
	if (want_mem && atou(want_mem) != (uint32_t)(ram >> 20)) {
		printf("FAIL: expected %s MiB\n", want_mem);
		ok = 0;
	}
	printf("%s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}
