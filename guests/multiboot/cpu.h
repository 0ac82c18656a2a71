/* cpu.h: long mode, the local APIC and bringing up the other CPUs, for
 * the SMP test kernels. Every CPU ends up in long mode running this
 * 32-bit C code in compatibility mode (a 32-bit code segment under
 * EFER.LMA = 1), with 64-bit interrupt gates whose handlers return with
 * iretq: kvm-pvm hosts cannot emulate a 32-bit iret, but iretq works. */
#ifndef MB_CPU_H
#define MB_CPU_H

#include <stdint.h>

#define MAX_CPUS 4
#define IPI_VECTOR 0x40
#define AP_TRAMPOLINE 0x8000      /* SIPI vector 0x08 */

/* Set by the IPI handler (cpu_asm.S): IPIs each CPU has taken. */
extern volatile uint32_t ipi_count[MAX_CPUS];
/* Written by each AP's 64-bit code before it drops to compatibility mode. */
extern volatile uint64_t long_marker[MAX_CPUS];
#define LONG_MARKER 0x4c4f4e474d4f4445ull   /* "EDOMGNOL" */

/* Boot CPU: page tables (identity, 4 GiB), IDT, long mode, local APIC on,
 * the 8259 PICs masked (KVM's PIC starts with vector base 0: the
 * timer's IRQ0 would arrive as vector 0, a divide error). */
void cpu_setup(void);
/* The calling CPU's local APIC. */
void lapic_enable(void);
uint32_t lapic_id(void);
void lapic_send_ipi(uint32_t apic_id, uint32_t vector);
/* INIT + SIPI to apic_id; waits until that AP calls cpu_check_in().
 * Returns 0, or -1 if it never did. */
int cpu_start_ap(uint32_t apic_id);
void cpu_check_in(uint32_t apic_id);
/* Sleep (sti; hlt) until this CPU has taken at least `count` IPIs. */
void cpu_wait_for_ipis(uint32_t apic_id, uint32_t count);
uint64_t rdmsr(uint32_t msr);
/* Point IDT vector at a 64-bit handler (cpu_asm.S). */
void cpu_set_gate(int vector, void (*handler)(void));
/* IRQ0 through the 8259 (cpu_asm.S): counts ticks, sends the PIC an EOI. */
extern void timer_handler(void);
extern volatile uint32_t timer_ticks;
/* Each SMP kernel defines it: where an AP goes once in long mode. */
void ap_main(uint32_t apic_id) __attribute__((noreturn));

#endif
