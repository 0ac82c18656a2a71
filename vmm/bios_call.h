/* bios_call.h: one BIOS call as the VMM sees it: the caller's registers,
 * saved by the ROM's stub as a frame on the caller's stack (docs/ABI.md),
 * and the helpers the call handlers (bios_*.c) use to read and answer. */
#ifndef MINIKVM_BIOS_CALL_H
#define MINIKVM_BIOS_CALL_H

#include <stddef.h>
#include <stdint.h>
#include "bios.h"

/* The frame, lowest address first: push ds/es after pushad, then what
 * `int` pushed. Every field is naturally aligned, so the struct is the
 * frame's layout without packing; only BIOS_FRAME_SIZE bytes are copied. */
struct bios_frame {
	uint16_t ds, es;
	uint32_t edi, esi, ebp, esp, ebx, edx, ecx, eax;
	uint16_t ip, cs, flags;
};
#define BIOS_FRAME_SIZE 42
_Static_assert(offsetof(struct bios_frame, flags) == BIOS_FRAME_SIZE - 2, "the ROM's frame layout");

#define FLAG_CF 0x0001
#define FLAG_ZF 0x0040

struct bios_call {
	struct bios *bios;
	struct vcpu *cpu;
	struct bios_frame r;
	int result;             /* VCPU_CONTINUE, or VCPU_STOP: the vCPU has ended */
	bool again;             /* int 0x15/0x16: wait for an interrupt and call again */
	bool repeat;            /* this call is the ROM asking again */
};

static inline uint8_t reg_hi(uint32_t reg) { return (uint8_t)(reg >> 8); }
static inline uint8_t reg_lo(uint32_t reg) { return (uint8_t)reg; }
static inline void set_hi(uint32_t *reg, uint8_t v) { *reg = (*reg & ~0xff00u) | (uint32_t)v << 8; }
static inline void set_lo(uint32_t *reg, uint8_t v) { *reg = (*reg & ~0xffu) | v; }
static inline void set_word(uint32_t *reg, uint16_t v) { *reg = (*reg & ~0xffffu) | v; }

static inline void set_flag(struct bios_call *c, uint16_t flag, bool on)
{
	c->r.flags = on ? (uint16_t)(c->r.flags | flag) : (uint16_t)(c->r.flags & ~flag);
}

/* AH = status, CF = status != 0: the disk and system calls' way. */
static inline void bios_status(struct bios_call *c, uint8_t status)
{
	set_hi(&c->r.eax, status);
	set_flag(c, FLAG_CF, status != 0);
}

/* Guest memory at segment:offset for len bytes, or NULL (real-mode
 * addresses reach 0x10FFEF; beyond RAM is nothing). */
static inline uint8_t *bios_ptr(const struct bios_call *c, uint16_t segment, uint32_t offset, uint32_t len)
{
	return vm_guest_ptr(c->bios->vm, (uint64_t)segment * 16 + offset, len);
}

static inline uint8_t *bios_bda(const struct bios_call *c)
{
	return c->bios->vm->mem + BDA_BASE;
}

/* BIOS data area offsets (from 0x400) shared by the handlers. */
#define BDA_EQUIPMENT   0x10
#define BDA_MEMORY_KB   0x13
#define BDA_SHIFT       0x17
#define BDA_SHIFT2      0x18
#define BDA_KBD_HEAD    0x1a
#define BDA_KBD_TAIL    0x1c
#define BDA_KBD_BUFFER  0x1e
#define BDA_EBDA_SEG    0x0e
#define BDA_TICKS       0x6c
#define BDA_MIDNIGHT    0x70
#define BDA_DISK_STATUS 0x74
#define BDA_DISK_COUNT  0x75
#define BDA_KBD_START   0x80
#define BDA_KBD_END     0x82

/* The calls, one file each. */
void bios_video(struct bios_call *c);       /* int 0x10: bios_video.c */
void bios_disk(struct bios_call *c);        /* int 0x13: bios_disk.c */
void bios_keyboard(struct bios_call *c);    /* int 0x16: bios_keyboard.c */
void bios_keyboard_irq(struct bios_call *c);/* IRQ1 (int 0x09): bios_keyboard.c */
void bios_keyboard_reset(struct bios_call *c);
void bios_clock(struct bios_call *c);       /* int 0x1A: bios_clock.c */
void bios_wait(struct bios_call *c);        /* int 0x15 AH=0x86: bios_clock.c */
/* Load the boot drive's sector 0 at 0x7C00: 0, or -1 (no disk). */
int bios_load_boot_sector(struct bios_call *c);

#endif
