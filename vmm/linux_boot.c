/* linux_boot.c: the x86 Linux boot protocol, 64-bit entry (the kernel's
 * Documentation/arch/x86/boot.rst, "64-bit Boot Protocol"). The setup
 * header is read and checked by bzimage.c; here the protected-mode kernel
 * is copied to its load address, the initrd to the top of the RAM the
 * header allows, the command line below 1 MiB, and a zero page is built
 * from the header with the e820 memory map and pointers to both. The
 * vCPU enters startup_64 (load address + 0x200) in long mode with an
 * identity map of the first 4 GiB, a GDT holding __BOOT_CS (0x10) and
 * __BOOT_DS (0x18), interrupts off and RSI = the zero page. Everything
 * from the image and the initrd is untrusted and range-checked first. */
#include <errno.h>
#include <linux/kvm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "acpi.h"
#include "bzimage.h"
#include "linux_boot.h"
#include "loader.h"
#include "options.h"
#include "status.h"

/* Zero page (struct boot_params) fields outside the setup header. */
#define ZP_ACPI_RSDP_ADDR   0x070      /* protocol 2.14 */
#define ZP_E820_ENTRIES     0x1e8
#define ZP_E820_TABLE       0x2d0
#define E820_ENTRY_SIZE     20         /* addr, size (u64), type (u32), packed */
#define E820_RAM            1
#define E820_RESERVED       2
#define LOADER_TYPE_UNKNOWN 0xff       /* type_of_loader: "other" */

#define PTE_PRESENT 0x1u
#define PTE_WRITE   0x2u
#define PTE_HUGE    0x80u
#define IDENTITY_GIB 4                 /* 4 GiB identity-mapped at entry */

#define BOOT_CS 0x10
#define BOOT_DS 0x18

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

bool linux_boot_wanted(const struct config *cfg, const uint8_t *data, size_t size)
{
	return cfg->kernel || bzimage_detect(data, size);
}

static uint64_t align_up(uint64_t value, uint64_t alignment)
{
	return (value + alignment - 1) & ~(alignment - 1);
}

/* Where the kernel goes and how far the memory it needs reaches: a
 * relocatable kernel at its preferred address (aligned as it asks), any
 * other at 1 MiB, decompressing to its preferred address. */
static int place_kernel(const struct bzimage *bz, size_t mem_size, uint64_t *load, uint64_t *end,
			char *err, size_t errlen)
{
	uint64_t pref = bz->pref_address >= LINUX_HIGH_MEMORY ? bz->pref_address : LINUX_HIGH_MEMORY;
	if (pref > (1ull << 32))
		return error_format(err, errlen, "malformed Linux kernel: pref_address 0x%llx is above 4 GiB",
				    (unsigned long long)bz->pref_address);
	*load = bz->relocatable ? align_up(pref, bz->kernel_alignment) : LINUX_HIGH_MEMORY;
	uint64_t base = bz->relocatable ? *load : pref;
	*end = base + bz->init_size;
	if (*end < *load + bz->kernel_size)
		*end = *load + bz->kernel_size;
	if (*end > mem_size)
		return error_format(err, errlen, "the kernel needs RAM up to %llu MiB (it loads at 0x%llx and "
				    "needs init_size 0x%x from there); give more with --mem",
				    (unsigned long long)((*end + (1u << 20) - 1) >> 20),
				    (unsigned long long)base, bz->init_size);
	return 0;
}

/* The initrd at the top of the RAM the header lets it use, page-aligned,
 * above everything the kernel needs. */
static int place_initrd(const struct bzimage *bz, size_t initrd_size, size_t mem_size, uint64_t kernel_end,
			uint64_t *addr, char *err, size_t errlen)
{
	uint64_t limit = mem_size;
	if (!(bz->xloadflags & BZ_XLF_ABOVE_4G) && limit > (uint64_t)bz->initrd_addr_max + 1)
		limit = (uint64_t)bz->initrd_addr_max + 1;
	if (initrd_size > limit || ((limit - initrd_size) & ~0xfffull) < kernel_end)
		return error_format(err, errlen, "initrd too large: %zu bytes do not fit between the kernel's "
				    "memory (to 0x%llx) and the highest address the kernel allows (0x%llx); "
				    "give more RAM with --mem", initrd_size, (unsigned long long)kernel_end,
				    (unsigned long long)limit);
	*addr = (limit - initrd_size) & ~0xfffull;
	return 0;
}

static void put_e820(uint8_t *zero_page, int i, uint64_t start, uint64_t end, uint32_t type)
{
	uint8_t *e = zero_page + ZP_E820_TABLE + i * E820_ENTRY_SIZE;
	put64(e, start);
	put64(e + 8, end - start);
	put32(e + 16, type);
}

/* RAM below the EBDA, the EBDA and the BIOS area reserved, RAM from 1 MiB. */
static void build_e820(uint8_t *zero_page, size_t mem_size)
{
	put_e820(zero_page, 0, 0, LINUX_EBDA, E820_RAM);
	put_e820(zero_page, 1, LINUX_EBDA, 0xa0000, E820_RESERVED);
	put_e820(zero_page, 2, LINUX_BIOS_AREA, LINUX_HIGH_MEMORY, E820_RESERVED);
	put_e820(zero_page, 3, LINUX_HIGH_MEMORY, mem_size, E820_RAM);
	zero_page[ZP_E820_ENTRIES] = 4;
}

static void build_zero_page(uint8_t *mem, size_t mem_size, const uint8_t *kernel, const struct bzimage *bz,
			    uint64_t initrd_addr, size_t initrd_size, bool have_cmdline)
{
	uint8_t *zp = mem + LINUX_ZERO_PAGE;
	memset(zp, 0, 4096);
	memcpy(zp + BZ_SETUP_SECTS, kernel + BZ_SETUP_SECTS, bz->header_end - BZ_SETUP_SECTS);
	zp[BZ_TYPE_OF_LOADER] = LOADER_TYPE_UNKNOWN;
	put32(zp + BZ_CMD_LINE_PTR, have_cmdline ? LINUX_CMDLINE : 0);
	put32(zp + BZ_RAMDISK_IMAGE, (uint32_t)initrd_addr);
	put32(zp + BZ_RAMDISK_SIZE, (uint32_t)initrd_size);
	if (bz->version >= 0x020e)
		put64(zp + ZP_ACPI_RSDP_ADDR, ACPI_TABLES_BASE);
	build_e820(zp, mem_size);
}

/* A GDT with the two flat descriptors the 64-bit entry requires, and
 * page tables mapping the first 4 GiB 1:1 in 2 MiB pages. */
static void build_entry_tables(uint8_t *mem)
{
	uint8_t *gdt = mem + LINUX_GDT;
	memset(gdt, 0, 4 * 8);
	put64(gdt + BOOT_CS, 0x00af9a000000ffffull);   /* 64-bit code, execute/read */
	put64(gdt + BOOT_DS, 0x00cf92000000ffffull);   /* data, read/write, 4 GiB */
	uint8_t *pml4 = mem + LINUX_PML4, *pdpt = mem + LINUX_PDPT;
	memset(pml4, 0, 4096);
	memset(pdpt, 0, 4096);
	put64(pml4, LINUX_PDPT | PTE_PRESENT | PTE_WRITE);
	for (uint64_t g = 0; g < IDENTITY_GIB; g++) {
		uint8_t *pd = mem + LINUX_PD + g * 4096;
		put64(pdpt + g * 8, (LINUX_PD + g * 4096) | PTE_PRESENT | PTE_WRITE);
		for (uint64_t i = 0; i < 512; i++)
			put64(pd + i * 8, ((g << 30) | (i << 21)) | PTE_PRESENT | PTE_WRITE | PTE_HUGE);
	}
}

static int check_cmdline(const struct bzimage *bz, const char *cmdline, char *err, size_t errlen)
{
	size_t len = cmdline ? strlen(cmdline) : 0;
	size_t max = bz->cmdline_size < LINUX_CMDLINE_MAX - 1 ? bz->cmdline_size : LINUX_CMDLINE_MAX - 1;
	if (len > max)
		return error_format(err, errlen, "--append: the command line has %zu bytes; this kernel takes at most %zu",
				    len, max);
	return 0;
}

int linux_boot_load(const uint8_t *kernel, size_t kernel_size, const uint8_t *initrd, size_t initrd_size,
		    const char *cmdline, uint8_t *mem, size_t mem_size, struct boot_info *boot,
		    char *err, size_t errlen)
{
	struct bzimage bz;
	uint64_t load = 0, end = 0, initrd_addr = 0;
	if (mem_size < 2 * LINUX_HIGH_MEMORY)
		return error_format(err, errlen, "a Linux kernel needs more than %zu KiB of RAM (--mem)", mem_size >> 10);
	if (bzimage_parse(kernel, kernel_size, &bz, err, errlen) < 0 ||
	    check_cmdline(&bz, cmdline, err, errlen) < 0 ||
	    place_kernel(&bz, mem_size, &load, &end, err, errlen) < 0)
		return -1;
	if (initrd && place_initrd(&bz, initrd_size, mem_size, end, &initrd_addr, err, errlen) < 0)
		return -1;
	memcpy(mem + load, kernel + bz.kernel_offset, bz.kernel_size);
	if (initrd)
		memcpy(mem + initrd_addr, initrd, initrd_size);
	if (cmdline)
		memcpy(mem + LINUX_CMDLINE, cmdline, strlen(cmdline) + 1);
	build_zero_page(mem, mem_size, kernel, &bz, initrd_addr, initrd ? initrd_size : 0, cmdline != NULL);
	build_entry_tables(mem);
	*boot = (struct boot_info){
		.mode = MODE_LONG, .entry = load + BZ_ENTRY64_OFFSET, .rsi = LINUX_ZERO_PAGE,
		.rsp = LINUX_STACK_TOP, .own_tables = true, .gdt_base = LINUX_GDT, .gdt_limit = 4 * 8 - 1,
		.cr3 = LINUX_PML4, .code_sel = BOOT_CS, .data_sel = BOOT_DS,
	};
	return 0;
}

int linux_boot_load_config(const struct config *cfg, const uint8_t *kernel, size_t kernel_size,
			   uint8_t *mem, size_t mem_size, struct boot_info *boot, char *err, size_t errlen)
{
	uint8_t *initrd = NULL;
	size_t initrd_size = 0;
	char why[200];
	if (cfg->initrd && loader_read_file(cfg->initrd, mem_size, &initrd, &initrd_size, why, sizeof why) < 0) {
		/* a file larger than RAM is refused by the reader: say what it means here */
		if (strstr(why, "the limit is"))
			return error_format(err, errlen, "--initrd %s: initrd too large for %zu MiB of RAM (--mem)",
					    cfg->initrd, mem_size >> 20);
		return error_format(err, errlen, "--initrd %s: %s", cfg->initrd, why);
	}
	int result = linux_boot_load(kernel, kernel_size, initrd, initrd_size, cfg->cmdline, mem, mem_size,
				     boot, err, errlen);
	free(initrd);
	return result;
}

int linux_boot_create_pit(int vm_fd, char *err, size_t errlen)
{
	struct kvm_pit_config pit = { .flags = 0 };
	if (ioctl(vm_fd, KVM_CREATE_PIT2, &pit) < 0)
		return error_format(err, errlen, "the host refused KVM's in-kernel PIT (KVM_CREATE_PIT2: %s)",
				    strerror(errno));
	return 0;
}
