/* gdb_tdesc.h: what GDB is told about the registers: the i386 and x86-64
 * layouts (the order of a `g` packet), the conversion of the pc, and the
 * target description XML generated from the same tables. */
#ifndef MINIKVM_GDB_TDESC_H
#define MINIKVM_GDB_TDESC_H

#include <stddef.h>
#include <stdint.h>

/* The vCPU's mode, which picks the target description GDB is sent. */
enum gdb_cpu_mode { GDB_MODE_REAL, GDB_MODE_PM32, GDB_MODE_LONG };

/* One vCPU's registers as GDB's x86 descriptions name them. rip is the
 * instruction pointer within CS; outside long mode the engine shows GDB
 * the linear pc (cs_base + rip) so that `x/i $pc` reads the right bytes. */
struct gdb_regs {
	enum gdb_cpu_mode mode;
	uint64_t cs_base;          /* not sent: for the pc conversion */
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rip;
	uint32_t eflags;
	uint32_t cs, ss, ds, es, fs, gs;
	uint8_t st[8][10];         /* x87 registers (shown, writes ignored) */
	uint32_t fctrl, fstat, ftag, fiseg, fioff, foseg, fooff, fop;
	uint8_t xmm[16][16];
	uint32_t mxcsr;
};

struct gdb_reg_desc {
	const char *name;
	unsigned bits;
	size_t offset;             /* in struct gdb_regs */
	const char *type;
	const char *group;         /* "float", "vector" (the sse feature) or NULL */
};

/* The layout for a mode: real mode and pm32 share the i386 one. */
const struct gdb_reg_desc *gdb_reg_table(enum gdb_cpu_mode arch, size_t *count);
/* Bytes in a `g` reply for that layout. */
size_t gdb_regs_size(enum gdb_cpu_mode arch);
/* Register d of r, little-endian, as GDB sees it (the pc linear outside
 * long mode), and the other way. */
void gdb_reg_get(const struct gdb_reg_desc *d, const struct gdb_regs *r, uint8_t *out);
void gdb_reg_set(const struct gdb_reg_desc *d, struct gdb_regs *r, const uint8_t *in);
/* A pc from GDB back into CS:IP (real mode may move CS to reach it). */
void gdb_pc_from_gdb(struct gdb_regs *r, uint64_t pc);
/* The XML for qXfer:features:read target.xml; returns its whole length
 * (which may exceed len, like snprintf). */
size_t gdb_target_xml(enum gdb_cpu_mode arch, char *buf, size_t len);

#endif
