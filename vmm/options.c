/* options.c: parses and validates the command line into a struct config.
 * Pure logic (no KVM), so the unit tests drive it directly. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "options.h"
#include "paging_mode.h"
#include "status.h"

#define MIN_MEM   (64u << 10)
#define MAX_MEM   (1ul << 30)
#define MAX_TIMEOUT (7 * 24 * 3600.0)
#define MAX_TIMER_HZ 10000
#define DEFAULT_MAX_OUTPUT (1u << 20)
#define MAX_MAX_OUTPUT (1ul << 30)

bool options_parse_size(const char *text, size_t *bytes)
{
	char *end;
	errno = 0;
	if (!text || !*text || *text == '-' || *text == '+')
		return false;
	unsigned long long value = strtoull(text, &end, 0);
	if (errno || end == text)
		return false;
	unsigned shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (*end == 'i' && shift)   /* accept KiB/MiB spelled "Ki"/"Mi" too */
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end != '\0' || value > (ULLONG_MAX >> shift))
		return false;
	*bytes = (size_t)(value << shift);
	return true;
}

static bool parse_uint(const char *text, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	if (!text || !*text || *text == '-' || *text == '+')
		return false;
	unsigned long value = strtoul(text, &end, 10);
	if (errno || *end != '\0' || value > max)
		return false;
	*out = value;
	return true;
}

static bool parse_seconds(const char *text, double *out)
{
	char *end;
	errno = 0;
	if (!text || !*text)
		return false;
	double value = strtod(text, &end);
	if (errno || *end != '\0' || !isfinite(value) || value < 0 || value > MAX_TIMEOUT)
		return false;
	*out = value;
	return true;
}

/* "1234" (a TCP port on 127.0.0.1) or "unix:PATH". */
static bool gdb_address_ok(const char *text)
{
	unsigned long port;
	if (strncmp(text, "unix:", 5) == 0)
		return text[5] != '\0' && strlen(text + 5) < 92;    /* sun_path, less a temporary suffix */
	return parse_uint(text, 65535, &port) && port > 0;
}

static enum parse_result fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return PARSE_ERROR;
}

enum { OPT_MODE = 256, OPT_LONG_MODE, OPT_VCPUS, OPT_MEM, OPT_INPUT,
       OPT_TRANSCRIPT, OPT_TIMEOUT, OPT_TIMER_HZ, OPT_MAX_OUTPUT, OPT_QUIET,
       OPT_TRACE, OPT_STATS, OPT_HOST_CHECK, OPT_SMP, OPT_MULTIBOOT, OPT_MODULE,
       OPT_CMDLINE, OPT_TRANSCRIPT_JSON, OPT_GDB, OPT_GDB_WAIT,
       OPT_DISK, OPT_DISK_WRITE, OPT_SCREEN_RECORD, OPT_SCREEN_ATTRIBUTES, OPT_SCREEN_AT,
       OPT_SCREEN, OPT_SCREENSHOT,
       OPT_SANDBOX, OPT_CPU_FEATURES, OPT_EXPECT, OPT_CONSOLE,
       OPT_KERNEL, OPT_INITRD, OPT_PAGING, OPT_LOAD, OPT_ENTRY };

static const struct option long_options[] = {
	{ "mode",        required_argument, NULL, OPT_MODE },
	{ "long-mode",   no_argument,       NULL, OPT_LONG_MODE },
	{ "paging",      no_argument,       NULL, OPT_PAGING },
	{ "load",        required_argument, NULL, OPT_LOAD },
	{ "entry",       required_argument, NULL, OPT_ENTRY },
	{ "vcpus",       required_argument, NULL, OPT_VCPUS },
	{ "mem",         required_argument, NULL, OPT_MEM },
	{ "input",       required_argument, NULL, OPT_INPUT },
	{ "expect",      required_argument, NULL, OPT_EXPECT },
	{ "console",     required_argument, NULL, OPT_CONSOLE },
	{ "transcript",  required_argument, NULL, OPT_TRANSCRIPT },
	{ "transcript-json", required_argument, NULL, OPT_TRANSCRIPT_JSON },
	{ "timeout",     required_argument, NULL, OPT_TIMEOUT },
	{ "timer-hz",    required_argument, NULL, OPT_TIMER_HZ },
	{ "max-output",  required_argument, NULL, OPT_MAX_OUTPUT },
	{ "quiet",       no_argument,       NULL, OPT_QUIET },
	{ "trace",       no_argument,       NULL, OPT_TRACE },
	{ "stats",       no_argument,       NULL, OPT_STATS },
	{ "host-check",  no_argument,       NULL, OPT_HOST_CHECK },
	{ "sandbox",     no_argument,       NULL, OPT_SANDBOX },
	{ "smp",         required_argument, NULL, OPT_SMP },
	{ "multiboot",   no_argument,       NULL, OPT_MULTIBOOT },
	{ "module",      required_argument, NULL, OPT_MODULE },
	{ "cmdline",     required_argument, NULL, OPT_CMDLINE },
	{ "append",      required_argument, NULL, OPT_CMDLINE },
	{ "gdb",         required_argument, NULL, OPT_GDB },
	{ "gdb-wait",    no_argument,       NULL, OPT_GDB_WAIT },
	{ "disk",        required_argument, NULL, OPT_DISK },
	{ "disk-write",  no_argument,       NULL, OPT_DISK_WRITE },
	{ "screen-record", no_argument,     NULL, OPT_SCREEN_RECORD },
	{ "screen-attributes", no_argument, NULL, OPT_SCREEN_ATTRIBUTES },
	{ "screen-at",   required_argument, NULL, OPT_SCREEN_AT },
	{ "screen",      no_argument,       NULL, OPT_SCREEN },
	{ "screenshot",  required_argument, NULL, OPT_SCREENSHOT },
	{ "cpu-features", required_argument, NULL, OPT_CPU_FEATURES },
	{ "kernel",      required_argument, NULL, OPT_KERNEL },
	{ "initrd",      required_argument, NULL, OPT_INITRD },
	{ "help",        no_argument,       NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static void config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->flat_mode = MODE_REAL;
	cfg->mem_size = 4u << 20;
	cfg->timeout = -1;
	cfg->timer_hz = 100;
	cfg->max_output = DEFAULT_MAX_OUTPUT;
	cfg->paging_load = PAGING_LOAD_DEFAULT;
	cfg->paging_entry = PAGING_ENTRY_DEFAULT;
}

/* An address: decimal, 0x hex or 0 octal, at most 32 bits. */
static bool parse_address(const char *text, uint64_t *out)
{
	char *end;
	errno = 0;
	if (!text || !*text || *text == '-' || *text == '+')
		return false;
	unsigned long long value = strtoull(text, &end, 0);
	if (errno || *end != '\0' || value > 0xffffffffull)
		return false;
	*out = value;
	return true;
}

/* --paging goes with flat images and none of the other modes; --load and
 * --entry only with it. */
static enum parse_result check_paging(const struct config *cfg, bool load_given,
				      bool entry_given, char *err, size_t errlen)
{
	if (cfg->flat_mode != MODE_PAGING) {
		if (load_given || entry_given)
			return fail(err, errlen, "--load and --entry go with --paging");
		return PARSE_RUN;
	}
	if (cfg->smp || cfg->multiboot || cfg->ndisks || cfg->kernel || cfg->initrd)
		return fail(err, errlen, "--paging runs flat images: no --smp, --multiboot, --disk, --kernel or --initrd");
	if (paging_check_options(cfg->paging_load, cfg->paging_entry, cfg->mem_size, err, errlen) != STATUS_OK)
		return PARSE_ERROR;
	return PARSE_RUN;
}

static bool parse_mode(const char *text, enum guest_mode *mode)
{
	static const struct { const char *name; enum guest_mode mode; } modes[] = {
		{ "real", MODE_REAL }, { "pm32", MODE_PM32 }, { "long", MODE_LONG },
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(text, modes[i].name) == 0) {
			*mode = modes[i].mode;
			return true;
		}
	return false;
}

enum parse_result options_parse(int argc, char **argv, struct config *cfg,
				char *err, size_t errlen)
{
	unsigned long vcpus = 0, number;
	bool mode_given = false, paging_given = false, load_given = false, entry_given = false;
	config_defaults(cfg);
	optind = 0;        /* reset getopt, so the parser can be called again */
	opterr = 0;
	for (;;) {
		int longindex = 0;
		int opt = getopt_long(argc, argv, ":h", long_options, &longindex);
		if (opt == -1)
			break;
		switch (opt) {
		case 'h':
			return PARSE_HELP;
		case OPT_MODE:
			if (!parse_mode(optarg, &cfg->flat_mode))
				return fail(err, errlen, "--mode: '%s' is not one of real, pm32, long", optarg);
			mode_given = true;
			break;
		case OPT_LONG_MODE:
			cfg->flat_mode = MODE_LONG;
			mode_given = true;
			break;
		case OPT_PAGING:
			paging_given = true;
			break;
		case OPT_LOAD:
			if (!parse_address(optarg, &cfg->paging_load))
				return fail(err, errlen, "--load: '%s' is not an address (e.g. 0x1000)", optarg);
			load_given = true;
			break;
		case OPT_ENTRY:
			if (!parse_address(optarg, &cfg->paging_entry))
				return fail(err, errlen, "--entry: '%s' is not a 32-bit address (e.g. 0x80001000)", optarg);
			entry_given = true;
			break;
		case OPT_VCPUS:
			if (!parse_uint(optarg, MAX_VCPUS, &vcpus) || vcpus == 0)
				return fail(err, errlen, "--vcpus: '%s' is not a number from 1 to %d", optarg, MAX_VCPUS);
			break;
		case OPT_MEM:
			if (!options_parse_size(optarg, &cfg->mem_size) ||
			    cfg->mem_size < MIN_MEM || cfg->mem_size > MAX_MEM)
				return fail(err, errlen, "--mem: '%s' is not a size from 64K to 1G", optarg);
			if (cfg->mem_size % 4096)
				return fail(err, errlen, "--mem: '%s' is not a multiple of 4 KiB", optarg);
			cfg->mem_given = true;
			break;
		case OPT_INPUT:
			cfg->input_path = optarg;
			break;
		case OPT_EXPECT:
			cfg->expect_path = optarg;
			break;
		case OPT_CONSOLE:
			if (strcmp(optarg, "serial") == 0)
				cfg->console = CONSOLE_SERIAL;
			else if (strcmp(optarg, "keyboard") == 0)
				cfg->console = CONSOLE_KEYBOARD;
			else if (strcmp(optarg, "auto") == 0)
				cfg->console = CONSOLE_AUTO;
			else
				return fail(err, errlen, "--console: '%s' is not one of serial, keyboard, auto", optarg);
			break;
		case OPT_TRANSCRIPT:
			cfg->transcript_path = optarg;
			break;
		case OPT_TRANSCRIPT_JSON:
			cfg->transcript_json_path = optarg;
			break;
		case OPT_TIMEOUT:
			if (!parse_seconds(optarg, &cfg->timeout))
				return fail(err, errlen, "--timeout: '%s' is not a number of seconds (0 to 604800)", optarg);
			break;
		case OPT_TIMER_HZ:
			if (!parse_uint(optarg, MAX_TIMER_HZ, &number))
				return fail(err, errlen, "--timer-hz: '%s' is not a rate from 0 to %d", optarg, MAX_TIMER_HZ);
			cfg->timer_hz = (unsigned)number;
			cfg->timer_hz_given = true;
			break;
		case OPT_MAX_OUTPUT:
			if (!options_parse_size(optarg, &cfg->max_output) ||
			    cfg->max_output == 0 || cfg->max_output > MAX_MAX_OUTPUT)
				return fail(err, errlen, "--max-output: '%s' is not a size from 1 to 1G", optarg);
			break;
		case OPT_QUIET:      cfg->quiet = true; break;
		case OPT_TRACE:      cfg->trace = true; break;
		case OPT_STATS:      cfg->stats = true; break;
		case OPT_HOST_CHECK: cfg->host_check = true; break;
		case OPT_SANDBOX:    cfg->sandbox = true; break;
		case OPT_SMP:
			if (!parse_uint(optarg, MAX_VCPUS, &number) || number == 0)
				return fail(err, errlen, "--smp: '%s' is not a number from 1 to %d", optarg, MAX_VCPUS);
			cfg->smp = (int)number;
			break;
		case OPT_MULTIBOOT:  cfg->multiboot = true; break;
		case OPT_MODULE:
			if (cfg->nmodules == MAX_MODULES)
				return fail(err, errlen, "--module: at most %d modules", MAX_MODULES);
			cfg->modules[cfg->nmodules++] = optarg;
			break;
		case OPT_CMDLINE:    cfg->cmdline = optarg; break;
		case OPT_GDB:
			if (!gdb_address_ok(optarg))
				return fail(err, errlen, "--gdb: '%s' is not a port (1-65535) or unix:PATH", optarg);
			cfg->gdb = optarg;
			break;
		case OPT_GDB_WAIT:   cfg->gdb_wait = true; break;
		case OPT_DISK:
			if (cfg->ndisks == MAX_DISKS_OPTION)
				return fail(err, errlen, "--disk: at most %d disks", MAX_DISKS_OPTION);
			cfg->disks[cfg->ndisks++] = optarg;
			break;
		case OPT_DISK_WRITE: cfg->disk_write = true; break;
		case OPT_SCREEN_RECORD: cfg->screen_record = true; break;
		case OPT_SCREEN_ATTRIBUTES: cfg->screen_attributes = true; break;
		case OPT_SCREEN_AT:
			if (cfg->nscreen_at == SCREEN_AT_MAX)
				return fail(err, errlen, "--screen-at: at most %d events", SCREEN_AT_MAX);
			if (screen_event_parse(optarg, &cfg->screen_at[cfg->nscreen_at], err, errlen) < 0)
				return PARSE_ERROR;
			cfg->nscreen_at++;
			break;
		case OPT_SCREEN:     cfg->screen_live = true; break;
		case OPT_SCREENSHOT:
			if (!*optarg)
				return fail(err, errlen, "--screenshot needs a file name");
			cfg->screenshot = optarg;
			break;
		case OPT_KERNEL:     cfg->kernel = optarg; break;
		case OPT_INITRD:     cfg->initrd = optarg; break;
		case OPT_CPU_FEATURES:
			if (cpu_features_parse(optarg, &cfg->cpu_features, err, errlen) < 0)
				return PARSE_ERROR;
			break;
		case ':':
			return fail(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return fail(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	int nfiles = argc - optind;
	if (paging_given && mode_given)
		return fail(err, errlen, "--paging is a mode of its own: give no --mode or --long-mode with it");
	if (paging_given)
		cfg->flat_mode = MODE_PAGING;
	if (check_paging(cfg, load_given, entry_given, err, errlen) == PARSE_ERROR)
		return PARSE_ERROR;
	if (cfg->host_check) {
		if (nfiles)
			return fail(err, errlen, "--host-check takes no image");
		return PARSE_RUN;
	}
	if (cfg->expect_path && cfg->input_path)
		return fail(err, errlen, "--expect and --input both script the input: give one of them");
	if ((cfg->screen_live || cfg->screenshot || cfg->nscreen_at) &&
	    cfg->mem_size < VGA_TEXT_BASE + 2 * VGA_COLS * VGA_ROWS)
		return fail(err, errlen, "--screen, --screen-at and --screenshot need the text screen at 0xB8000: --mem of at least 744K");
	if (cfg->kernel) {
		if (nfiles || vcpus || cfg->ndisks || cfg->multiboot || cfg->nmodules)
			return fail(err, errlen, "--kernel boots one Linux kernel: give no IMAGE, --vcpus, --disk, --multiboot or --module (--smp N for more vCPUs)");
		if (cfg->gdb && cfg->sandbox)
			return fail(err, errlen, "--sandbox is for graded runs: it forbids the sockets --gdb needs");
		if (cfg->gdb_wait && !cfg->gdb)
			return fail(err, errlen, "--gdb-wait needs --gdb PORT|unix:PATH");
		cfg->nimages = 1;
		cfg->images[0] = cfg->kernel;
		return PARSE_RUN;
	}
	if (cfg->ndisks && (nfiles > 1 || vcpus || (cfg->smp && nfiles) || cfg->multiboot))
		return fail(err, errlen, "--disk attaches disks to one BIOS-booted guest: give at most one IMAGE "
			    "(none with --smp: the first --disk boots), no --vcpus or --multiboot");
	if (cfg->disk_write && !cfg->ndisks)
		return fail(err, errlen, "--disk-write needs a --disk");
	if (nfiles == 0 && cfg->ndisks) {             /* boot the first disk */
		cfg->boot_from_disk = true;
		cfg->nimages = 1;
		cfg->images[0] = cfg->disks[0];
		return PARSE_RUN;
	}
	if (nfiles == 0)
		return fail(err, errlen, "no guest image given (try --help)");
	if (nfiles > MAX_VCPUS)
		return fail(err, errlen, "%d images given; at most %d guests run at once", nfiles, MAX_VCPUS);
	if (vcpus && nfiles != 1)
		return fail(err, errlen, "--vcpus N runs copies of a single image; %d images given", nfiles);
	if (cfg->smp && (vcpus || nfiles != 1))
		return fail(err, errlen, "--smp N runs one guest on N vCPUs: give one image and no --vcpus");
	if (cfg->gdb_wait && !cfg->gdb)
		return fail(err, errlen, "--gdb-wait needs --gdb PORT|unix:PATH");
	if (cfg->gdb && (vcpus || nfiles != 1))
		return fail(err, errlen, "--gdb debugs one guest: give one image (use --smp N for more vCPUs)");
	if (cfg->screen_live && cfg->sandbox)
		return fail(err, errlen, "--sandbox is for graded runs: --screen draws on a terminal (use --screenshot)");
	if (cfg->gdb && cfg->sandbox)
		return fail(err, errlen, "--sandbox is for graded runs: it forbids the sockets --gdb needs");
	if (cfg->expect_path && (vcpus > 1 || nfiles != 1))
		return fail(err, errlen, "--expect talks to one guest: give one image (use --smp N for more vCPUs)");
	cfg->nimages = vcpus ? (int)vcpus : nfiles;
	for (int i = 0; i < cfg->nimages; i++)
		cfg->images[i] = argv[optind + (vcpus ? 0 : i)];
	return PARSE_RUN;
}

void options_usage(FILE *out)
{
	fprintf(out,
"usage: mini-kvm [options] IMAGE [IMAGE ...]\n"
"       mini-kvm [options] --disk FILE [--disk FILE ...] [IMAGE]\n"
"       mini-kvm [options] --kernel bzImage [--initrd FILE] [--append CMDLINE]\n"
"Run up to %d x86 guests on /dev/kvm, each in a VM of its own on a vCPU of its own.\n"
"A flat image is loaded at 0x0 and entered at 0 (real mode unless --mode);\n"
"an ELF32 image runs in 32-bit protected mode, an ELF64 image in long mode.\n"
"A boot sector (512 bytes or more ending its first 512 with 0x55 0xAA), or\n"
"the first --disk without an IMAGE, boots as a PC: the BIOS loads sector 0\n"
"at 0x7C00 and enters it in real mode with DL = 0x80 (docs/BIOS.md).\n"
"\n"
"options:\n"
"  --mode real|pm32|long  mode for flat images (default real)\n"
"  --long-mode            same as --mode long (the original's option)\n"
"  --paging               32-bit protected mode with paging, as the original's\n"
"                         1K OS wants it: the flat image at --load, entered at\n"
"                         --entry; 0-4 MiB mapped at 0 and at 0x80000000\n"
"  --load ADDR            with --paging: where the image goes (default 0x1000)\n"
"  --entry ADDR           with --paging: EIP at entry (default 0x80001000)\n"
"  --vcpus N              run N copies of one IMAGE (1-%d)\n"
"  --mem SIZE             RAM per guest, e.g. 4M, 512K (default 4M; 64K-1G)\n"
"  --input FILE           keyboard input scripted from FILE ('-' = stdin)\n"
"  --expect FILE          input from an expect script: send text after text\n"
"                         appears in the output, end on a text or on quiet\n"
"                         (one guest; format in docs/HARNESS.md)\n"
"  --console serial|keyboard\n"
"                         the device that receives the keys: the 16550 UART\n"
"                         (IRQ4) or the keyboard (default: serial for Multiboot\n"
"                         kernels, the keyboard for the others)\n"
"  --transcript FILE      record output and ends to FILE ('-' = stdout)\n"
"  --transcript-json FILE each vCPU's end as a JSON line, for programs\n"
"  --timeout SECONDS      end the run after SECONDS (0 = never; default:\n"
"                         never on a terminal, 30 otherwise)\n"
"  --timer-hz HZ          timer interrupt IRQ0 rate (default 100, 0 = off)\n"
"  --max-output BYTES     output cap per guest (default 1M)\n"
"  --quiet                do not print guest output (transcript keeps it)\n"
"  --trace                log every VM exit to stderr\n"
"  --stats                print exit counts per reason at the end\n"
"  --host-check           report which guest modes this host runs\n"
"  --sandbox              after set-up, drop root and allow only the system\n"
"                         calls a run needs (seccomp); others kill the VMM\n"
"  --smp N                run ONE guest on N vCPUs sharing its memory (1-%d),\n"
"                         with KVM's in-kernel APIC; APs wait for INIT/SIPI\n"
"  --multiboot            insist the image is a Multiboot kernel (else detected)\n"
"  --cmdline TEXT         Multiboot or Linux command line (also --append)\n"
"  --kernel bzImage       boot a Linux kernel through its 64-bit entry, with\n"
"                         --smp vCPUs (default --mem 256M; docs/LINUX.md)\n"
"  --initrd FILE          the Linux kernel's initial RAM disk\n"
"  --module FILE          a Multiboot module (repeatable, at most %d)\n"
"  --gdb PORT|unix:PATH   serve GDB's remote protocol on 127.0.0.1:PORT or a\n"
"                         unix socket (one guest; docs/DEBUGGING.md)\n"
"  --gdb-wait             with --gdb: stop before the first instruction\n"
"  --disk FILE            a raw disk image for a BIOS-booted guest (repeatable:\n"
"                         drives 0x80, 0x81, ... after a boot-sector IMAGE);\n"
"                         guest writes go to a private copy unless --disk-write\n"
"  --disk-write           guest writes to the --disk files reach the files\n"
"  --screen-record        the text screen at 0xB8000 in the transcript of every\n"
"                         guest (BIOS-booted guests always have it)\n"
"  --screen-attributes    screen records with each row's attributes\n"
"  --screen-at EVENT      also the screen when EVENT happens: out:N (N bytes of\n"
"                         output), text:STRING (output ending so), input:N (the\n"
"                         N-th byte of the input script about to be read)\n"
"  --screen               on a terminal: draw the first guest's text screen live\n"
"  --screenshot FILE.png  the text screen at the end as a 640x400 PNG picture\n"
"  --cpu-features LIST    CPUID bits to add or remove, e.g. +x2apic,-tsc-deadline\n"
"                         (x2apic, tsc-deadline, hypervisor; docs/DEVICES.md)\n"
"  -h, --help             this text\n"
"\n"
"On a terminal, keys go to the guests; Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A.\n"
"\n"
"exit status:\n"
"  0-99  the guest's exit code (several guests: first non-zero, vCPU order)\n"
"  odd   debug-exit device: a write of CODE to port 0xf4 ends with (CODE << 1) | 1\n"
"  %d   usage error              %d   image missing or malformed\n"
"  %d   guest fault              %d   timeout\n"
"  %d   host refused the guest   %d   internal VMM error\n"
"  %d   stopped by the user        %d   an --expect step timed out\n",
		MAX_VCPUS, MAX_VCPUS, MAX_VCPUS, MAX_MODULES, STATUS_USAGE, STATUS_IMAGE, STATUS_GUEST_FAULT,
		STATUS_TIMEOUT, STATUS_HOST_REFUSED, STATUS_VMM_ERROR, STATUS_STOPPED, STATUS_SCRIPT_TIMEOUT);
}
