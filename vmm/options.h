/* options.h: the command line, parsed into a struct config. */
#ifndef MINIKVM_OPTIONS_H
#define MINIKVM_OPTIONS_H

#include <stddef.h>
#include <stdio.h>
#include <stdbool.h>
#include "boot.h"
#include "cpu_features.h"
#include "screen_at.h"

#define MAX_VCPUS 4
#define MAX_MODULES 8
#define MAX_DISKS_OPTION 4   /* drives 0x80-0x83 */

/* Which device of a guest receives its keys (--console). */
enum console_choice { CONSOLE_AUTO, CONSOLE_KEYBOARD, CONSOLE_SERIAL };

struct config {
	const char *images[MAX_VCPUS];
	int nimages;              /* vCPUs to run (after --vcpus expansion) */
	enum guest_mode flat_mode;
	/* --paging (flat_mode MODE_PAGING): where the image goes, EIP at entry */
	uint64_t paging_load, paging_entry;
	size_t mem_size;
	const char *input_path;   /* NULL: keyboard is the terminal, "-" stdin */
	const char *expect_path;  /* --expect FILE: an expect script drives the input */
	enum console_choice console;   /* --console: where the keys go */
	const char *transcript_path;
	const char *transcript_json_path;   /* --transcript-json: ends as JSON lines */
	double timeout;           /* seconds; 0 = none; < 0 = not given */
	unsigned timer_hz;
	size_t max_output;
	bool quiet, trace, stats, host_check;
	bool sandbox;             /* --sandbox: seccomp after set-up (seccomp.c) */
	/* One guest on several vCPUs, and Multiboot (docs/DEVICES.md). */
	int smp;                  /* --smp N; 0 = not given */
	bool multiboot;           /* --multiboot: insist on a Multiboot header */
	const char *cmdline;      /* --cmdline / --append, NULL = none */
	const char *modules[MAX_MODULES];
	int nmodules;
	const char *gdb;          /* --gdb PORT or unix:PATH, NULL = none */
	bool gdb_wait;            /* --gdb-wait: stop before the first instruction */
	/* PC-style boot (docs/BIOS.md). */
	const char *disks[MAX_DISKS_OPTION];   /* --disk FILE, in order */
	int ndisks;
	bool disk_write;          /* --disk-write: guest writes reach the files */
	bool boot_from_disk;      /* no IMAGE: images[0] is disks[0], booted */
	bool timer_hz_given;      /* --timer-hz given (else BIOS guests tick at 18 Hz) */
	bool screen_record;       /* --screen-record: the text screen in every guest's transcript */
	bool screen_attributes;   /* --screen-attributes: screen records with their attributes */
	struct screen_event screen_at[SCREEN_AT_MAX];   /* --screen-at EVENT */
	int nscreen_at;
	bool screen_live;         /* --screen: draw the text screen on the terminal */
	const char *screenshot;   /* --screenshot FILE.png: the last screen as a picture */
	struct cpu_feature_choice cpu_features;   /* --cpu-features +x,-y */
	/* A Linux kernel (linux_boot.c, docs/LINUX.md). */
	const char *kernel;       /* --kernel bzImage: images[0] too */
	const char *initrd;       /* --initrd FILE */
	bool mem_given;           /* --mem given (else a Linux kernel gets 256M) */
};

enum parse_result { PARSE_RUN, PARSE_HELP, PARSE_ERROR };

/* Parse argv into cfg. On PARSE_ERROR, err holds one line saying why. */
enum parse_result options_parse(int argc, char **argv, struct config *cfg,
				char *err, size_t errlen);

/* "4M", "512K", "1G", "65536" -> bytes; false if malformed. */
bool options_parse_size(const char *text, size_t *bytes);

void options_usage(FILE *out);

#endif
