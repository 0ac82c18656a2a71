/* guest.c: builds a guest and wires it: the VM and its RAM, the loaded
 * image, one instance of every device registered on the guest's port bus,
 * the interrupt hook (userspace injection through the PIC, or eventfds of
 * the in-kernel irqchip), and the vCPUs, each opened with the one
 * vcpu_open. The hooks a vCPU calls (vcpu_env) are defined here. */
#include <stdio.h>
#include <string.h>
#include "acpi.h"
#include "pc_firmware.h"
#include "debug_exit.h"
#include "exits.h"
#include "guest.h"
#include "hypercall.h"
#include "irq_latency.h"
#include "linux_boot.h"
#include "loader.h"
#include "mptable.h"
#include "multiboot.h"
#include "paging_mode.h"
#include "pcboot.h"

/* ---- interrupts ---- */

void guest_raise(void *opaque, int line)
{
	struct guest *guest = opaque;
	if (guest->in_kernel_irqchip)
		irqchip_raise(&guest->irqchip, line);
	else if (line < PIC_LINES && pic_raise(&guest->pic, line))
		vcpu_wake(&guest->vcpus[0]);   /* userspace injection: one vCPU */
}

/* A device line that is a level (the UART's IRQ4): held up on the
 * in-kernel irqchip; on the VMM's PIC, raised and withdrawn. */
static void line_up(void *opaque, int line)
{
	struct guest *guest = opaque;
	if (guest->in_kernel_irqchip)
		irqchip_set_level(guest->vm.fd, (unsigned)line, true);
	else
		guest_raise(guest, line);
}

static void line_down(void *opaque, int line)
{
	struct guest *guest = opaque;
	if (guest->in_kernel_irqchip)
		irqchip_set_level(guest->vm.fd, (unsigned)line, false);
	else
		pic_withdraw(&guest->pic, line);
}

static void set_line_level(void *opaque, unsigned gsi, bool level)
{
	struct guest *guest = opaque;
	irqchip_set_level(guest->vm.fd, gsi, level);
}

static void withdraw_line(void *opaque, int line)
{
	struct guest *guest = opaque;
	if (!guest->in_kernel_irqchip && line < PIC_LINES)
		pic_withdraw(&guest->pic, line);
}

/* A PC guest that neither asks for keys nor waits for them (a kernel
 * spinning in `jmp $` with its own IRQ1 handler, as os-tutorial's shell
 * does) gets the script's next key on a timer tick that finds it where
 * the previous tick found it with the screen as it was then: spinning,
 * its start-up done. (The instruction alone is not enough: a kernel
 * printing its banner is found, tick after tick, just after the same
 * `out` to the CRTC.) Keys still come one at a time and in order, once
 * the controller has been read empty. */
static void offer_key_to_a_spinning_guest(struct guest *guest, struct vcpu *vcpu)
{
	struct kvm_regs regs;
	if (!guest->pc || !guest->env->script || vcpu_get_regs(vcpu, &regs) < 0)
		return;
	bool quiet = memcmp(guest->screen_at_last_tick, guest->vga.cells, sizeof guest->screen_at_last_tick) == 0;
	bool spinning = quiet && regs.rip == guest->rip_at_last_tick;
	guest->rip_at_last_tick = regs.rip;
	memcpy(guest->screen_at_last_tick, guest->vga.cells, sizeof guest->screen_at_last_tick);
	if (spinning)
		i8042_offer(&guest->kbc);
}

/* Before KVM_RUN: inject the highest-priority deliverable IRQ if the
 * guest can take it now, else ask KVM for an interrupt-window exit.
 * Nothing is lost while IF=0 and nothing is injected twice, because a
 * line is cleared only when it is injected. */
static int inject_pending(void *opaque, struct vcpu *vcpu)
{
	struct guest *guest = opaque;
	if (irq_latency_on)
		irq_latency_entry(vcpu->id);
	unsigned lines = pic_deliverable(&guest->pic);
	if (lines && vcpu_can_take_interrupt(vcpu)) {
		int irq = __builtin_ctz(lines);   /* IRQ0 has the highest priority */
		unsigned vector = guest->pic.vector_base + irq;
		if (irq == IRQ_TIMER)
			offer_key_to_a_spinning_guest(guest, vcpu);     /* where the tick finds it */
		if (vcpu_inject(vcpu, vector) < 0)
			return -1;
		if (irq_latency_on && irq == IRQ_TIMER)
			irq_latency_injected(vcpu->id);
		pic_taken(&guest->pic, irq);
		if (guest->env->cfg->trace)
			fprintf(stderr, "[cpu%d] inject irq%d vector 0x%x\n", vcpu->id, irq, vector);
		lines &= ~(1u << irq);
	}
	vcpu_request_interrupt_window(vcpu, lines != 0);
	return 0;
}

static int note_entry(void *opaque, struct vcpu *vcpu)
{
	(void)opaque;
	if (irq_latency_on)
		irq_latency_entry(vcpu->id);
	return 0;
}

static bool interrupt_ready(void *opaque)
{
	struct guest *guest = opaque;
	return pic_deliverable(&guest->pic) != 0;
}

/* The keyboard device's keys: none when the UART is the console. */
static struct keyboard *keyboard_keys(struct guest *guest)
{
	return guest->serial_console ? &guest->no_keys : &guest->kbd;
}

/* Could an interrupt ever arrive (timer on and unmasked, or keys)? */
static bool interrupt_possible(void *opaque)
{
	struct guest *guest = opaque;
	if (interrupt_ready(guest))
		return true;
	if (guest->env->cfg->timer_hz && !pic_masked(&guest->pic, IRQ_TIMER))
		return true;
	if (guest->serial_console && !pic_masked(&guest->pic, UART_IRQ) && uart_may_interrupt(&guest->uart))
		return true;
	if (pic_masked(&guest->pic, IRQ_KEYBOARD))
		return false;
	return guest->pc ? i8042_may_produce(&guest->kbc) : kbd_may_produce(keyboard_keys(guest));
}

static void offer_key(void *opaque, struct vcpu *vcpu)
{
	struct guest *guest = opaque;
	(void)vcpu;
	if (guest->serial_console)
		uart_offer(&guest->uart);
	else if (guest->pc)
		i8042_offer(&guest->kbc);
	else
		kbd_on_idle(&guest->kbd);
}

static void ignore_line(void *opaque, int line)
{
	(void)opaque, (void)line;
}

/* Every byte a vCPU outputs: an --expect script watches the stream,
 * --screen-at watches vCPU 0's, and a Linux guest's panic report or halt
 * ends the run (linux_panic.c). */
static int watch_output(void *opaque, struct vcpu *vcpu, uint8_t byte)
{
	struct guest *guest = opaque;
	if (guest->env->expect)
		expect_feed(guest->env->expect, vcpu->index, vcpu->out.total, byte);
	if (guest->screen_at.events && vcpu->index == 0)
		screen_at_output(&guest->screen_at, byte, vcpu->out.total);
	switch (guest->linux_kernel ? linux_panic_feed(&guest->panic_watch[vcpu->index], byte) : LINUX_RUNNING) {
	case LINUX_RUNNING:
		return VCPU_CONTINUE;
	case LINUX_PANICKED:
		vcpu_end(vcpu, END_FAULT, REASON_GUEST_PANIC, 0, END_NO_FIELDS);
		return VCPU_STOP;
	case LINUX_HALTED:
		vcpu_end(vcpu, END_HALT, REASON_HALT, 0, END_NO_FIELDS);
		return VCPU_STOP;
	}
	return VCPU_CONTINUE;
}

static void report_end(void *opaque, struct vcpu *vcpu)
{
	struct guest *guest = opaque;
	guest->env->vcpu_ended(guest->env->machine, guest, vcpu);
}

void guest_wake_all(struct guest *guest)
{
	for (int i = 0; i < guest->nvcpus; i++) {
		vcpu_wake(&guest->vcpus[i]);
		vcpu_kick(&guest->vcpus[i]);
	}
}

/* ---- wiring ---- */

/* A PC and a Linux kernel have the PS/2 controller (keys as scan codes,
 * the reset line); other guests the plain keyboard ports. */
static bool has_i8042(const struct guest *guest)
{
	return guest->pc || guest->linux_kernel;
}

static int register_devices(struct guest *guest)
{
	struct bus *ports = &guest->ports;
	int failed = 0;
	failed |= bus_register(ports, "pic", PORT_PIC, PIC_PORTS, pic_io, &guest->pic);
	if (has_i8042(guest)) {
		failed |= bus_register(ports, "i8042-data", PORT_KBD_DATA, 1, i8042_data_io, &guest->kbc);
		failed |= bus_register(ports, "i8042-command", PORT_KBD_STATUS, 1, i8042_command_io, &guest->kbc);
		failed |= bus_register(ports, "a20-fast", A20_FAST_PORT, 1, i8042_port92_io, &guest->kbc);
	}
	if (guest->pc) {
		failed |= bus_register(ports, "vga-crtc", CRTC_INDEX_PORT, VGA_PORTS, vga_crtc_io, &guest->vga);
		failed |= bus_register(ports, "pit", PIT_PORT_BASE, PIT_PORTS, pit_io, &guest->pit);
		failed |= bus_register(ports, "bios", BIOS_SERVICE_PORT, 1, bios_service_io, &guest->bios);
		failed |= bus_register(ports, "ide", IDE_PORT_BASE, IDE_PORTS, ide_command_io, &guest->ide);
		failed |= bus_register(ports, "ide-control", IDE_CONTROL_PORT, 1, ide_control_io, &guest->ide);
	} else if (!has_i8042(guest)) {
		failed |= bus_register(ports, "kbd-data", PORT_KBD_DATA, 1, kbd_data_io, keyboard_keys(guest));
		failed |= bus_register(ports, "kbd-status", PORT_KBD_STATUS, 1, kbd_status_io, keyboard_keys(guest));
	}
	if (guest->has_cmos)
		failed |= bus_register(ports, "cmos", CMOS_PORT_BASE, CMOS_PORTS, cmos_io, &guest->cmos);
	failed |= bus_register(ports, "pic-slave", PORT_PIC_SLAVE, PIC_PORTS, bus_ignore, NULL);
	failed |= bus_register(ports, "debug-exit", PORT_DEBUG_EXIT, 1, debug_exit_io, NULL);
	failed |= bus_register(ports, "serial0", PORT_SERIAL0, SERIAL_PORTS, serial_io, &guest->uart);
	failed |= bus_register(ports, "hypercall", PORT_HYPERCALL, 1, hypercall_io, keyboard_keys(guest));
	failed |= bus_register(ports, "exception", PORT_EXCEPTION, 1, exception_io, NULL);
	failed |= bus_register(ports, "fw-cfg", PORT_FW_CFG, FW_CFG_PORTS, fw_cfg_io, &guest->fw_cfg);
	failed |= guest->in_kernel_irqchip ? pc_testdev_register(&guest->testdev, ports, &guest->mmio) : 0;
	failed |= guest->in_kernel_irqchip ? bus_register(ports, "acpi-pm", ACPI_PM_BASE, ACPI_PM_PORTS, acpi_pm_io, &guest->acpi_pm) : 0;
	return failed ? -1 : 0;
}

static void fill_vcpu_env(struct guest *guest)
{
	const struct config *cfg = guest->env->cfg;
	guest->vcpu_env = (struct vcpu_env){
		.guest = guest, .vm = &guest->vm, .boot = &guest->boot,
		.ports = &guest->ports, .mmio = &guest->mmio,
		.stop = guest->env->stop, .image_name = guest->image_name, .first_id = guest->id,
		.trace = cfg->trace, .max_output = cfg->max_output,
		.keep_output = cfg->transcript_path != NULL,
		.ended = report_end, .pm32_paging_works = guest->env->pm32_paging_works,
		.cpu_features = &guest->cpu_features,
		.output_byte = guest->env->expect || guest->linux_kernel || (cfg->nscreen_at && guest->vga.cells)
			       ? watch_output : NULL,
	};
	if (guest->in_kernel_irqchip) {   /* KVM delivers interrupts and handles hlt */
		guest->vcpu_env.pc_memory_holes = true;   /* the one-guest machine is a PC */
		guest->vcpu_env.before_entry = note_entry;
		return;
	}
	guest->vcpu_env.before_entry = inject_pending;
	guest->vcpu_env.on_idle = offer_key;
	guest->vcpu_env.interrupt_ready = interrupt_ready;
	guest->vcpu_env.interrupt_possible = interrupt_possible;
}

/* Which device gets the keys (--console). Left to the machine: the UART
 * for kernels that talk on it (Multiboot), the keyboard for the others
 * (flat and ELF images with their hypercalls, --smp ones too, and a PC,
 * whose BIOS reads the PS/2 keyboard). */
static bool wants_serial_console(const struct guest *guest)
{
	switch (guest->env->cfg->console) {
	case CONSOLE_SERIAL:   return true;
	case CONSOLE_KEYBOARD: return false;
	case CONSOLE_AUTO:     break;
	}
	return guest->talks_on_uart;
}

/* The keys and the devices that receive them: the UART, the PS/2
 * controller of a PC, or the plain keyboard ports. */
static void attach_keys(struct guest *guest, const struct guest_env *env)
{
	struct irq_hook irq = { .guest = guest, .raise = guest_raise, .withdraw = withdraw_line };
	struct irq_hook uart_irq = { .guest = guest, .raise = line_up, .withdraw = line_down };
	struct irq_hook no_irq = { .guest = guest, .raise = ignore_line, .withdraw = ignore_line };
	guest->serial_console = wants_serial_console(guest);
	kbd_init(&guest->no_keys, NULL, env->stop, no_irq);
	kbd_end_live(&guest->no_keys);
	uart_init(&guest->uart, guest->serial_console ? &guest->kbd : NULL, uart_irq, guest->id);
	if (has_i8042(guest))
		i8042_init(&guest->kbc, keyboard_keys(guest), irq);
	struct irq_hook key_arrived = irq;
	if (guest->serial_console)     /* the UART takes the keys and raises IRQ4 itself */
		key_arrived = (struct irq_hook){ .guest = &guest->uart, .raise = uart_key_arrived,
						 .withdraw = ignore_line };
	else if (has_i8042(guest))    /* the PS/2 controller, IRQ1 */
		key_arrived = (struct irq_hook){ .guest = &guest->kbc, .raise = i8042_key_arrived,
						 .withdraw = ignore_line };
	kbd_init(&guest->kbd, env->script, env->stop, key_arrived);
}

static void screen_input_event(void *opaque, size_t n)
{
	struct guest *guest = opaque;
	screen_at_input(&guest->screen_at, n, guest->vcpus[0].out.total);
}

/* --screen-at: pictures when the output or the script reaches a point. */
static void watch_screen_events(struct guest *guest)
{
	const struct config *cfg = guest->env->cfg;
	if (!cfg->nscreen_at || !guest->vga.cells)
		return;
	screen_at_init(&guest->screen_at, cfg->screen_at, cfg->nscreen_at, &guest->vga);
	guest->kbd.script_byte = screen_input_event;
	guest->kbd.script_byte_owner = guest;
}

/* The guest programmed its PIT's channel 0: the machine's timer follows. */
static void pit_rate_changed(void *opaque, unsigned hz)
{
	struct guest *guest = opaque;
	if (guest->env->timer_rate)
		guest->env->timer_rate(guest->env->machine, hz);
}

int guest_attach(struct guest *guest, const struct guest_env *env, int ncpus, char *err, size_t errlen)
{
	guest->env = env;
	pic_init(&guest->pic, guest->boot.mode);
	fw_cfg_init(&guest->fw_cfg, guest->vm.mem_size, (unsigned)ncpus);
	guest->has_cmos = guest->pc || guest->in_kernel_irqchip;
	if (guest->has_cmos)
		cmos_init(&guest->cmos, guest->vm.mem_size);
	attach_keys(guest, env);
	pit_init(&guest->pit, pit_rate_changed, guest);
	if (guest->pc) {
		struct irq_hook irq = { .guest = guest, .raise = guest_raise, .withdraw = withdraw_line };
		struct bios *bios = &guest->bios;
		ide_init(&guest->ide, bios->ndisks > 0 ? &bios->disks[0] : NULL,
			 bios->ndisks > 1 ? &bios->disks[1] : NULL, irq);
	}
	acpi_pm_init(&guest->acpi_pm);
	guest->sleep = (struct acpi_sleep){ .pm = &guest->acpi_pm, .cmos = guest->has_cmos ? &guest->cmos : NULL,
					    .mem = guest->vm.mem, .mem_size = guest->vm.mem_size,
					    .nvcpus = &guest->nvcpus };
	guest->acpi_pm.suspend = acpi_sleep_suspend;
	guest->acpi_pm.machine = &guest->sleep;
	pc_testdev_init(&guest->testdev, (struct line_hook){ .guest = guest, .set_level = set_line_level },
			guest->vm.mem, guest->vm.mem_size);
	if (register_devices(guest) < 0)
		return error_format(err, errlen, "the port map has overlapping devices");
	fill_vcpu_env(guest);
	watch_screen_events(guest);
	for (int i = 0; i < ncpus; i++) {
		if (vcpu_open(&guest->vcpus[i], &guest->vcpu_env, i, err, errlen) < 0) {
			vcpu_close(&guest->vcpus[i]);
			return -1;
		}
		guest->nvcpus = i + 1;
	}
	return 0;
}

/* KVM's 8259s reset with vector base 0; a BIOS leaves them initialised
 * at 0x08 and 0x70 (docs/DEVICES.md). The VMM's own PIC needs nothing. */
static int pics_as_firmware_leaves_them(struct guest *guest, char *err, size_t errlen)
{
	return irqchip_pic_setup(guest->vm.fd, FIRMWARE_PIC_BASE, FIRMWARE_PIC_IMR, FIRMWARE_PIC2_BASE,
				 FIRMWARE_PIC2_IMR, err, errlen);
}

/* A PC: the disks, the ROM, the screen; entered at the reset vector. */
static int load_pc(struct guest *guest, const uint8_t *data, size_t size, char *err, size_t errlen)
{
	int status = pcboot_open_disks(guest->env->cfg, guest->image_name, data, size,
				       guest->bios.disks, &guest->bios.ndisks, err, errlen);
	if (status != STATUS_OK)
		return -1;
	vga_init(&guest->vga, guest->vm.mem);
	bios_install(&guest->bios, &guest->vm, &guest->vga, &guest->kbc);
	guest->bios.cmos = &guest->cmos;            /* int 0x1A's clock: made in guest_attach */
	guest->boot = (struct boot_info){ .mode = MODE_REAL, .entry = 0xfff0, .real_cs = BIOS_ROM_BASE >> 4 };
	return guest->in_kernel_irqchip ? pics_as_firmware_leaves_them(guest, err, errlen) : 0;
}

/* The IVT with returning stubs and the PICs at the BIOS's vector bases,
 * as SeaBIOS leaves them (docs/DEVICES.md); the IVT only where the
 * kernel did not load itself. */
static int firmware_state(struct guest *guest, const uint8_t *data, size_t size, char *err, size_t errlen)
{
	if (!multiboot_segments_overlap(data, size, 0, FIRMWARE_IVT_SIZE) &&
	    !multiboot_segments_overlap(data, size, FIRMWARE_STUBS, FIRMWARE_STUBS + FIRMWARE_STUBS_SIZE))
		firmware_build_ivt(guest->vm.mem, guest->vm.mem_size);
	return pics_as_firmware_leaves_them(guest, err, errlen);
}

/* A Linux kernel: the boot protocol (linux_boot.c), the ACPI tables that
 * name the vCPUs and the IOAPIC, and KVM's PIT. The kernel programs the
 * PICs and everything else itself. */
static int load_linux(struct guest *guest, const uint8_t *data, size_t size, char *err, size_t errlen)
{
	if (linux_boot_load_config(guest->env->cfg, data, size, guest->vm.mem, guest->vm.mem_size,
				   &guest->boot, err, errlen) < 0)
		return -1;
	if (acpi_build(guest->vm.mem, guest->vm.mem_size, &guest->apics, ACPI_PM_BASE) < 0)
		return error_format(err, errlen, "no room for the ACPI tables");
	guest->talks_on_uart = true;                 /* console=ttyS0 */
	return 0;
}

static int load_image(struct guest *guest, const uint8_t *data, size_t size, char *err, size_t errlen)
{
	const struct config *cfg = guest->env->cfg;
	if (guest->pc)
		return load_pc(guest, data, size, err, errlen);
	if (cfg->flat_mode == MODE_PAGING)
		return paging_load(data, size, cfg->paging_load, cfg->paging_entry, guest->vm.mem,
				   guest->vm.mem_size, &guest->boot, err, errlen);
	if (guest->linux_kernel)
		return load_linux(guest, data, size, err, errlen);
	if (!multiboot_detect(data, size))
		return loader_load(data, size, cfg->flat_mode, guest->vm.mem, guest->vm.mem_size,
				   &guest->boot, err, errlen);
	uint32_t info_addr = 0;
	if (multiboot_load(data, size, guest->image_path, cfg, guest->vm.mem, guest->vm.mem_size,
			   &guest->boot, &info_addr, err, errlen) < 0)
		return -1;
	guest->boot.eax = MULTIBOOT_BOOTLOADER_MAGIC;
	guest->boot.ebx = info_addr;
	guest->talks_on_uart = true;
	/* ACPI tables as firmware leaves them, unless the kernel itself was
	 * loaded over their page (then it has no use for them). */
	if (!multiboot_segments_overlap(data, size, ACPI_TABLES_BASE, ACPI_TABLES_BASE + ACPI_TABLES_SIZE))
		acpi_build(guest->vm.mem, guest->vm.mem_size, &guest->apics, ACPI_PM_BASE);
	return firmware_state(guest, data, size, err, errlen);
}


/* CPUID: a guest on the in-kernel irqchip is told what its local APIC
 * can do (x2APIC, TSC-deadline) where the host's KVM supports it, as
 * QEMU tells its guests; then --cpu-features adds and removes. Returns a
 * status: STATUS_OK, or why not (err says). */
static int choose_cpu_features(struct guest *guest, char *err, size_t errlen)
{
	const struct cpu_feature_choice *asked = &guest->env->cfg->cpu_features;
	struct cpu_feature_choice choice = { .remove = asked->remove };
	for (unsigned i = 0; i < cpu_feature_count; i++) {
		const struct cpu_feature *f = &cpu_features[i];
		cpu_feature_set bit = 1u << i;
		bool supported = kvm_cpu_feature_supported((int)i);
		if (asked->add & bit) {
			if (f->needs_irqchip && !guest->in_kernel_irqchip) {
				error_format(err, errlen, "--cpu-features +%s needs the in-kernel local APIC (--smp or a Multiboot kernel)",
					     f->name);
				return STATUS_USAGE;
			}
			if (!supported) {
				error_format(err, errlen, "--cpu-features +%s: the host's KVM cannot give a guest %s",
					     f->name, f->name);
				return STATUS_HOST_REFUSED;
			}
			choice.add |= bit;
		} else if (!(asked->remove & bit) && f->needs_irqchip && guest->in_kernel_irqchip && supported)
			choice.add |= bit;
	}
	guest->cpu_features = choice;
	return STATUS_OK;
}

/* A guest with APICs finds them, and its CPUs, in the MP table (a PC
 * in its EBDA, others in the BIOS area unless a Multiboot kernel loaded
 * itself there); KVM's IOAPIC gets the ID the tables give it. */
static int describe_apics(struct guest *guest, const uint8_t *data, size_t size, char *err, size_t errlen)
{
	uint32_t at = guest->pc ? EBDA_MPTABLE : BIOS_AREA_MPTABLE;
	bool room = guest->vm.mem_size >= at + MPTABLE_MAX_SIZE;
	bool kernel_there = !guest->pc && multiboot_detect(data, size) &&
			    multiboot_segments_overlap(data, size, at, at + MPTABLE_MAX_SIZE);
	if (room && !kernel_there)
		mptable_write(guest->vm.mem, at, &guest->apics);
	return irqchip_set_ioapic_id(guest->vm.fd, guest->apics.ioapic_id, err, errlen);
}

int guest_open(struct guest *guest, const struct guest_env *env, int id, const char *image_path,
	       const uint8_t *data, size_t size, int ncpus, bool in_kernel_irqchip)
{
	char err[256];
	memset(guest, 0, sizeof *guest);
	guest->id = id;
	guest->env = env;
	guest->image_path = image_path;
	guest->image_name = loader_base_name(image_path);
	guest->in_kernel_irqchip = in_kernel_irqchip;
	/* (a bzImage ends its first sector with 0x55 0xAA too: Linux first) */
	guest->linux_kernel = in_kernel_irqchip && linux_boot_wanted(env->cfg, data, size);
	guest->pc = !guest->linux_kernel && pcboot_wanted(env->cfg, id, data, size);
	for (int line = 0; line < IRQCHIP_LINES; line++)
		guest->irqchip.eventfds[line] = -1;
	if (vm_create(&guest->vm, env->cfg->mem_size, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image_path, err);
		return STATUS_VMM_ERROR;
	}
	if (in_kernel_irqchip && irqchip_create(&guest->irqchip, guest->vm.fd, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: --smp and Multiboot kernels need KVM's in-kernel irqchip: %s\n",
			image_path, err);
		return STATUS_HOST_REFUSED;
	}
	if (guest->linux_kernel && linux_boot_create_pit(guest->vm.fd, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image_path, err);
		return STATUS_HOST_REFUSED;
	}
	int status = choose_cpu_features(guest, err, sizeof err);
	if (status != STATUS_OK) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image_path, err);
		return status;
	}
	guest->apics = apic_map_for((unsigned)ncpus);
	if (load_image(guest, data, size, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image_path, err);
		return STATUS_IMAGE;
	}
	if (in_kernel_irqchip && describe_apics(guest, data, size, err, sizeof err) < 0) {
		fprintf(stderr, "mini-kvm: %s: %s\n", image_path, err);
		return STATUS_HOST_REFUSED;
	}
	const struct config *cfg = env->cfg;
	bool screen_wanted = cfg->screen_record || cfg->nscreen_at || cfg->screenshot || cfg->screen_live;
	if (!guest->pc && screen_wanted && guest->vm.mem_size >= VGA_TEXT_BASE + 2 * VGA_COLS * VGA_ROWS)
		vga_init(&guest->vga, guest->vm.mem);   /* read only: no CRTC without the BIOS */
	guest->screen_records = guest->vga.cells && (guest->pc || cfg->screen_record || cfg->nscreen_at);
	if (guest_attach(guest, env, ncpus, err, sizeof err) < 0) {
		if (guest->nvcpus == 0)
			fprintf(stderr, "mini-kvm: %s: %s mode: %s\n", image_path,
				guest_mode_name(guest->boot.mode), err);
		else
			fprintf(stderr, "mini-kvm: %s: --smp %d: %s\n", image_path, ncpus, err);
		return STATUS_HOST_REFUSED;
	}
	return STATUS_OK;
}

void guest_close(struct guest *guest)
{
	for (int i = 0; i < guest->nvcpus; i++)
		vcpu_close(&guest->vcpus[i]);
	guest->nvcpus = 0;
	if (guest->in_kernel_irqchip)
		irqchip_close(&guest->irqchip);
	if (guest->vm.mem || guest->vm.fd > 0)
		vm_destroy(&guest->vm);
	if (guest->ide.irq.raise)   /* ide_init ran */
		ide_close(&guest->ide);
	guest->ide.irq.raise = NULL;
	if (guest->has_cmos)
		cmos_close(&guest->cmos);
	guest->has_cmos = false;
	uart_close(&guest->uart);
	pcboot_close_disks(guest->bios.disks, guest->bios.ndisks);
	guest->bios.ndisks = 0;
}
