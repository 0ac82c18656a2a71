/* pcos.h: what the parts of pcos share. pcos is a small 32-bit kernel
 * for the PC machine (docs/DEVICES.md), booted from an IDE disk by its own
 * boot sector: PSE paging, the MP table, the local APICs and the I/O APIC,
 * APs started with INIT/SIPI, IRQ14 from the IDE disk and IRQ4 from the
 * UART on each CPU in turn. Its verdict goes to the debug-exit port. */
#ifndef PCOS_H
#define PCOS_H

#define MAX_CPUS      4
#define KERNEL_LBA    1          /* the kernel's sectors follow the boot sector */
#define KERNEL_SECTORS 64        /* boot.S loads this many (32 KiB) */
#define DATA_LBA      (KERNEL_LBA + KERNEL_SECTORS)   /* sectors the Makefile fills */
#define DATA_SECTORS  8
#define SCRATCH_LBA   (DATA_LBA + DATA_SECTORS)       /* the write test's sector */
#define AP_TRAMPOLINE 0x7000     /* SIPI vector 0x07 */

/* Interrupt vectors. */
#define VEC_IRQ_BASE  32         /* ISA IRQ n through the I/O APIC: 32 + n */
#define VEC_IDE       (VEC_IRQ_BASE + 14)
#define VEC_UART      (VEC_IRQ_BASE + 4)
#define VEC_WAKE      0x40       /* IPI: look at your work / your AP's news */
#define VEC_SPURIOUS  0xff

#define STACK_SIZE    8192       /* per CPU, in .stacks: slot 0 the BSP's, AP i's slot i + 1 */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Verdicts: process status (code << 1) | 1. */
enum { VERDICT_PASS = 0, VERDICT_FAIL = 1 };

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline void pause(void) { __asm__ volatile("pause"); }
/* A pointer to low physical memory (the BDA, the trampoline) that the
 * compiler cannot see through (GCC takes such constants for null plus an offset). */
static inline void *phys(uint32_t addr) { __asm__("" : "+r"(addr)); return (void *)addr; }
static inline uint32_t mmio_read(uint32_t addr) { return *(volatile uint32_t *)addr; }
static inline void mmio_write(uint32_t addr, uint32_t v) { *(volatile uint32_t *)addr = v; }

/* console.c: the UART, polled for output. */
void console_init(void);
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __attribute__((noreturn)) finish(int verdict);
void __attribute__((noreturn)) fail(const char *why);
void *memset(void *dst, int c, uint32_t n);
void *memcpy(void *dst, const void *src, uint32_t n);
int memcmp(const void *a, const void *b, uint32_t n);

/* mp.c: the MP floating pointer and configuration table, as an OS finds them. */
struct machine {
	unsigned ncpus;
	uint8_t apic_id[MAX_CPUS];      /* in table order; the BSP's entry says so */
	unsigned bsp;                   /* index of the bootstrap processor */
	uint32_t lapic, ioapic;         /* addresses */
	uint8_t ioapic_id;
	int pin_of_irq[16];             /* ISA IRQ -> I/O APIC input, -1: none */
	uint32_t found_at;
};
extern struct machine machine;
void mp_init(void);

/* apic.c: local APICs, the I/O APIC, the 8259s masked, IPIs. */
void lapic_init(void);
unsigned lapic_id(void);
void lapic_eoi(void);
void ipi_send(uint8_t apic_id, uint8_t vector);
void ap_start(uint8_t apic_id, uint32_t trampoline);
void ioapic_init(void);
void ioapic_route(unsigned irq, uint8_t vector, uint8_t apic_id);
void pic_mask_all(void);

/* disk.c: the IDE master, interrupt-driven (IRQ14). */
struct disk_result { uint8_t status; unsigned taken_by; uint8_t data[512]; };
void disk_read(uint32_t lba, struct disk_result *r);
void disk_write(uint32_t lba, const uint8_t *data, struct disk_result *r);
void disk_interrupt(void);

/* uart_input.c: lines from the UART's receiver, interrupt-driven (IRQ4). */
unsigned uart_read_line(char *buf, unsigned size, unsigned *taken_by);
void uart_interrupt(void);

/* kernel.c / entry.S */
void wait_until(volatile int *flag);
void trap(uint32_t vector);
void ap_main(void);
extern uint32_t page_directory[1024];
extern uint8_t ap_trampoline[], ap_trampoline_end[];
extern volatile uint32_t ap_stack;
void load_idt(void);
void paging_on(void);
extern uint8_t vector_stubs[], stacks[];

#endif /* __ASSEMBLER__ */
#endif
