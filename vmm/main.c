/* main.c: mini-kvm's entry point: parse the command line, load every
 * image into a VM of its own, run them, report, write the transcript. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "exits.h"
#include "gdb_target.h"
#include "hostcheck.h"
#include "linux_boot.h"
#include "loader.h"
#include "machine.h"
#include "multiboot.h"
#include "paging_mode.h"
#include "pcboot.h"
#include "screenshot.h"
#include "seccomp.h"
#include "transcript.h"

static struct config cfg;
static struct machine machine;

/* Is this run one guest on KVM's in-kernel irqchip? (--smp, or
 * --multiboot, or a Multiboot header found in the first image.) */
static bool one_guest_wanted(const uint8_t *data, size_t size)
{
	return cfg.smp || cfg.multiboot ||
	       (cfg.flat_mode != MODE_PAGING && (multiboot_detect(data, size) || linux_boot_wanted(&cfg, data, size)));
}

static int setup_input(void)
{
	char err[256];
	const char *path = cfg.input_path;
	if (cfg.expect_path) {          /* keys from the script, none from stdin */
		if (machine_setup_expect(&machine, cfg.expect_path, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s\n", err);
			return STATUS_USAGE;
		}
		return STATUS_OK;
	}
	if (!path && isatty(STDIN_FILENO)) {
		machine.live = true;
		return STATUS_OK;
	}
	if (input_script_open(&machine.script, path ? path : "-", err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_USAGE;
	}
	machine.scripted = true;
	machine.guest_env.script = &machine.script;
	return STATUS_OK;
}

/* Everything a run's input can get wrong is found before /dev/kvm is
 * opened, so a bad image or option gets its own status and message on a
 * machine without KVM too: each image is read and placed, as a dry run,
 * into scratch memory the size of guest RAM (untouched pages cost nothing). */
/* A Linux kernel runs alone: its header, initrd and command line are
 * checked by loading them into the scratch RAM. */
static int check_linux(const char *image, const uint8_t *data, size_t size, uint8_t *scratch)
{
	char err[300];
	struct boot_info boot;
	if (cfg.nimages != 1 || cfg.ndisks || cfg.nmodules) {
		fprintf(stderr, "mini-kvm: %s: a Linux kernel runs as one guest, without --disk or --module; "
			"use --smp N for more vCPUs\n", image);
		return STATUS_USAGE;
	}
	if (linux_boot_load_config(&cfg, data, size, scratch, cfg.mem_size, &boot, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image, err);
		return STATUS_IMAGE;
	}
	return STATUS_OK;
}

static int check_image(int i, const uint8_t *data, size_t size, uint8_t *scratch)
{
	char err[256];
	struct boot_info boot;
	uint32_t info_addr;
	const char *image = cfg.images[i];
	if (cfg.flat_mode == MODE_PAGING) {     /* a flat image, whatever its bytes */
		if (paging_load(data, size, cfg.paging_load, cfg.paging_entry, scratch, cfg.mem_size,
				&boot, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s: %s\n", image, err);
			return STATUS_IMAGE;
		}
		return STATUS_OK;
	}
	bool multiboot = multiboot_detect(data, size);
	if (linux_boot_wanted(&cfg, data, size))
		return check_linux(image, data, size, scratch);
	if (cfg.initrd) {
		fprintf(stderr, "mini-kvm: %s: --initrd is for Linux kernels (a bzImage, or --kernel)\n", image);
		return STATUS_USAGE;
	}
	if (pcboot_wanted(&cfg, i, data, size) || cfg.ndisks) {
		int status = pcboot_check(&cfg, i, data, size, err, sizeof err);
		if (status != STATUS_OK)
			fprintf(stderr, "mini-kvm: %s\n", err);
		return status;
	}
	if (i == 0 && one_guest_wanted(data, size)) {
		if (multiboot && cfg.nimages != 1) {
			fprintf(stderr, "mini-kvm: %s: a Multiboot kernel runs as one guest; use --smp N for more vCPUs\n", image);
			return STATUS_USAGE;
		}
		if (cfg.multiboot && !multiboot) {
			fprintf(stderr, "mini-kvm: %s: --multiboot: no Multiboot header (magic 0x%08x, valid checksum) in the first %d bytes\n",
				image, MULTIBOOT_HEADER_MAGIC, MULTIBOOT_SEARCH_BYTES);
			return STATUS_IMAGE;
		}
	}
	if (!multiboot && (cfg.nmodules || cfg.cmdline)) {
		fprintf(stderr, "mini-kvm: %s: --module and --cmdline are for Multiboot kernels\n", image);
		return STATUS_USAGE;
	}
	int loaded = multiboot && i == 0
		? multiboot_load(data, size, image, &cfg, scratch, cfg.mem_size, &boot, &info_addr,
				 err, sizeof err)
		: loader_load(data, size, cfg.flat_mode, scratch, cfg.mem_size, &boot, err, sizeof err);
	if (loaded < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image, err);
		return STATUS_IMAGE;
	}
	return STATUS_OK;
}

/* A Linux kernel gets LINUX_DEFAULT_MEM of RAM unless --mem says. */
static void choose_linux_memory(void)
{
	char err[256];
	uint8_t *data = NULL;
	size_t size = 0;
	if (cfg.mem_given || cfg.boot_from_disk || cfg.nimages != 1 || cfg.flat_mode == MODE_PAGING ||
	    loader_read_file(cfg.images[0], MAX_IMAGE_FILE, &data, &size, err, sizeof err) < 0)
		return;
	if (linux_boot_wanted(&cfg, data, size))
		cfg.mem_size = LINUX_DEFAULT_MEM;
	free(data);
}

static int check_all_images(void)
{
	choose_linux_memory();
	uint8_t *scratch = mmap(NULL, cfg.mem_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (scratch == MAP_FAILED) {
		fprintf(stderr, "mini-kvm: cannot reserve %zu bytes to check the images\n", cfg.mem_size);
		return STATUS_VMM_ERROR;
	}
	int status = STATUS_OK;
	for (int i = 0; i < cfg.nimages && status == STATUS_OK; i++) {
		char err[256];
		uint8_t *data = NULL;
		size_t size = 0;
		if (!cfg.boot_from_disk &&
		    loader_read_file(cfg.images[i], MAX_IMAGE_FILE, &data, &size, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s: %s\n", cfg.images[i], err);
			status = STATUS_IMAGE;
			break;
		}
		status = check_image(i, data, size, scratch);
		free(data);
		madvise(scratch, cfg.mem_size, MADV_DONTNEED);   /* zero again for the next */
	}
	munmap(scratch, cfg.mem_size);
	return status;
}

/* Image i as guest i of one vCPU; or, for --smp and Multiboot, image 0
 * as the only guest, on cfg.smp vCPUs. */
static int open_guests(void)
{
	for (int i = 0; i < cfg.nimages; i++) {
		char err[256];
		uint8_t *data = NULL;
		size_t size = 0;
		if (!cfg.boot_from_disk &&
		    loader_read_file(cfg.images[i], MAX_IMAGE_FILE, &data, &size, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s: %s\n", cfg.images[i], err);
			return STATUS_IMAGE;
		}
		bool one_guest = i == 0 && one_guest_wanted(data, size);
		int ncpus = one_guest && cfg.smp ? cfg.smp : 1;
		machine.nguests = i + 1;
		int status = guest_open(&machine.guests[i], &machine.guest_env, i, cfg.images[i],
					data, size, ncpus, one_guest);
		free(data);
		if (status != STATUS_OK || one_guest)
			return status;
	}
	return STATUS_OK;
}

static int load_all(void)
{
	char err[256];
	int status = setup_input();
	if (status == STATUS_OK)
		status = check_all_images();
	if (status != STATUS_OK)
		return status;
	if (kvm_open(err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_HOST_REFUSED;
	}
	return open_guests();
}

static void report_ends(void)
{
	int nvcpus = machine_vcpu_count(&machine);
	bool first = true;
	for (int g = 0; g < machine.nguests; g++) {
		const struct guest *guest = &machine.guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			const struct vcpu *vcpu = &guest->vcpus[i];
			/* Abnormal ends are always reported; clean ones when several
			 * vCPUs ran, so every vCPU's state is accounted for. */
			if (vcpu->end.kind < END_STOPPED && nvcpus == 1 &&
			    vcpu->end.reason != REASON_UNKNOWN_HYPERCALL)
				continue;
			if (first)
				console_before_messages();
			first = false;
			char text[256];
			transcript_end_text(&vcpu->end, text, sizeof text);
			fprintf(stderr, "mini-kvm: cpu%d (%s) ended: %s\n", vcpu->id, guest->image_name, text);
		}
	}
}

static void report_stats(void)
{
	for (int g = 0; g < machine.nguests; g++) {
		const struct guest *guest = &machine.guests[g];
		for (int i = 0; i < guest->nvcpus; i++) {
			const struct vcpu *vcpu = &guest->vcpus[i];
			fprintf(stderr, "cpu%d exits:", vcpu->id);
			for (unsigned r = 0; r < EXIT_REASONS; r++)
				if (vcpu->exit_counts[r])
					fprintf(stderr, " %s=%llu", vcpu_exit_name(r),
						(unsigned long long)vcpu->exit_counts[r]);
			fprintf(stderr, " output=%zu bytes\n", vcpu->out.total);
		}
	}
}

/* --screenshot: the first guest's screen at the end. */
static int write_screenshot(void)
{
	struct screen_image img;
	if (!machine.guests[0].vga.cells)
		return -1;
	screen_capture(&machine.guests[0].vga, &img);
	return screenshot_write(&img, cfg.screenshot);
}

int main(int argc, char **argv)
{
	char err[256];
	switch (options_parse(argc, argv, &cfg, err, sizeof err)) {
	case PARSE_HELP:
		options_usage(stdout);
		return STATUS_OK;
	case PARSE_ERROR:
		fprintf(stderr, "mini-kvm: %s\n", err);
		fprintf(stderr, "usage: mini-kvm [options] IMAGE [IMAGE ...]  (see --help)\n");
		return STATUS_USAGE;
	case PARSE_RUN:
		break;
	}
	if (cfg.host_check)
		return hostcheck_report();
	if ((cfg.transcript_path &&
	     transcript_check_path("--transcript", cfg.transcript_path, err, sizeof err) < 0) ||
	    (cfg.transcript_json_path &&
	     transcript_check_path("--transcript-json", cfg.transcript_json_path, err, sizeof err) < 0)) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_USAGE;
	}
	if (cfg.screen_live && !isatty(STDOUT_FILENO)) {
		fprintf(stderr, "mini-kvm: --screen draws on a terminal: standard output is not one (try --screenshot)\n");
		return STATUS_USAGE;
	}
	if (cfg.screenshot && screenshot_open(cfg.screenshot, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_USAGE;
	}
	if (cfg.timeout < 0)
		cfg.timeout = isatty(STDIN_FILENO) ? 0 : 30;
	machine_init(&machine, &cfg);

	int status = load_all();
	for (int g = 0; g < machine.nguests && !cfg.timer_hz_given; g++)
		if (machine.guests[g].pc)
			cfg.timer_hz = PC_TIMER_HZ;   /* int 0x1A counts about 18.2 ticks a second */
	for (int g = 0; g < machine.nguests; g++)
		if (machine.guests[g].linux_kernel)
			cfg.timer_hz = 0;             /* Linux has KVM's PIT on IRQ0 */
	if (status == STATUS_OK) {
		console_setup(cfg.quiet || cfg.screen_live, machine_vcpu_count(&machine), machine.nguests);   /* --screen shows it all */
		if (cfg.gdb && gdb_target_start(&machine.guests[0], cfg.gdb, cfg.gdb_wait) < 0)
			status = STATUS_USAGE;
	}
	/* --paging asks at its first entry whether the host runs 32-bit paging;
	 * the probe opens a VM of its own, so it runs now, before the sandbox. */
	if (status == STATUS_OK && cfg.flat_mode == MODE_PAGING)
		hostcheck_pm32_paging_works();
	if (status == STATUS_OK && cfg.sandbox)	/* seccomp.c: nothing new opened from here on */
		status = seccomp_enter(&cfg);
	if (status == STATUS_OK) {
		status = machine_run(&machine);
		gdb_target_finish(status);
		report_ends();
		if (cfg.stats)
			report_stats();
		if (cfg.screenshot && write_screenshot() < 0 && status == STATUS_OK)
			status = STATUS_VMM_ERROR;
		if (cfg.transcript_path && transcript_write(machine.guests, machine.nguests, cfg.transcript_path, status) < 0 &&
		    status == STATUS_OK)
			status = STATUS_VMM_ERROR;
		if (cfg.transcript_json_path &&
		    transcript_write_json(machine.guests, machine.nguests, cfg.transcript_json_path, status) < 0 &&
		    status == STATUS_OK)
			status = STATUS_VMM_ERROR;
	}
	if (cfg.screenshot)
		screenshot_abandon(cfg.screenshot);     /* only if it was never written */
	machine_close(&machine);
	return status;
}
