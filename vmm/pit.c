/* pit.c: the PC's interval timer (pit.h): the mode/command port 0x43, the
 * channels' data ports 0x40-0x42, and channel 0's rate handed to the
 * timer thread. */
#include <string.h>
#include <time.h>
#include "pit.h"

static uint64_t monotonic_ns(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void pit_init(struct pit *pit, void (*set_rate)(void *owner, unsigned hz), void *owner)
{
	memset(pit, 0, sizeof *pit);
	pthread_mutex_init(&pit->lock, NULL);
	pit->now_ns = monotonic_ns;
	pit->set_rate = set_rate;
	pit->owner = owner;
	for (int i = 0; i < 3; i++)
		pit->ch[i].access = 3;
}

unsigned pit_rate(uint16_t reload)
{
	uint32_t count = reload ? reload : 65536u;
	unsigned hz = (PIT_HZ + count / 2) / count;
	return hz < 1 ? 1 : hz > PIT_MAX_RATE ? PIT_MAX_RATE : hz;
}

/* The counter now: counting down from the reload at 1.193182 MHz. */
static uint16_t counter(const struct pit *pit, const struct pit_channel *c)
{
	uint32_t count = c->reload ? c->reload : 65536u;
	uint64_t ticks = (pit->now_ns() - c->start_ns) * PIT_HZ / 1000000000u;
	return (uint16_t)(count - ticks % count);
}

/* Port 0x43: channel (bits 7-6), access (5-4; 0 latches), mode (3-1). */
static void command(struct pit *pit, uint8_t value)
{
	unsigned channel = value >> 6, access = (value >> 4) & 3;
	if (channel == 3)
		return;                              /* read-back: not modelled */
	struct pit_channel *c = &pit->ch[channel];
	if (access == 0) {
		if (!c->latched) {
			c->latch = counter(pit, c);
			c->latched = true;
			c->read_high_next = false;
		}
		return;
	}
	c->access = (uint8_t)access;
	c->mode = (value >> 1) & 7;
	c->high_next = c->read_high_next = c->latched = false;
}

/* A data byte: the reload value as the access mode says; once whole, the
 * count restarts (and channel 0's rate changes). Returns the new rate,
 * or 0. */
static unsigned write_data(struct pit *pit, unsigned channel, uint8_t value)
{
	struct pit_channel *c = &pit->ch[channel];
	bool whole = true;
	if (c->access == 1)
		c->reload = value;
	else if (c->access == 2)
		c->reload = (uint16_t)(value << 8);
	else if (!c->high_next) {
		c->reload = (uint16_t)((c->reload & 0xff00) | value);
		c->high_next = true;
		whole = false;
	} else {
		c->reload = (uint16_t)((c->reload & 0x00ff) | value << 8);
		c->high_next = false;
	}
	if (!whole)
		return 0;
	c->start_ns = pit->now_ns();
	return channel == 0 ? pit_rate(c->reload) : 0;
}

static uint8_t read_data(struct pit *pit, unsigned channel)
{
	struct pit_channel *c = &pit->ch[channel];
	uint16_t value = c->latched ? c->latch : counter(pit, c);
	bool high = c->access == 2 || (c->access == 3 && c->read_high_next);
	if (c->access == 3)
		c->read_high_next = !c->read_high_next;
	if (c->latched && (c->access != 3 || !c->read_high_next))
		c->latched = false;                  /* the latch is read out */
	return high ? (uint8_t)(value >> 8) : (uint8_t)value;
}

int pit_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct pit *pit = owner;
	(void)cpu, (void)size;
	unsigned rate = 0;
	pthread_mutex_lock(&pit->lock);
	if (offset == 3 && is_write)
		command(pit, data[0]);
	else if (offset == 3)
		data[0] = 0xff;                      /* the command port is write-only */
	else if (is_write)
		rate = write_data(pit, (unsigned)offset, data[0]);
	else
		data[0] = read_data(pit, (unsigned)offset);
	pthread_mutex_unlock(&pit->lock);
	if (rate && pit->set_rate)
		pit->set_rate(pit->owner, rate);
	return 0;
}
