/* hostcheck.h: what this host's KVM can run, measured with tiny VMs. */
#ifndef MINIKVM_HOSTCHECK_H
#define MINIKVM_HOSTCHECK_H

#include <stdbool.h>

/* --host-check: print one line per capability; returns the exit status. */
int hostcheck_report(void);
/* Can guests turn on paging in 32-bit protected mode here? (cached) */
bool hostcheck_pm32_paging_works(void);

#endif
