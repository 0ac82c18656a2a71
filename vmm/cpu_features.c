/* cpu_features.c: the CPUID feature bits mini-kvm lets a run choose, by
 * name. One line of the table per feature; the host's support and the
 * defaults are decided elsewhere (vm.c asks KVM, guest.c chooses). */
#include <stdio.h>
#include <string.h>
#include "cpu_features.h"
#include "status.h"

const struct cpu_feature cpu_features[] = {
	{ "x2apic",       1, CPUID_ECX, 21, .needs_irqchip = true },  /* the local APIC's MSR interface */
	{ "tsc-deadline", 1, CPUID_ECX, 24, .needs_irqchip = true },  /* the APIC timer's TSC-deadline mode */
	{ "hypervisor",   1, CPUID_ECX, 31, .any_host = true },       /* "running under a hypervisor" */
};
const unsigned cpu_feature_count = sizeof cpu_features / sizeof cpu_features[0];

int cpu_feature_find(const char *name)
{
	for (unsigned i = 0; i < cpu_feature_count; i++)
		if (strcmp(cpu_features[i].name, name) == 0)
			return (int)i;
	return -1;
}

void cpu_features_names(char *buf, size_t len)
{
	size_t used = 0;
	buf[0] = '\0';
	for (unsigned i = 0; i < cpu_feature_count && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s", i ? "," : "", cpu_features[i].name);
}

int cpu_features_parse(const char *text, struct cpu_feature_choice *choice, char *err, size_t errlen)
{
	char word[64], names[256];
	const char *p = text;
	for (;;) {
		size_t n = strcspn(p, ",");
		bool remove = n && p[0] == '-', sign = n && (p[0] == '-' || p[0] == '+');
		if (n - sign == 0 || n - sign >= sizeof word) {
			cpu_features_names(names, sizeof names);
			return error_format(err, errlen, "--cpu-features: expected +NAME or -NAME, comma-separated (names: %s)", names);
		}
		memcpy(word, p + sign, n - sign);
		word[n - sign] = '\0';
		int i = cpu_feature_find(word);
		if (i < 0) {
			cpu_features_names(names, sizeof names);
			return error_format(err, errlen, "--cpu-features: unknown feature '%s' (known: %s)", word, names);
		}
		cpu_feature_set bit = 1u << i;
		choice->add = remove ? choice->add & ~bit : choice->add | bit;
		choice->remove = remove ? choice->remove | bit : choice->remove & ~bit;
		if (!p[n])
			return 0;
		p += n + 1;
	}
}

void cpu_features_apply(const struct cpu_feature_choice *choice, uint32_t leaf, uint32_t index,
			uint32_t regs[4])
{
	(void)index;   /* every feature in the table lives in sub-leaf 0 */
	for (unsigned i = 0; i < cpu_feature_count; i++) {
		const struct cpu_feature *f = &cpu_features[i];
		if (f->leaf != leaf)
			continue;
		if (choice->add & (1u << i))
			regs[f->reg] |= 1u << f->bit;
		if (choice->remove & (1u << i))
			regs[f->reg] &= ~(1u << f->bit);
	}
}
