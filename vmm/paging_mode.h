/* paging_mode.h: --paging, the original Mini-KVM's 32-bit protected mode
 * with paging (its 1K OS's machine): where the image goes, the page
 * tables, GDT and IDT the VMM builds, and the registers at entry.
 * docs/ABI.md draws the map. */
#ifndef MINIKVM_PAGING_MODE_H
#define MINIKVM_PAGING_MODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "boot.h"

#define PAGING_LOAD_DEFAULT   0x1000u       /* --load: where the flat image goes */
#define PAGING_ENTRY_DEFAULT  0x80001000u   /* --entry: EIP at entry */
#define PAGING_GDT            0x500u        /* null, kernel code/data, user code/data */
#define PAGING_GDT_ENTRIES    5
#define PAGING_IDT            (PAGING_GDT + PAGING_GDT_ENTRIES * 8)   /* 0x528 */
#define PAGING_IDT_ENTRIES    256
#define PAGING_STUBS          (PAGING_IDT + PAGING_IDT_ENTRIES * 8)   /* 0xD28: exception reporters */
#define PAGING_LOW_END        (PAGING_STUBS + 32 * 8)                 /* 0xE28 */
#define PAGING_DIRECTORY      0x100000u     /* CR3 */
#define PAGING_TABLE_LOW      0x101000u     /* PDE[0]: 0-4 MiB, identity */
#define PAGING_TABLE_HIGH     0x102000u     /* PDE[512]: 0x80000000-0x803FFFFF -> 0-4 MiB */
#define PAGING_TABLES_END     0x103000u
#define PAGING_HIGH_BASE      0x80000000u
#define PAGING_MAPPED         0x400000u     /* each mapping covers 4 MiB */
#define PAGING_MIN_MEM        PAGING_MAPPED /* the original gives each vCPU 4 MiB */

/* Is the virtual address mapped by the VMM's tables? */
bool paging_mapped(uint64_t vaddr);

/* Check --load, --entry and --mem before any image is read: a status
 * (STATUS_OK, or STATUS_USAGE with err saying why). */
int paging_check_options(uint64_t load, uint64_t entry, size_t mem_size, char *err, size_t errlen);

/* Place a flat image at `load` (checked: it must fit in RAM and clear
 * the VMM's tables; an ELF image is refused) and say how to enter it.
 * Returns 0, or -1 with err (an image error, status 102). */
int paging_load(const uint8_t *data, size_t size, uint64_t load, uint64_t entry,
		uint8_t *mem, size_t mem_size, struct boot_info *boot, char *err, size_t errlen);

/* Write the GDT, IDT, exception stubs and page tables into guest RAM. */
void paging_build_tables(uint8_t *mem);

struct kvm_sregs;
struct kvm_regs;
/* Fill sregs/regs for entry: CR0 = PG|ET|PE, CR3, CR4 = 0, EFLAGS 0x2,
 * the general registers 0, flat kernel segments. */
void paging_set_registers(const struct boot_info *boot, struct kvm_sregs *sregs, struct kvm_regs *regs);

#endif
