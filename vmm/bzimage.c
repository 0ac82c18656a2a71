/* bzimage.c: reads the setup header of a Linux bzImage and checks every
 * field a loader relies on before anything is placed in guest RAM. The
 * image is untrusted: each offset and size is compared with the file and
 * with the protocol's limits, and a kernel that mini-kvm cannot start
 * (too old a protocol, no 64-bit entry, a zImage) is refused by name. */
#include <stdio.h>
#include <string.h>
#include "bzimage.h"
#include "status.h"

static uint16_t get16(const uint8_t *p) { uint16_t v; memcpy(&v, p, 2); return v; }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

bool bzimage_detect(const uint8_t *data, size_t size)
{
	return size >= BZ_HEADER_MAGIC + 4 && get32(data + BZ_HEADER_MAGIC) == BZ_MAGIC;
}

/* Where the protected-mode kernel starts: after the boot sector and the
 * setup sectors (0 means 4, for very old kernels). */
static size_t kernel_offset(const uint8_t *data)
{
	unsigned sects = data[BZ_SETUP_SECTS] ? data[BZ_SETUP_SECTS] : 4;
	return (size_t)(sects + 1) * BZ_SECTOR;
}

static int check_identity(const uint8_t *data, size_t size, struct bzimage *bz, char *err, size_t errlen)
{
	if (!bzimage_detect(data, size))
		return error_format(err, errlen, "not a Linux kernel: no boot protocol header (\"HdrS\" at 0x202)");
	if (size < BZ_VERSION + 2)
		return error_format(err, errlen, "truncated Linux kernel: %zu bytes end inside the setup header", size);
	if (get16(data + BZ_BOOT_FLAG) != 0xaa55)
		return error_format(err, errlen, "not a Linux kernel: boot flag 0x%04x at 0x1fe (0xaa55 expected)",
				    get16(data + BZ_BOOT_FLAG));
	bz->version = get16(data + BZ_VERSION);
	if (bz->version < BZ_MIN_VERSION)
		return error_format(err, errlen, "Linux boot protocol %u.%02u is too old: mini-kvm enters the kernel "
				    "at its 64-bit entry, which needs protocol 2.12 or later",
				    bz->version >> 8, bz->version & 0xff);
	if (size < BZ_HEADER_MIN_END)
		return error_format(err, errlen, "truncated Linux kernel: %zu bytes end inside the setup header", size);
	bz->header_end = 0x202u + data[BZ_JUMP_END];
	if (bz->header_end < BZ_HEADER_MIN_END || bz->header_end > size)
		return error_format(err, errlen, "malformed Linux kernel: the setup header ends at 0x%zx "
				    "(protocol %u.%02u needs 0x%x, the file has 0x%zx bytes)", bz->header_end,
				    bz->version >> 8, bz->version & 0xff, BZ_HEADER_MIN_END, size);
	return 0;
}

static int check_entry(const uint8_t *data, struct bzimage *bz, char *err, size_t errlen)
{
	bz->loadflags = data[BZ_LOADFLAGS];
	bz->xloadflags = get16(data + BZ_XLOADFLAGS);
	bz->relocatable = data[BZ_RELOCATABLE] != 0;
	if (!(bz->loadflags & BZ_LOADED_HIGH))
		return error_format(err, errlen, "a zImage (loaded below 1 MiB) is not supported: use a bzImage");
	if (!(bz->xloadflags & BZ_XLF_KERNEL_64))
		return error_format(err, errlen, "the kernel has no 64-bit entry point (xloadflags 0x%x lacks "
				    "XLF_KERNEL_64): mini-kvm boots 64-bit kernels only", bz->xloadflags);
	return 0;
}

static int check_layout(const uint8_t *data, size_t size, struct bzimage *bz, char *err, size_t errlen)
{
	bz->kernel_offset = kernel_offset(data);
	if (bz->kernel_offset + BZ_ENTRY64_OFFSET + 16 > size)
		return error_format(err, errlen, "truncated Linux kernel: %zu bytes, but the setup code alone "
				    "takes %zu", size, bz->kernel_offset);
	bz->kernel_size = size - bz->kernel_offset;
	uint64_t syssize = (uint64_t)get32(data + BZ_SYSSIZE) * 16;
	if (syssize > bz->kernel_size)
		return error_format(err, errlen, "truncated Linux kernel: the header says %llu bytes of kernel "
				    "follow the setup code, the file holds %zu", (unsigned long long)syssize,
				    bz->kernel_size);
	bz->kernel_alignment = get32(data + BZ_KERNEL_ALIGN);
	if (bz->relocatable && (bz->kernel_alignment < 4096 || (bz->kernel_alignment & (bz->kernel_alignment - 1))))
		return error_format(err, errlen, "malformed Linux kernel: kernel_alignment 0x%x is not a power "
				    "of two of at least 4 KiB", bz->kernel_alignment);
	bz->init_size = get32(data + BZ_INIT_SIZE);
	if (bz->init_size < bz->kernel_size)
		return error_format(err, errlen, "malformed Linux kernel: init_size 0x%x is smaller than the "
				    "kernel (0x%zx bytes)", bz->init_size, bz->kernel_size);
	bz->cmdline_size = get32(data + BZ_CMDLINE_SIZE);
	bz->initrd_addr_max = get32(data + BZ_INITRD_ADDR_MAX);
	bz->pref_address = get64(data + BZ_PREF_ADDRESS);
	return 0;
}

int bzimage_parse(const uint8_t *data, size_t size, struct bzimage *bz, char *err, size_t errlen)
{
	memset(bz, 0, sizeof *bz);
	if (check_identity(data, size, bz, err, errlen) < 0 || check_entry(data, bz, err, errlen) < 0)
		return -1;
	return check_layout(data, size, bz, err, errlen);
}
