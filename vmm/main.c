/* main.c: mini-kvm's entry point: parse the command line, load every
 * image into a VM of its own, run them, report, write the transcript. */
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "hostcheck.h"
#include "loader.h"
#include "machine.h"
#include "multiboot.h"
#include "smp.h"
#include "transcript.h"

static struct config cfg;
static struct machine machine;

/* Load image i into a fresh VM and create its vCPU. */
static int setup_guest(int i, const uint8_t *data, size_t size)
{
	char err[256];
	struct vcpu *vcpu = &machine.vcpus[i];
	vcpu->id = i;
	vcpu->machine = &machine;
	vcpu->image_path = cfg.images[i];
	vcpu->image_name = loader_base_name(cfg.images[i]);
	vcpu->fd = -1;
	if (vm_create(&vcpu->vm, cfg.mem_size, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", vcpu->image_path, err);
		return STATUS_VMM_ERROR;
	}
	if (loader_load(data, size, cfg.flat_mode, vcpu->vm.mem, vcpu->vm.mem_size,
			&vcpu->boot, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", vcpu->image_path, err);
		return STATUS_IMAGE;
	}
	if (vcpu_create(vcpu, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s mode: %s\n", vcpu->image_path,
			guest_mode_name(vcpu->boot.mode), err);
		return STATUS_HOST_REFUSED;
	}
	vcpu->out.keep_all = cfg.transcript_path != NULL;
	if (machine.scripted)
		vcpu->kbd.script = &machine.script;
	machine.nvcpus = i + 1;
	return STATUS_OK;
}

static int setup_input(void)
{
	char err[256];
	const char *path = cfg.input_path;
	if (!path && isatty(STDIN_FILENO)) {
		machine.live = true;
		return STATUS_OK;
	}
	if (input_script_open(&machine.script, path ? path : "-", err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_USAGE;
	}
	machine.scripted = true;
	return STATUS_OK;
}

/* Everything a run's input can get wrong is found before /dev/kvm is
 * opened, so a bad image or option gets its own status and message on a
 * machine without KVM too: each image is read and placed, as a dry run,
 * into scratch memory the size of guest RAM (untouched pages cost nothing). */
static int check_image(int i, const uint8_t *data, size_t size, uint8_t *scratch)
{
	char err[256];
	struct boot_info boot;
	uint32_t info_addr;
	const char *image = cfg.images[i];
	bool multiboot = multiboot_detect(data, size);
	if (i == 0 && smp_wanted(&cfg, data, size)) {
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

static int check_all_images(void)
{
	uint8_t *scratch = mmap(NULL, cfg.mem_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (scratch == MAP_FAILED) {
		fprintf(stderr, "mini-kvm: cannot reserve %zu bytes to check the images\n", cfg.mem_size);
		return STATUS_VMM_ERROR;
	}
	int status = STATUS_OK;
	for (int i = 0; i < cfg.nimages && status == STATUS_OK; i++) {
		char err[256];
		uint8_t *data;
		size_t size;
		if (loader_read_file(cfg.images[i], MAX_IMAGE_FILE, &data, &size, err, sizeof err) < 0) {
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

static int load_all(void)
{
	int status = setup_input();
	if (status == STATUS_OK)
		status = check_all_images();
	for (int i = 0; i < cfg.nimages && status == STATUS_OK; i++) {
		char err[256];
		uint8_t *data;
		size_t size;
		if (loader_read_file(cfg.images[i], MAX_IMAGE_FILE, &data, &size, err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s: %s\n", cfg.images[i], err);
			return STATUS_IMAGE;
		}
		if (i == 0 && kvm_open(err, sizeof err) < 0) {
			fprintf(stderr, "mini-kvm: %s\n", err);
			free(data);
			return STATUS_HOST_REFUSED;
		}
		if (i == 0 && smp_wanted(&cfg, data, size)) {   /* one guest on --smp vCPUs */
			status = smp_setup(&machine, &cfg, data, size);
			free(data);
			return status;
		}
		if (cfg.nmodules || cfg.cmdline) {
			fprintf(stderr, "mini-kvm: %s: --module and --cmdline are for Multiboot kernels\n", cfg.images[i]);
			free(data);
			return STATUS_USAGE;
		}
		status = setup_guest(i, data, size);
		free(data);
	}
	return status;
}

static void report_ends(void)
{
	for (int i = 0; i < machine.nvcpus; i++)
		if (machine.vcpus[i].out.mid_line && !cfg.quiet) {
			fflush(stdout);
			fputs("\n", stderr);   /* start our messages on a line of their own */
			break;
		}
	for (int i = 0; i < machine.nvcpus; i++) {
		const struct vcpu *vcpu = &machine.vcpus[i];
		/* Abnormal ends are always reported; clean ones when several
		 * guests ran, so every vCPU's state is accounted for. */
		if (vcpu->end.kind < END_STOPPED && machine.nvcpus == 1)
			continue;
		char text[256];
		transcript_end_text(&vcpu->end, text, sizeof text);
		fprintf(stderr, "mini-kvm: cpu%d (%s) ended: %s\n", i, vcpu->image_name, text);
	}
}

static void report_stats(void)
{
	for (int i = 0; i < machine.nvcpus; i++) {
		const struct vcpu *vcpu = &machine.vcpus[i];
		fprintf(stderr, "cpu%d exits:", i);
		for (unsigned r = 0; r < EXIT_REASONS; r++)
			if (vcpu->exit_counts[r])
				fprintf(stderr, " %s=%llu", vcpu_exit_name(r),
					(unsigned long long)vcpu->exit_counts[r]);
		fprintf(stderr, " output=%zu bytes\n", vcpu->out.total);
	}
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
	if (cfg.transcript_path && transcript_check_path(cfg.transcript_path, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s\n", err);
		return STATUS_USAGE;
	}
	if (cfg.timeout < 0)
		cfg.timeout = isatty(STDIN_FILENO) ? 0 : 30;
	machine.cfg = &cfg;
	atomic_store(&machine.stop, END_RUNNING);

	int status = load_all();
	if (status == STATUS_OK) {
		console_setup(cfg.quiet, machine.nvcpus);
		status = machine_run(&machine);
		report_ends();
		if (cfg.stats)
			report_stats();
		if (cfg.transcript_path && transcript_write(&machine, cfg.transcript_path, status) < 0 &&
		    status == STATUS_OK)
			status = STATUS_VMM_ERROR;
	}
	smp_release(&machine);
	for (int i = 0; i < machine.nvcpus; i++)
		vcpu_destroy(&machine.vcpus[i]);
	if (machine.scripted)
		input_script_close(&machine.script);
	return status;
}
