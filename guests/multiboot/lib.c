/* lib.c: the small runtime of the Multiboot test kernels: serial output
 * polled through the 16550's line status register, printf, debug-exit,
 * fw_cfg, and the Multiboot info turned into argv and an environment. */
#include <stdarg.h>
#include "lib.h"
#include "../include/format.h"

#define COM1 0x3f8
#define LSR_THR_EMPTY 0x20
#define DEBUG_EXIT_PORT 0xf4
#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511

#define MBI_MEMORY  (1u << 0)
#define MBI_CMDLINE (1u << 2)
#define MBI_MODULES (1u << 3)

struct multiboot_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
};
struct multiboot_module { uint32_t start, end, string, reserved; };

#define MAX_ARGS 16
#define MAX_ENV 16
#define CMDLINE_MAX 512
#define ENV_MAX 1024

int argc;
char *argv[MAX_ARGS + 1];
uint32_t mem_lower_kb, mem_upper_kb;
static char cmdline_copy[CMDLINE_MAX];
static char env_copy[ENV_MAX];
static char *env_keys[MAX_ENV], *env_values[MAX_ENV];
static int env_count;

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

void *memcpy(void *dst, const void *src, uint32_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memset(void *dst, int c, uint32_t n)
{
	uint8_t *d = dst;
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

unsigned atou(const char *s)
{
	unsigned v = 0;
	while (s && *s >= '0' && *s <= '9')
		v = v * 10 + (unsigned)(*s++ - '0');
	return v;
}

void serial_putc(char c)
{
	while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
		pause();
	outb(COM1, (uint8_t)c);
}

static void put_char(char c)
{
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
}

void puts_serial(const char *s)
{
	while (*s)
		put_char(*s++);
}

void printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	format(put_char, fmt, ap);
	va_end(ap);
}

void debug_exit(uint32_t code)
{
	outl(DEBUG_EXIT_PORT, code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void fw_cfg_read(uint16_t key, void *buf, uint32_t size)
{
	uint8_t *p = buf;
	outw(FW_CFG_SELECTOR, key);
	for (uint32_t i = 0; i < size; i++)
		p[i] = inb(FW_CFG_DATA);
}

static void split_args(void)
{
	char *p = cmdline_copy;
	while (*p && argc < MAX_ARGS) {
		while (*p == ' ')
			*p++ = '\0';
		if (!*p)
			break;
		argv[argc++] = p;
		while (*p && *p != ' ')
			p++;
	}
	argv[argc] = 0;
}

/* The environment module: KEY=VALUE lines, copied and split in place. */
static void read_env(const struct multiboot_module *mod)
{
	uint32_t len = mod->end - mod->start;
	if (mod->end < mod->start)
		return;
	if (len >= ENV_MAX)
		len = ENV_MAX - 1;
	memcpy(env_copy, (const void *)mod->start, len);
	env_copy[len] = '\0';
	char *line = env_copy;
	while (*line && env_count < MAX_ENV) {
		char *end = line;
		while (*end && *end != '\n')
			end++;
		char *next = *end ? end + 1 : end;
		*end = '\0';
		char *eq = line;
		while (*eq && *eq != '=')
			eq++;
		if (*eq == '=' && eq != line) {
			*eq = '\0';
			env_keys[env_count] = line;
			env_values[env_count++] = eq + 1;
		}
		line = next;
	}
}

const char *getenv(const char *key)
{
	for (int i = 0; i < env_count; i++)
		if (strcmp(env_keys[i], key) == 0)
			return env_values[i];
	return 0;
}

static void serial_setup(void)
{
	outb(COM1 + 1, 0x00);     /* no interrupts */
	outb(COM1 + 3, 0x80);     /* DLAB: set the divisor */
	outb(COM1 + 0, 0x01);     /* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);     /* 8N1 */
	outb(COM1 + 2, 0xc7);     /* FIFOs on */
	outb(COM1 + 4, 0x03);     /* DTR, RTS */
}

int lib_init(uint32_t magic, uint32_t info_addr)
{
	serial_setup();
	if (magic != MULTIBOOT_BOOTLOADER_MAGIC) {
		printf("not started by a Multiboot loader: EAX = 0x%x\n", magic);
		return -1;
	}
	const struct multiboot_info *info = (const void *)info_addr;
	if (info->flags & MBI_MEMORY)
		mem_lower_kb = info->mem_lower, mem_upper_kb = info->mem_upper;
	if (info->flags & MBI_CMDLINE) {
		const char *s = (const char *)info->cmdline;
		uint32_t n = 0;
		while (s[n] && n < CMDLINE_MAX - 1)
			cmdline_copy[n] = s[n], n++;
		split_args();
	}
	if ((info->flags & MBI_MODULES) && info->mods_count)
		read_env((const struct multiboot_module *)info->mods_addr);
	return 0;
}
