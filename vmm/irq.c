/* irq.c: interrupt delivery without an in-kernel irqchip. Devices raise
 * IRQ lines into a per-vCPU pending set from any thread; the vCPU's own
 * thread injects them with KVM_INTERRUPT just before KVM_RUN, when the
 * guest can take one, and otherwise asks KVM to exit as soon as it can
 * (request_interrupt_window). Nothing is lost while IF=0 and nothing is
 * injected twice, because a line is cleared only when it is injected.
 * Also here: the 8259 PIC subset (vector base and mask) and the timer. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <time.h>
#include "irq_latency.h"
#include "irqchip.h"
#include "machine.h"

#define PIC_ICW1_INIT 0x10
#define PIC_ICW1_IC4  0x01
#define PIC_ICW1_SNGL 0x02

void irq_init(struct irq_state *irq, enum guest_mode mode)
{
	atomic_store(&irq->pending, 0);
	irq->vector_base = mode == MODE_REAL ? 0x08 : 0x20;
	atomic_store(&irq->mask, 0);
	irq->init_step = 0;
}

static unsigned deliverable_lines(struct vcpu *vcpu)
{
	return atomic_load(&vcpu->irq.pending) & ~(unsigned)atomic_load(&vcpu->irq.mask);
}

bool irq_deliverable(struct vcpu *vcpu)
{
	return deliverable_lines(vcpu) != 0;
}

bool irq_may_arrive(struct vcpu *vcpu)
{
	unsigned mask = atomic_load(&vcpu->irq.mask);
	if (irq_deliverable(vcpu))
		return true;
	if (vcpu->machine->cfg->timer_hz && !(mask & (1u << IRQ_TIMER)))
		return true;
	return kbd_may_produce(vcpu) && !(mask & (1u << IRQ_KEYBOARD));
}

void irq_raise(struct vcpu *vcpu, int irq)
{
	if (vcpu->machine->one_guest) {      /* in-kernel irqchip: a guest-wide line */
		irqchip_raise(vcpu->machine, irq);
		return;
	}
	unsigned bit = 1u << irq;
	if (atomic_fetch_or(&vcpu->irq.pending, bit) & bit)
		return;                 /* already waiting: ticks coalesce */
	if (atomic_load(&vcpu->irq.mask) & bit)
		return;                 /* masked: waits until unmasked */
	pthread_mutex_lock(&vcpu->lock);
	bool idle = vcpu->idle;
	if (idle)
		pthread_cond_signal(&vcpu->wake);
	pthread_mutex_unlock(&vcpu->lock);
	if (!idle)
		vcpu_kick(vcpu);
}

void irq_withdraw(struct vcpu *vcpu, int irq)
{
	if (!vcpu->machine->one_guest)
		atomic_fetch_and(&vcpu->irq.pending, ~(1u << irq));
}

int irq_prepare_entry(struct vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	if (irq_latency_on)
		irq_latency_entry(vcpu);
	unsigned lines = deliverable_lines(vcpu);
	if (lines && run->ready_for_interrupt_injection && run->if_flag) {
		int irq = __builtin_ctz(lines);   /* IRQ0 has the highest priority */
		struct kvm_interrupt intr = { .irq = vcpu->irq.vector_base + irq };
		if (ioctl(vcpu->fd, KVM_INTERRUPT, &intr) < 0) {
			vcpu_finish(vcpu, END_VMM_ERROR, 0, "ioctl KVM_INTERRUPT: %s", strerror(errno));
			return -1;
		}
		if (irq_latency_on && irq == IRQ_TIMER)
			irq_latency_injected(vcpu);
		atomic_fetch_and(&vcpu->irq.pending, ~(1u << irq));
		if (vcpu->machine->cfg->trace)
			fprintf(stderr, "[cpu%d] inject irq%d vector 0x%x\n", vcpu->id, irq, intr.irq);
		lines &= ~(1u << irq);
	}
	run->request_interrupt_window = lines != 0;
	return 0;
}

/* ---- the 8259 PIC, just enough for guests that program it ---- */

int pic_io(struct vcpu *vcpu, uint16_t port, bool is_write, uint8_t *data)
{
	struct irq_state *irq = &vcpu->irq;
	if (port == 0x20) {
		if (is_write && (*data & PIC_ICW1_INIT)) {
			irq->icw1 = *data;
			irq->init_step = 2;       /* ICW2 comes next */
		} else if (!is_write) {
			*data = 0;                /* IRR/ISR: nothing in service */
		}                                 /* OCW2/OCW3 (EOI...): accepted */
		return VCPU_CONTINUE;
	}
	if (!is_write) {
		*data = atomic_load(&irq->mask);
		return VCPU_CONTINUE;
	}
	switch (irq->init_step) {
	case 2:
		irq->vector_base = *data & 0xf8;
		irq->init_step = !(irq->icw1 & PIC_ICW1_SNGL) ? 3 : (irq->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	case 3:
		irq->init_step = (irq->icw1 & PIC_ICW1_IC4) ? 4 : 0;
		break;
	case 4:
		irq->init_step = 0;
		break;
	default:
		atomic_store(&irq->mask, *data);
		break;
	}
	return VCPU_CONTINUE;
}

/* ---- the timer: one thread raising IRQ0 on every running vCPU ---- */

static pthread_mutex_t timer_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t timer_cond;

static void timespec_add_ns(struct timespec *t, long ns)
{
	t->tv_nsec += ns;
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void *timer_main(void *arg)
{
	struct machine *machine = arg;
	long period = 1000000000L / machine->cfg->timer_hz;
	/* Wake at the deadline, not up to 50 us after it (Linux's default
	 * timer slack for a thread): that is interrupt latency. */
	prctl(PR_SET_TIMERSLACK, 1UL);
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	pthread_mutex_lock(&timer_lock);
	while (machine->timer_running) {
		timespec_add_ns(&next, period);
		int rc = 0;
		while (machine->timer_running && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&timer_cond, &timer_lock, &next);
		if (!machine->timer_running)
			break;
		for (int i = 0; i < machine->nvcpus; i++) {
			if (irq_latency_on)
				irq_latency_deadline(&machine->vcpus[i], &next);
			irq_raise(&machine->vcpus[i], IRQ_TIMER);
		}
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec + 1)   /* fell far behind: skip, don't burst */
			next = now;
	}
	pthread_mutex_unlock(&timer_lock);
	return NULL;
}

int timer_start(struct machine *machine)
{
	if (!machine->cfg->timer_hz)
		return 0;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&timer_cond, &attr);
	irq_latency_start();
	machine->timer_running = true;
	if (pthread_create(&machine->timer_thread, NULL, timer_main, machine) != 0) {
		machine->timer_running = false;
		return -1;
	}
	return 0;
}

void timer_stop(struct machine *machine)
{
	pthread_mutex_lock(&timer_lock);
	bool was_running = machine->timer_running;
	machine->timer_running = false;
	pthread_cond_signal(&timer_cond);
	pthread_mutex_unlock(&timer_lock);
	if (was_running)
		pthread_join(machine->timer_thread, NULL);
	irq_latency_finish();
}
