/* gdb_tdesc.h: what GDB is told about the registers: the i386 and x86-64
 * layouts (the order of a `g` packet), the conversion of the pc, and the
 * target description XML generated from the same tables. */
#ifndef MINIKVM_GDB_TDESC_H
#define MINIKVM_GDB_TDESC_H

#include <stddef.h>
#include <stdint.h>
#include "gdbstub.h"

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
