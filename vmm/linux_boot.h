/* linux_boot.h: booting a Linux bzImage through the x86 boot protocol's
 * 64-bit entry: the kernel, its initrd and command line placed in guest
 * RAM with a zero page (struct boot_params) describing them. */
#ifndef MINIKVM_LINUX_BOOT_H
#define MINIKVM_LINUX_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot.h"

struct config;

/* The guest-physical layout below 1 MiB (docs/LINUX.md draws it). */
#define LINUX_GDT          0x1000u     /* __BOOT_CS 0x10, __BOOT_DS 0x18 */
#define LINUX_STACK_TOP    0x7000u     /* RSP at entry, below the zero page */
#define LINUX_ZERO_PAGE    0x7000u     /* struct boot_params; RSI at entry */
#define LINUX_PML4         0x9000u     /* identity map of the first 4 GiB */
#define LINUX_PDPT         0xa000u
#define LINUX_PD           0xb000u     /* 4 page directories of 2 MiB pages */
#define LINUX_CMDLINE      0x20000u
#define LINUX_CMDLINE_MAX  0x10000u    /* bytes, with the NUL */
#define LINUX_EBDA         0x9fc00u    /* conventional RAM ends here */
#define LINUX_BIOS_AREA    0xe0000u    /* reserved to 1 MiB: ACPI tables, BIOS */
#define LINUX_HIGH_MEMORY  0x100000u
#define LINUX_DEFAULT_MEM  (256u << 20) /* --mem for a Linux kernel, unless given */

/* Is this run a Linux boot (--kernel, or a bzImage given as the image)? */
bool linux_boot_wanted(const struct config *cfg, const uint8_t *data, size_t size);

/* Check the bzImage and place it, the initrd (initrd/initrd_size, may be
 * NULL/0) and the command line (may be NULL) into mem, with the zero page,
 * the GDT and the identity page tables; fill boot for the 64-bit entry.
 * Returns 0, or -1 with a one-line reason in err. */
int linux_boot_load(const uint8_t *kernel, size_t kernel_size, const uint8_t *initrd, size_t initrd_size,
		    const char *cmdline, uint8_t *mem, size_t mem_size, struct boot_info *boot,
		    char *err, size_t errlen);

/* The same, reading the initrd named by cfg->initrd and the command line
 * from cfg->cmdline: what both the dry run and the real load call. */
int linux_boot_load_config(const struct config *cfg, const uint8_t *kernel, size_t kernel_size,
			   uint8_t *mem, size_t mem_size, struct boot_info *boot, char *err, size_t errlen);

/* The machine Linux expects beside the in-kernel irqchip: the in-kernel
 * PIT (KVM_CREATE_PIT2). Returns 0, or -1 with err. */
int linux_boot_create_pit(int vm_fd, char *err, size_t errlen);

#endif
