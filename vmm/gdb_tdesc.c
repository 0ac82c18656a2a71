/* gdb_tdesc.c: the registers as GDB sees them. One table per layout, in
 * the order of GDB's own i386/x86-64 core and sse features, gives the `g`
 * packet's layout, the register numbers of `p`/`P`, and the target
 * description XML, so the three cannot disagree. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "gdb_tdesc.h"


#define R(name, bits, field, type) { name, bits, offsetof(struct gdb_regs, field), type, NULL }
#define X87(n) { "st" #n, 80, offsetof(struct gdb_regs, st[n]), "i387_ext", "float" }
#define FPU_CTL(name) { #name, 32, offsetof(struct gdb_regs, name), "int", "float" }
#define XMM(n) { "xmm" #n, 128, offsetof(struct gdb_regs, xmm[n]), "uint128", "vector" }
#define X87_REGS X87(0), X87(1), X87(2), X87(3), X87(4), X87(5), X87(6), X87(7), \
	FPU_CTL(fctrl), FPU_CTL(fstat), FPU_CTL(ftag), FPU_CTL(fiseg), FPU_CTL(fioff), \
	FPU_CTL(foseg), FPU_CTL(fooff), FPU_CTL(fop)
#define SEGMENT_REGS R("cs", 32, cs, "int32"), R("ss", 32, ss, "int32"), R("ds", 32, ds, "int32"), \
	R("es", 32, es, "int32"), R("fs", 32, fs, "int32"), R("gs", 32, gs, "int32")
#define MXCSR { "mxcsr", 32, offsetof(struct gdb_regs, mxcsr), "int", "vector" }

/* GDB's own order (its 32bit-core/sse and 64bit-core/sse features):
 * the `g` packet and register numbers follow it. */
static const struct gdb_reg_desc regs_i386[] = {
	R("eax", 32, rax, "int32"), R("ecx", 32, rcx, "int32"), R("edx", 32, rdx, "int32"),
	R("ebx", 32, rbx, "int32"), R("esp", 32, rsp, "data_ptr"), R("ebp", 32, rbp, "data_ptr"),
	R("esi", 32, rsi, "int32"), R("edi", 32, rdi, "int32"),
	R("eip", 32, rip, "code_ptr"), R("eflags", 32, eflags, "i386_eflags"),
	SEGMENT_REGS, X87_REGS,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7), MXCSR,
};

static const struct gdb_reg_desc regs_x86_64[] = {
	R("rax", 64, rax, "int64"), R("rbx", 64, rbx, "int64"), R("rcx", 64, rcx, "int64"),
	R("rdx", 64, rdx, "int64"), R("rsi", 64, rsi, "int64"), R("rdi", 64, rdi, "int64"),
	R("rbp", 64, rbp, "data_ptr"), R("rsp", 64, rsp, "data_ptr"),
	R("r8", 64, r8, "int64"), R("r9", 64, r9, "int64"), R("r10", 64, r10, "int64"),
	R("r11", 64, r11, "int64"), R("r12", 64, r12, "int64"), R("r13", 64, r13, "int64"),
	R("r14", 64, r14, "int64"), R("r15", 64, r15, "int64"),
	R("rip", 64, rip, "code_ptr"), R("eflags", 32, eflags, "i386_eflags"),
	SEGMENT_REGS, X87_REGS,
	XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
	XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15), MXCSR,
};

#define N_I386 (sizeof regs_i386 / sizeof regs_i386[0])
#define N_X86_64 (sizeof regs_x86_64 / sizeof regs_x86_64[0])

const struct gdb_reg_desc *gdb_reg_table(enum gdb_cpu_mode arch, size_t *count)
{
	*count = arch == GDB_MODE_LONG ? N_X86_64 : N_I386;
	return arch == GDB_MODE_LONG ? regs_x86_64 : regs_i386;
}

size_t gdb_regs_size(enum gdb_cpu_mode arch)
{
	size_t n, total = 0;
	const struct gdb_reg_desc *table = gdb_reg_table(arch, &n);
	for (size_t i = 0; i < n; i++)
		total += table[i].bits / 8;
	return total;
}

/* Outside long mode GDB sees the linear pc, CS base + IP: in real mode
 * the bytes at $pc are then those at CS:IP. */
static uint64_t pc_for_gdb(const struct gdb_regs *r)
{
	return r->mode == GDB_MODE_LONG ? r->rip : (r->cs_base + r->rip) & 0xffffffffu;
}

/* A pc GDB wrote back: an offset in CS again. In real mode a pc outside
 * the current 64 KiB segment moves CS so that CS:IP reaches it. */
void gdb_pc_from_gdb(struct gdb_regs *r, uint64_t pc)
{
	if (r->mode == GDB_MODE_LONG) {
		r->rip = pc;
		return;
	}
	pc &= 0xffffffffu;
	if (r->mode == GDB_MODE_REAL && (pc < r->cs_base || pc - r->cs_base > 0xffff)) {
		r->cs = (uint32_t)(pc >> 4) & 0xffff;
		r->cs_base = (uint64_t)r->cs << 4;
	}
	r->rip = (pc - r->cs_base) & 0xffffffffu;
}

/* The bytes of register d as GDB sees them. */
void gdb_reg_get(const struct gdb_reg_desc *d, const struct gdb_regs *r, uint8_t *out)
{
	if (d->offset == offsetof(struct gdb_regs, rip)) {
		uint64_t pc = pc_for_gdb(r);
		memcpy(out, &pc, d->bits / 8);           /* little-endian host */
		return;
	}
	memcpy(out, (const uint8_t *)r + d->offset, d->bits / 8);
}

void gdb_reg_set(const struct gdb_reg_desc *d, struct gdb_regs *r, const uint8_t *in)
{
	if (d->offset == offsetof(struct gdb_regs, rip)) {
		uint64_t pc = pc_for_gdb(r);
		memcpy(&pc, in, d->bits / 8);
		gdb_pc_from_gdb(r, pc);
		return;
	}
	memcpy((uint8_t *)r + d->offset, in, d->bits / 8);
}

/* ---- the target description, generated from the tables ---- */

struct text {
	char *buf;
	size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->len < t->cap ? t->cap - t->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len += (size_t)n;
}

static void put_eflags_type(struct text *t)
{
	static const struct { const char *name; int bit; } flags[] = {
		{ "CF", 0 }, { "", 1 }, { "PF", 2 }, { "AF", 4 }, { "ZF", 6 }, { "SF", 7 },
		{ "TF", 8 }, { "IF", 9 }, { "DF", 10 }, { "OF", 11 }, { "NT", 14 }, { "RF", 16 },
		{ "VM", 17 }, { "AC", 18 }, { "VIF", 19 }, { "VIP", 20 }, { "ID", 21 },
	};
	put(t, "<flags id=\"i386_eflags\" size=\"4\">");
	for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
		put(t, "<field name=\"%s\" start=\"%d\" end=\"%d\"/>", flags[i].name, flags[i].bit, flags[i].bit);
	put(t, "</flags>");
}

static const char *arch_name(enum gdb_cpu_mode arch)
{
	return arch == GDB_MODE_LONG ? "i386:x86-64" : arch == GDB_MODE_PM32 ? "i386" : "i8086";
}

size_t gdb_target_xml(enum gdb_cpu_mode arch, char *buf, size_t len)
{
	struct text t = { buf, 0, len };
	size_t n;
	const struct gdb_reg_desc *table = gdb_reg_table(arch, &n);
	put(&t, "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
		"<target version=\"1.0\"><architecture>%s</architecture><osabi>none</osabi>"
		"<feature name=\"org.gnu.gdb.i386.core\">", arch_name(arch));
	put_eflags_type(&t);
	bool in_sse = false;
	for (size_t i = 0; i < n; i++) {
		const char *group = table[i].group;
		if (group && !strcmp(group, "vector") && !in_sse) {
			put(&t, "</feature><feature name=\"org.gnu.gdb.i386.sse\">");
			in_sse = true;
		}
		put(&t, "<reg name=\"%s\" bitsize=\"%u\" type=\"%s\"", table[i].name, table[i].bits,
		    table[i].type);
		put(&t, group ? " group=\"%s\"/>" : "/>", group);
	}
	put(&t, "</feature></target>");
	return t.len;
}

