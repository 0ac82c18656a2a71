/* bzimage.h: the x86 Linux boot protocol's setup header (the kernel's
 * Documentation/arch/x86/boot.rst), read from a bzImage and checked. */
#ifndef MINIKVM_BZIMAGE_H
#define MINIKVM_BZIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offsets in the image (and in the zero page, which holds a copy of the
 * setup header at the same offsets). */
#define BZ_SETUP_SECTS     0x1f1
#define BZ_SYSSIZE         0x1f4
#define BZ_BOOT_FLAG       0x1fe   /* 0xAA55 */
#define BZ_JUMP_END        0x201   /* the header ends at 0x202 + this byte */
#define BZ_HEADER_MAGIC    0x202   /* "HdrS" */
#define BZ_VERSION         0x206
#define BZ_TYPE_OF_LOADER  0x210
#define BZ_LOADFLAGS       0x211
#define BZ_RAMDISK_IMAGE   0x218
#define BZ_RAMDISK_SIZE    0x21c
#define BZ_CMD_LINE_PTR    0x228
#define BZ_INITRD_ADDR_MAX 0x22c
#define BZ_KERNEL_ALIGN    0x230
#define BZ_RELOCATABLE     0x234
#define BZ_XLOADFLAGS      0x236
#define BZ_CMDLINE_SIZE    0x238
#define BZ_PREF_ADDRESS    0x258
#define BZ_INIT_SIZE       0x260
#define BZ_HEADER_MIN_END  0x264   /* protocol 2.12's header reaches init_size */

#define BZ_MAGIC           0x53726448u   /* "HdrS" */
#define BZ_MIN_VERSION     0x020c        /* 2.12: xloadflags, the 64-bit entry */
#define BZ_LOADED_HIGH     0x01          /* loadflags: protected-mode code at 1 MiB+ */
#define BZ_XLF_KERNEL_64   0x0001        /* xloadflags: a 64-bit entry at +0x200 */
#define BZ_XLF_ABOVE_4G    0x0002        /* xloadflags: kernel, initrd may lie above 4 GiB */
#define BZ_ENTRY64_OFFSET  0x200         /* startup_64 from the load address */
#define BZ_SECTOR          512

/* What a loader needs from the header, all checked by bzimage_parse. */
struct bzimage {
	uint16_t version;               /* 0x020c = 2.12 */
	uint8_t loadflags;
	bool relocatable;
	uint16_t xloadflags;
	size_t header_end;              /* the header is image[0x1f1, header_end) */
	size_t kernel_offset;           /* the protected-mode kernel in the file */
	size_t kernel_size;
	uint32_t kernel_alignment;      /* a power of two */
	uint32_t init_size;             /* bytes the kernel needs from its load address */
	uint32_t cmdline_size;          /* longest command line, without its NUL */
	uint32_t initrd_addr_max;       /* the initrd's last byte may be at most this */
	uint64_t pref_address;          /* where a relocatable kernel would like to be */
};

/* Does the image carry the boot protocol's header ("HdrS" at 0x202)? */
bool bzimage_detect(const uint8_t *data, size_t size);

/* Read and check the setup header: magic, boot flag, protocol version
 * (2.12 or later), a 64-bit entry, a loaded-high kernel that the file
 * holds whole, a power-of-two alignment, an init_size covering the
 * kernel. Returns 0, or -1 with a one-line reason in err. */
int bzimage_parse(const uint8_t *data, size_t size, struct bzimage *bz, char *err, size_t errlen);

#endif
