/* timer.c: one thread that wakes at each tick's deadline and raises IRQ0
 * on every guest: once per guest, whatever its number of vCPUs (an SMP
 * guest's in-kernel irqchip routes it). */
#include <errno.h>
#include <sys/prctl.h>
#include <time.h>
#include "guest.h"
#include "irq_latency.h"
#include "timer.h"

static void timespec_add_ns(struct timespec *t, long ns)
{
	t->tv_nsec += ns;
	while (t->tv_nsec >= 1000000000L) {
		t->tv_nsec -= 1000000000L;
		t->tv_sec++;
	}
}

static void tick(struct timer *timer, const struct timespec *deadline)
{
	for (int i = 0; i < timer->nguests; i++) {
		struct guest *guest = &timer->guests[i];
		if (irq_latency_on)
			irq_latency_deadline(guest->id,
					     atomic_load(&guest->pic.pending) & (1u << IRQ_TIMER), deadline);
		guest_raise(guest, IRQ_TIMER);
	}
}

static void *timer_main(void *arg)
{
	struct timer *timer = arg;
	/* Wake at the deadline, not up to 50 us after it (Linux's default
	 * timer slack for a thread): that is interrupt latency. */
	prctl(PR_SET_TIMERSLACK, 1UL);
	struct timespec next;
	clock_gettime(CLOCK_MONOTONIC, &next);
	pthread_mutex_lock(&timer->lock);
	while (timer->running) {
		timespec_add_ns(&next, 1000000000L / timer->hz);   /* the rate may change (timer_set_hz) */
		int rc = 0;
		while (timer->running && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&timer->cond, &timer->lock, &next);
		if (!timer->running)
			break;
		tick(timer, &next);
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec + 1)   /* fell far behind: skip, don't burst */
			next = now;
	}
	pthread_mutex_unlock(&timer->lock);
	return NULL;
}

int timer_start(struct timer *timer, unsigned hz, struct guest *guests, int nguests)
{
	*timer = (struct timer){ .hz = hz, .guests = guests, .nguests = nguests };
	pthread_mutex_init(&timer->lock, NULL);
	if (!hz)
		return 0;
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&timer->cond, &attr);
	irq_latency_start();
	timer->running = true;
	if (pthread_create(&timer->thread, NULL, timer_main, timer) != 0) {
		timer->running = false;
		return -1;
	}
	return 0;
}

void timer_set_hz(struct timer *timer, unsigned hz)
{
	pthread_mutex_lock(&timer->lock);
	if (timer->running && hz)
		timer->hz = hz;
	pthread_mutex_unlock(&timer->lock);
}

void timer_stop(struct timer *timer)
{
	pthread_mutex_lock(&timer->lock);
	bool was_running = timer->running;
	timer->running = false;
	if (was_running)
		pthread_cond_signal(&timer->cond);
	pthread_mutex_unlock(&timer->lock);
	if (was_running)
		pthread_join(timer->thread, NULL);
	irq_latency_finish();
}
