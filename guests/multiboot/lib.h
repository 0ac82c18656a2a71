/* lib.h: what every Multiboot test kernel uses: port I/O, the 16550
 * serial port, a small printf, the debug-exit verdicts, fw_cfg, and the
 * Multiboot info (command line as argv, first module as environment). */
#ifndef MB_LIB_H
#define MB_LIB_H

#include <stdint.h>

#define MULTIBOOT_BOOTLOADER_MAGIC 0x2BADB002u

/* Verdicts for the debug-exit port (process status (code << 1) | 1). */
enum { EXIT_PASS = 1, EXIT_FAIL = 3, EXIT_SKIP = 77 };

/* fw_cfg items. */
enum { FW_CFG_SIGNATURE = 0x00, FW_CFG_ID = 0x01, FW_CFG_RAM_SIZE = 0x03, FW_CFG_NB_CPUS = 0x05 };

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline void pause(void) { __asm__ volatile("pause"); }

/* Check the entry magic, set up the serial port, read the command line
 * and environment. Returns 0, or -1 (wrong magic) after saying so. */
int lib_init(uint32_t magic, uint32_t info_addr);

void serial_putc(char c);
void puts_serial(const char *s);
/* %c %s %d %u %x (32-bit), %llx (64-bit), %%. "\n" is sent as "\r\n". */
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* End the run with a verdict (never returns). */
void __attribute__((noreturn)) debug_exit(uint32_t code);

/* Read size bytes of fw_cfg item key (little-endian into buf). */
void fw_cfg_read(uint16_t key, void *buf, uint32_t size);

extern int argc;
extern char *argv[];
/* The value of KEY in the environment module, or 0. */
const char *getenv(const char *key);
/* Multiboot memory fields (KiB). */
extern uint32_t mem_lower_kb, mem_upper_kb;

int strcmp(const char *a, const char *b);
void *memcpy(void *dst, const void *src, uint32_t n);
void *memset(void *dst, int c, uint32_t n);
unsigned atou(const char *s);

#endif
