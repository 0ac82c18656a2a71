/* guest.h: one guest: a VM with its RAM, how it boots, its devices on its
 * two buses, its interrupt delivery, its keyboard cursor and its vCPUs.
 * Independent images are N guests of one vCPU each; --smp N (and every
 * Multiboot kernel) is one guest of N vCPUs on KVM's in-kernel irqchip.
 * The same code runs both. */
#ifndef MINIKVM_GUEST_H
#define MINIKVM_GUEST_H

#include <stdatomic.h>
#include <stdbool.h>
#include "bios.h"
#include "boot.h"
#include "acpi_pm.h"
#include "acpi_sleep.h"
#include "apic_map.h"
#include "bus.h"
#include "cmos.h"
#include "expect.h"
#include "fw_cfg.h"
#include "input_script.h"
#include "i8042.h"
#include "ide.h"
#include "irqchip.h"
#include "keyboard.h"
#include "linux_panic.h"
#include "options.h"
#include "pc_testdev.h"
#include "pic.h"
#include "pit.h"
#include "screen_at.h"
#include "serial.h"
#include "vcpu.h"
#include "vga.h"
#include "vm.h"

struct guest;

/* What a guest needs from the run it is part of. */
struct guest_env {
	const struct config *cfg;
	const atomic_int *stop;         /* END_RUNNING, or why everything must stop */
	struct input_script *script;    /* NULL: live keys (the terminal or --expect) */
	struct expect_run *expect;      /* --expect: watches the output; NULL: none */
	void *machine;
	/* A vCPU's thread has ended. */
	void (*vcpu_ended)(void *machine, struct guest *guest, struct vcpu *vcpu);
	bool (*pm32_paging_works)(void);
	/* A PC guest set IRQ0's rate through its PIT (pit.c). */
	void (*timer_rate)(void *machine, unsigned hz);
};

struct guest {
	int id;                         /* its vCPU 0's run-wide number */
	const char *image_path, *image_name;
	const struct guest_env *env;
	struct vm vm;
	struct boot_info boot;
	/* Interrupts: the in-kernel irqchip (eventfd lines), or the VMM's
	 * own PIC with userspace injection (one vCPU only). */
	bool in_kernel_irqchip;
	struct irqchip irqchip;
	struct apic_map apics;          /* the in-kernel irqchip's: what the MP table and MADT say */
	struct pic pic;
	struct bus ports, mmio;
	struct uart uart;
	struct fw_cfg fw_cfg;
	struct keyboard kbd;            /* the guest's keys, whichever device gets them */
	/* The console (--console): the UART receives the keys, and the
	 * keyboard devices read from no_keys, which never has any. */
	bool serial_console;
	bool talks_on_uart;             /* a Multiboot kernel: the UART is its console by default */
	struct keyboard no_keys;
	/* A guest booted as a PC (pcboot.h): the BIOS with its disks, the
	 * PS/2 controller in place of the plain keyboard ports, the screen, the
	 * IDE channel. */
	bool pc;
	struct bios bios;
	struct i8042 kbc;
	struct vga vga;
	struct pit pit;                 /* a PC's interval timer: IRQ0's rate */
	uint64_t rip_at_last_tick;      /* where IRQ0 last found vCPU 0 (a spinning guest gets keys) */
	uint8_t screen_at_last_tick[2 * VGA_COLS * VGA_ROWS];   /* and the screen then */
	bool linux_kernel;              /* a Linux kernel (linux_boot.c): i8042, PIT */
	struct linux_panic_watch panic_watch[MAX_VCPUS];   /* its console, per vCPU */
	bool screen_records;            /* the transcript has its screen (a PC, --screen-record, --screen-at) */
	struct screen_at screen_at;     /* --screen-at's pictures */
	struct pc_testdev testdev;      /* the in-kernel irqchip's machine only */
	struct acpi_pm acpi_pm;         /* likewise */
	struct acpi_sleep sleep;        /* what its S3 involves (acpi_pm's suspend hook) */
	struct cpu_feature_choice cpu_features;   /* CPUID changes its vCPUs get */
	struct ide ide;                 /* the primary IDE channel over disks 0 and 1 */
	/* A PC or a guest on the in-kernel irqchip: the RTC and CMOS RAM. */
	bool has_cmos;
	struct cmos cmos;
	struct vcpu_env vcpu_env;
	struct vcpu vcpus[MAX_VCPUS];
	int nvcpus;                     /* opened so far */
};

/* Create the VM, load the image (Multiboot or not), create the devices
 * and ncpus vCPUs. Returns a process status: STATUS_OK, or why not (a
 * message is printed). guest_close is safe after any failure. */
int guest_open(struct guest *guest, const struct guest_env *env, int id, const char *image_path,
	       const uint8_t *data, size_t size, int ncpus, bool in_kernel_irqchip);
/* For a VM made elsewhere (the KVM-less fake): devices and vCPUs only. */
int guest_attach(struct guest *guest, const struct guest_env *env, int ncpus, char *err, size_t errlen);
void guest_close(struct guest *guest);

/* The interrupt hook: raise IRQ line (any thread). */
void guest_raise(void *guest, int line);
/* Wake every vCPU (from hlt or KVM_RUN) to look at the stop flag. */
void guest_wake_all(struct guest *guest);

#endif
