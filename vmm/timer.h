/* timer.h: the timer thread: raises IRQ0 once per guest per tick, at
 * --timer-hz, through each guest's interrupt hook. */
#ifndef MINIKVM_TIMER_H
#define MINIKVM_TIMER_H

#include <pthread.h>
#include <stdbool.h>

struct guest;

struct timer {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool running;
	unsigned hz;
	struct guest *guests;
	int nguests;
};

/* Start ticking (nothing if hz is 0). 0, or -1 if the thread cannot start. */
int timer_start(struct timer *timer, unsigned hz, struct guest *guests, int nguests);
void timer_stop(struct timer *timer);
/* A new rate from the next tick on (a guest programmed its PIT); nothing
 * if the timer is off. */
void timer_set_hz(struct timer *timer, unsigned hz);

#endif
