/* vcpu.c: a vCPU's life: opening it on a VM, its thread and KVM_RUN loop,
 * kicks and wake-ups, its end, and reading its registers and memory. The
 * exits themselves are handled in exits.c. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "vcpu.h"
#include "paging_mode.h"

#define SIG_KICK SIGUSR1

/* The kick signal (and a probe's alarm) makes the next or current
 * KVM_RUN of this thread return at once. */
static __thread struct kvm_run *current_run;

static void on_kick(int sig)
{
	(void)sig;
	if (current_run)
		current_run->immediate_exit = 1;
}

static void install_kick_handler(void)
{
	struct sigaction sa = { .sa_handler = on_kick };   /* no SA_RESTART */
	sigemptyset(&sa.sa_mask);
	sigaction(SIG_KICK, &sa, NULL);
}

static bool vcpu_is_current(const struct vcpu *vcpu)
{
	return current_run && current_run == vcpu->run;
}

void vcpu_kick(struct vcpu *vcpu)
{
	/* thread_started is atomic: the starting thread sets it (after
	 * pthread_create has stored vcpu->thread) while others may kick. */
	if (!vcpu_is_current(vcpu) && atomic_load(&vcpu->thread_started))
		pthread_kill(vcpu->thread, SIG_KICK);
}

void vcpu_wake(struct vcpu *vcpu)
{
	pthread_mutex_lock(&vcpu->lock);
	bool idle = vcpu->idle;
	pthread_cond_signal(&vcpu->wake);
	pthread_mutex_unlock(&vcpu->lock);
	if (!idle)
		vcpu_kick(vcpu);
}

void vcpu_end(struct vcpu *vcpu, enum end_kind kind, enum end_reason reason, int code,
	      const struct end_field *fields, int nfields)
{
	pthread_mutex_lock(&vcpu->lock);
	if (vcpu->end.kind == END_RUNNING)
		end_set(&vcpu->end, kind, reason, code, fields, nfields);
	pthread_mutex_unlock(&vcpu->lock);
}

void vcpu_fail(struct vcpu *vcpu, const char *fmt, ...)
{
	pthread_mutex_lock(&vcpu->lock);
	if (vcpu->end.kind == END_RUNNING) {
		end_set(&vcpu->end, END_VMM_ERROR, REASON_VMM_ERROR, 0, END_NO_FIELDS);
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(vcpu->end.text, sizeof vcpu->end.text, fmt, ap);
		va_end(ap);
	}
	pthread_mutex_unlock(&vcpu->lock);
}

static int output_kept(struct vcpu *vcpu, int kept, uint8_t byte)
{
	if (kept == 0)
		return vcpu->env->output_byte ? vcpu->env->output_byte(vcpu->env->guest, vcpu, byte) : VCPU_CONTINUE;
	vcpu_end(vcpu, END_FAULT, REASON_OUTPUT_LIMIT, 0, END_FIELDS(END_DEC("bytes", vcpu->out.max_output)));
	return VCPU_STOP;
}

int vcpu_putc(struct vcpu *vcpu, uint8_t byte)
{
	return output_kept(vcpu, console_putc(&vcpu->out, byte), byte);
}

int vcpu_putc_on(struct vcpu *vcpu, struct console_stream *line, uint8_t byte)
{
	return output_kept(vcpu, console_putc_on(&vcpu->out, line, byte), byte);
}

void vcpu_flush_output(struct vcpu *vcpu)
{
	console_flush(&vcpu->out, true);
}

/* ---- registers and guest memory ---- */

int vcpu_get_regs(struct vcpu *vcpu, struct kvm_regs *regs)
{
	/* With sync regs on, KVM has already copied them into kvm_run at this
	 * exit: HC_PUTCHAR reads BL without a KVM_GET_REGS ioctl. */
	if (vcpu->regs_in_run && (vcpu->run->kvm_valid_regs & KVM_SYNC_X86_REGS)) {
		*regs = vcpu->run->s.regs.regs;
		return 0;
	}
	if (ioctl(vcpu->fd, KVM_GET_REGS, regs) == 0)
		return 0;
	vcpu_fail(vcpu, "ioctl KVM_GET_REGS: %s", strerror(errno));
	return -1;
}

/* The address after the IN/OUT that caused this exit, on every host.
 * Hardware KVM completes (and steps over) the instruction only at the next
 * KVM_RUN, so RIP still points at it; kvm-pvm has already moved past it.
 * A KVM_RUN with immediate_exit set completes the pending I/O without
 * entering the guest (the KVM API's own way to settle a vCPU's state), so
 * RIP then reads the same everywhere. For a vCPU on its way to an end. */
uint64_t vcpu_rip_after_io(struct vcpu *vcpu)
{
	struct kvm_regs regs;
	vcpu->run->immediate_exit = 1;
	(void)ioctl(vcpu->fd, KVM_RUN, 0);        /* -1 EINTR: done, guest not entered */
	vcpu->run->immediate_exit = 0;
	return ioctl(vcpu->fd, KVM_GET_REGS, &regs) == 0 ? regs.rip : 0;
}

int vcpu_get_sregs(struct vcpu *vcpu, struct kvm_sregs *sregs)
{
	if (ioctl(vcpu->fd, KVM_GET_SREGS, sregs) == 0)
		return 0;
	vcpu_fail(vcpu, "ioctl KVM_GET_SREGS: %s", strerror(errno));
	return -1;
}

int vcpu_set_regs(struct vcpu *vcpu, const struct kvm_regs *regs)
{
	vcpu->regs_in_run = false;      /* the copy in kvm_run is stale now */
	return ioctl(vcpu->fd, KVM_SET_REGS, regs);
}

int vcpu_set_sregs(struct vcpu *vcpu, const struct kvm_sregs *sregs)
{
	return ioctl(vcpu->fd, KVM_SET_SREGS, sregs);
}

int vcpu_translate(struct vcpu *vcpu, uint64_t vaddr, uint64_t *gpa)
{
	struct kvm_translation tr = { .linear_address = vaddr };
	if (ioctl(vcpu->fd, KVM_TRANSLATE, &tr) < 0 || !tr.valid)
		return -1;
	*gpa = tr.physical_address;
	return 0;
}

int vcpu_read_virt(struct vcpu *vcpu, uint64_t vaddr, void *words, size_t len, unsigned width)
{
	uint8_t bytes[64];
	if (len > sizeof bytes || width == 0 || len % width)
		return -1;
	for (size_t done = 0; done < len;) {
		uint64_t gpa;
		if (vcpu_translate(vcpu, vaddr + done, &gpa) < 0)
			return -1;
		size_t chunk = 4096 - ((vaddr + done) & 4095);
		if (chunk > len - done)
			chunk = len - done;
		const uint8_t *src = vm_guest_ptr(vcpu->env->vm, gpa, chunk);
		if (!src)
			return -1;
		memcpy(bytes + done, src, chunk);
		done += chunk;
	}
	if (width == 1) {
		memcpy(words, bytes, len);
		return 0;
	}
	uint64_t *out = words;
	for (size_t i = 0; i < len / width; i++) {
		out[i] = 0;
		memcpy(&out[i], bytes + i * width, width);
	}
	return 0;
}

/* ---- userspace interrupt injection ---- */

bool vcpu_can_take_interrupt(struct vcpu *vcpu)
{
	return vcpu->run->ready_for_interrupt_injection && vcpu->run->if_flag;
}

int vcpu_inject(struct vcpu *vcpu, unsigned vector)
{
	struct kvm_interrupt intr = { .irq = vector };
	if (ioctl(vcpu->fd, KVM_INTERRUPT, &intr) == 0)
		return 0;
	vcpu_fail(vcpu, "ioctl KVM_INTERRUPT: %s", strerror(errno));
	return -1;
}

void vcpu_request_interrupt_window(struct vcpu *vcpu, bool wanted)
{
	vcpu->run->request_interrupt_window = wanted;
}

/* The calling thread runs this vCPU from now on: kicks reach its KVM_RUN. */
void vcpu_bind_thread(struct vcpu *vcpu)
{
	current_run = vcpu->run;
}

/* ---- opening and closing ---- */

static int enter_boot_state(struct vcpu *vcpu, const struct boot_info *boot, char *err, size_t errlen)
{
	struct vm *vm = vcpu->env->vm;
	struct kvm_sregs sregs;
	struct kvm_regs regs;
	bool paging = boot->mode == MODE_PAGING;    /* --paging: the original's layout */
	if (paging)
		paging_build_tables(vm->mem);
	else if (!boot->own_tables)
		boot_build_tables(vm->mem, vm->mem_size, boot->mode);
	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sregs) < 0)
		return error_format(err, errlen, "KVM_GET_SREGS failed: %s", strerror(errno));
	if (paging)
		paging_set_registers(boot, &sregs, &regs);
	else
		boot_set_registers(boot, vm->mem_size, &sregs, &regs);
	if (vcpu_set_sregs(vcpu, &sregs) < 0 || vcpu_set_regs(vcpu, &regs) < 0)
		return error_format(err, errlen, "cannot set the registers for %s mode: %s",
				    guest_mode_name(boot->mode), strerror(errno));
	return 0;
}

int vcpu_open(struct vcpu *vcpu, const struct vcpu_env *env, int index, char *err, size_t errlen)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, install_kick_handler);

	memset(vcpu, 0, sizeof *vcpu);
	vcpu->env = env;
	vcpu->index = index;
	vcpu->id = env->first_id + index;
	vcpu->mode = MODE_REAL;
	vcpu->out = (struct console_stream){ .id = vcpu->id, .max_output = env->max_output,
					     .keep_all = env->keep_output };
	pthread_mutex_init(&vcpu->lock, NULL);
	pthread_cond_init(&vcpu->wake, NULL);
	vcpu->fd = ioctl(env->vm->fd, KVM_CREATE_VCPU, (unsigned long)index);
	if (vcpu->fd < 0)
		return error_format(err, errlen, "KVM_CREATE_VCPU %d failed: %s", index, strerror(errno));
	vcpu->run_size = env->vm->run_size;
	vcpu->run = mmap(NULL, vcpu->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu->fd, 0);
	if (vcpu->run == MAP_FAILED) {
		vcpu->run = NULL;
		return error_format(err, errlen, "cannot map vCPU %d's kvm_run: %s", index, strerror(errno));
	}
	if (kvm_has_sync_regs())
		vcpu->run->kvm_valid_regs = KVM_SYNC_X86_REGS;
	kvm_set_cpuid(vcpu->fd, (unsigned)index, env->cpu_features);
	if (index == 0 && env->boot) {
		vcpu->mode = env->boot->mode;
		return enter_boot_state(vcpu, env->boot, err, errlen);
	}
	return 0;
}

void vcpu_close(struct vcpu *vcpu)
{
	if (vcpu->run)
		munmap(vcpu->run, vcpu->run_size);
	if (vcpu->fd >= 0)
		close(vcpu->fd);
	vcpu->run = NULL;
	vcpu->fd = -1;
	console_free(&vcpu->out);
}

/* ---- one bounded run, for host probes ---- */

static void probe_alarm(int sig)
{
	(void)sig;
	if (current_run)
		current_run->immediate_exit = 1;
}

/* KVM_RUN until an exit that is not EAGAIN/EINTR, at most `seconds`: an
 * AP that never receives its SIPI would block in KVM_RUN for ever. */
int vcpu_run_once(struct vcpu *vcpu, unsigned seconds, struct vcpu_exit_info *exit)
{
	struct sigaction sa = { .sa_handler = probe_alarm }, old;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	struct kvm_run *saved_run = current_run;
	current_run = vcpu->run;
	alarm(seconds);
	int rc;
	do {
		rc = ioctl(vcpu->fd, KVM_RUN, 0);
	} while (rc < 0 && errno == EAGAIN && !vcpu->run->immediate_exit);
	int saved = errno;
	alarm(0);
	current_run = saved_run;
	vcpu->run->immediate_exit = 0;
	sigaction(SIGALRM, &old, NULL);
	*exit = (struct vcpu_exit_info){
		.reason = vcpu->run->exit_reason,
		.port = vcpu->run->exit_reason == KVM_EXIT_IO ? vcpu->run->io.port : 0,
		.suberror = vcpu->run->exit_reason == KVM_EXIT_INTERNAL_ERROR ? vcpu->run->internal.suberror : 0,
	};
	errno = saved;
	return rc;
}
