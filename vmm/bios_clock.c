/* bios_clock.c: the BIOS's time calls. int 0x1A: the tick count IRQ0
 * keeps (AH=0x00/0x01) and the real-time clock (AH=0x02-0x07), which is
 * a fixed clock so that transcripts are the same on every run; int 0x15
 * AH=0x86, a wait of CX:DX microseconds of host time. */
#include <string.h>
#include <time.h>
#include "bios_call.h"
#include "vcpu.h"

#define WAIT_SLICE_US 50000   /* a wait is cut into calls this long: a stop is never held up longer */

/* The real-time clock, in BCD, as a guest reads it. The one place the
 * time comes from: 2000-01-01 00:00:00 (a Saturday), the same fixed
 * clock as the CMOS RTC's, unless the guest set another. */
void bios_rtc_read(const struct bios *bios, struct bios_rtc *now)
{
	if (bios->rtc_set) {
		*now = bios->rtc;
		return;
	}
	*now = (struct bios_rtc){ .century = 0x20, .year = 0x00, .month = 0x01, .day = 0x01,
				  .hours = 0x00, .minutes = 0x00, .seconds = 0x00 };
}

static bool is_bcd(uint8_t v, uint8_t max)
{
	return (v & 0x0f) <= 9 && (v >> 4) <= 9 && v <= max;
}

/* AH=0x03 and 0x05: the guest's time or date, kept (the clock does not
 * run); CF = 1 if it is not valid BCD. */
static void rtc_set(struct bios_call *c, bool date)
{
	struct bios_rtc now;
	bios_rtc_read(c->bios, &now);
	uint8_t ch = reg_hi(c->r.ecx), cl = reg_lo(c->r.ecx), dh = reg_hi(c->r.edx), dl = reg_lo(c->r.edx);
	bool valid = date ? is_bcd(ch, 0x99) && is_bcd(cl, 0x99) && is_bcd(dh, 0x12) && dh && is_bcd(dl, 0x31) && dl
			  : is_bcd(ch, 0x23) && is_bcd(cl, 0x59) && is_bcd(dh, 0x59);
	if (!valid) {
		set_flag(c, FLAG_CF, true);
		return;
	}
	if (date)
		now.century = ch, now.year = cl, now.month = dh, now.day = dl;
	else
		now.hours = ch, now.minutes = cl, now.seconds = dh;
	c->bios->rtc = now;
	c->bios->rtc_set = true;
	set_flag(c, FLAG_CF, false);
}

static void ticks_call(struct bios_call *c, bool set)
{
	uint8_t *bda = bios_bda(c);
	uint32_t ticks;
	if (set) {
		ticks = (uint32_t)(uint16_t)c->r.ecx << 16 | (uint16_t)c->r.edx;
		memcpy(bda + BDA_TICKS, &ticks, 4);
	} else {
		memcpy(&ticks, bda + BDA_TICKS, 4);
		set_word(&c->r.ecx, (uint16_t)(ticks >> 16));
		set_word(&c->r.edx, (uint16_t)ticks);
		set_lo(&c->r.eax, bda[BDA_MIDNIGHT]);
	}
	bda[BDA_MIDNIGHT] = 0;
	set_flag(c, FLAG_CF, false);
}

void bios_clock(struct bios_call *c)
{
	struct bios_rtc now;
	bios_rtc_read(c->bios, &now);
	switch (reg_hi(c->r.eax)) {
	case 0x00: ticks_call(c, false); return;
	case 0x01: ticks_call(c, true); return;
	case 0x02:                                      /* time: CH hours, CL minutes, DH seconds, DL no DST */
		set_hi(&c->r.ecx, now.hours), set_lo(&c->r.ecx, now.minutes);
		set_hi(&c->r.edx, now.seconds), set_lo(&c->r.edx, 0);
		set_flag(c, FLAG_CF, false);
		return;
	case 0x03: rtc_set(c, false); return;
	case 0x04:                                      /* date: CH century, CL year, DH month, DL day */
		set_hi(&c->r.ecx, now.century), set_lo(&c->r.ecx, now.year);
		set_hi(&c->r.edx, now.month), set_lo(&c->r.edx, now.day);
		set_flag(c, FLAG_CF, false);
		return;
	case 0x05: rtc_set(c, true); return;
	case 0x07:                                      /* cancel the alarm: there is none */
		set_flag(c, FLAG_CF, false);
		return;
	default:                                        /* 0x06 (alarm: no RTC interrupt) and the rest */
		set_flag(c, FLAG_CF, true);
		return;
	}
}

static uint64_t now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000u + (uint64_t)t.tv_nsec / 1000u;
}

/* int 0x15 AH=0x86: wait CX:DX microseconds. The VMM sleeps at most
 * WAIT_SLICE_US a call; until the time is up it sets `again` and the ROM
 * opens a window for interrupts (so IRQ0 keeps counting) and calls again. */
void bios_wait(struct bios_call *c)
{
	uint64_t now = now_us();
	if (!c->repeat || !c->bios->waiting) {
		uint32_t us = (uint32_t)(uint16_t)c->r.ecx << 16 | (uint16_t)c->r.edx;
		c->bios->wait_until = now + us;
		c->bios->waiting = true;
	}
	uint64_t left = c->bios->wait_until > now ? c->bios->wait_until - now : 0;
	uint64_t slice = left < WAIT_SLICE_US ? left : WAIT_SLICE_US;
	if (slice) {
		struct timespec t = { .tv_sec = 0, .tv_nsec = (long)slice * 1000 };
		nanosleep(&t, NULL);
	}
	if (left > slice) {
		c->again = true;
		return;
	}
	c->bios->waiting = false;
	bios_status(c, 0);
}
