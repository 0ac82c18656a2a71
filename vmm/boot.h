/* boot.h: guest CPU modes and how a vCPU is set up to enter one. */
#ifndef MINIKVM_BOOT_H
#define MINIKVM_BOOT_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include "abi.h"

/* MODE_PAGING: --paging, 32-bit protected mode entered with paging on,
 * in the original Mini-KVM's layout (paging_mode.h). */
enum guest_mode { MODE_REAL, MODE_PM32, MODE_LONG, MODE_PAGING };

/* The boot area: the last 64 KiB of RAM, used in pm32 and long mode for
 * the VMM's GDT, page tables, fallback IDT and its exception stubs.
 * docs/ABI.md draws the map; these offsets are relative to its start. */
#define BOOT_AREA_SIZE   0x10000
#define BOOT_GDT_OFF     0x0000
#define BOOT_PML4_OFF    0x1000
#define BOOT_PDPT_OFF    0x2000
#define BOOT_PD_OFF      0x3000
#define BOOT_IDT_OFF     0x4000
#define BOOT_STUBS_OFF   0x5000
#define BOOT_IDENTITY_MAP_SIZE (1ull << 30)   /* first 1 GiB, 2 MiB pages */
#define FALLBACK_VECTORS 32   /* exceptions the fallback IDT reports */
#define BOOT_STUB_SIZE   8

/* Port the fallback exception stubs write the vector to. */
#define PORT_EXCEPTION   EXCEPTION_PORT

/* Selectors of the VMM's GDT. */
#define SEL_KERNEL_CODE  0x08
#define SEL_KERNEL_DATA  0x10

struct boot_info {
	enum guest_mode mode;
	uint64_t entry;
	uint32_t eax, ebx;      /* at entry (Multiboot: the magic and the info) */
	uint16_t real_cs;       /* real mode: CS at entry (the BIOS's 0xF000), else 0 */
	uint64_t rsi;           /* at entry (Linux: the zero page) */
	/* A loader that built its own GDT and page tables (Linux's 64-bit
	 * entry, linux_boot.c) names them here, with its selectors and
	 * stack; the VMM's boot area is then not written. */
	bool own_tables;
	uint64_t gdt_base, cr3, rsp;
	uint16_t gdt_limit, code_sel, data_sel;
};

const char *guest_mode_name(enum guest_mode mode);

/* Write the boot area (GDT, page tables, IDT) for mode into guest RAM
 * (MODE_PAGING's tables are paging_mode.c's; here it writes nothing). */
void boot_build_tables(uint8_t *mem, size_t mem_size, enum guest_mode mode);

/* A fallback exception stub for vector (BOOT_STUB_SIZE bytes), and an
 * interrupt gate (8 bytes: 32-bit, 16: 64-bit) to handler. */
void boot_exception_stub(uint8_t *stub, unsigned vector);
void boot_interrupt_gate(uint8_t *gate, uint64_t handler, unsigned size);

struct kvm_segment;
struct kvm_sregs;
struct kvm_regs;
/* A flat 4 GiB ring-0 segment (code or data; 64-bit code if is64). */
void boot_flat_segment(struct kvm_segment *seg, uint16_t selector, int code, int is64);
/* Fill sregs/regs (sregs already read from KVM) to enter mode at entry
 * (not MODE_PAGING: paging_set_registers). */
void boot_set_registers(const struct boot_info *boot, size_t mem_size,
			struct kvm_sregs *sregs, struct kvm_regs *regs);

#endif
