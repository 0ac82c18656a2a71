/* cpu_features.h: named CPUID feature bits a run may add or remove
 * (--cpu-features +x2apic,-tsc-deadline), and the set a guest on KVM's
 * in-kernel irqchip gets by default (docs/DEVICES.md). */
#ifndef MINIKVM_CPU_FEATURES_H
#define MINIKVM_CPU_FEATURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpuid_reg { CPUID_EAX, CPUID_EBX, CPUID_ECX, CPUID_EDX };

struct cpu_feature {
	const char *name;
	uint32_t leaf;
	enum cpuid_reg reg;
	unsigned bit;
	bool needs_irqchip;      /* meaningful only with the in-kernel local APIC */
	bool any_host;           /* a plain statement: every host can make it */
};

/* Sets of features: bit i is cpu_features[i]. */
typedef uint32_t cpu_feature_set;

/* What a run asks for: features to add, features to remove. */
struct cpu_feature_choice {
	cpu_feature_set add, remove;
};

extern const struct cpu_feature cpu_features[];
extern const unsigned cpu_feature_count;

/* Index of a feature by name, or -1. */
int cpu_feature_find(const char *name);
/* "+x2apic,-tsc-deadline" (a bare name means +) into choice; merges
 * with what choice holds, the later word winning. 0, or -1 with why. */
int cpu_features_parse(const char *text, struct cpu_feature_choice *choice, char *err, size_t errlen);
/* Turn the chosen bits on and off in a CPUID leaf's registers. */
void cpu_features_apply(const struct cpu_feature_choice *choice, uint32_t leaf, uint32_t index,
			uint32_t regs[4]);
/* Comma-separated names, for messages and --help. */
void cpu_features_names(char *buf, size_t len);

#endif
