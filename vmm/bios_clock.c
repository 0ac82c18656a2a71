/* bios_clock.c: the BIOS's time calls. int 0x1A: the tick count IRQ0
 * keeps (AH=0x00/0x01) and the real-time clock (AH=0x02-0x07), the
 * CMOS's (cmos.c); int 0x15 AH=0x86, a wait of CX:DX microseconds of
 * host time. */
#include <string.h>
#include <time.h>
#include "bios_call.h"
#include "vcpu.h"

#define WAIT_SLICE_US 50000   /* a wait is cut into calls this long: a stop is never held up longer */

/* The real-time clock is the CMOS's (cmos.c: from 2000-01-01 00:00:00
 * when the machine starts, running with the host's clock, so a guest
 * reading it in its first second sees the same time on every run): its
 * registers are read as they are (BCD unless the guest chose binary in
 * status B, as under SeaBIOS) and written as the guest would write them. */
static uint8_t rtc_get(struct bios_call *c, uint8_t reg)
{
	return cmos_peek(c->bios->cmos, reg);
}

static void rtc_put(struct bios_call *c, uint8_t reg, uint8_t value)
{
	cmos_io(c->bios->cmos, c->cpu, 0, 1, true, &reg);
	cmos_io(c->bios->cmos, c->cpu, 1, 1, true, &value);
}

static bool is_bcd(uint8_t v, uint8_t max)
{
	return (v & 0x0f) <= 9 && (v >> 4) <= 9 && v <= max;
}

/* AH=0x03 and 0x05: set the time or the date; CF = 1 (nothing set) if
 * it is not valid BCD. */
static void rtc_set(struct bios_call *c, bool date)
{
	uint8_t ch = reg_hi(c->r.ecx), cl = reg_lo(c->r.ecx), dh = reg_hi(c->r.edx), dl = reg_lo(c->r.edx);
	bool valid = date ? is_bcd(ch, 0x99) && is_bcd(cl, 0x99) && is_bcd(dh, 0x12) && dh && is_bcd(dl, 0x31) && dl
			  : is_bcd(ch, 0x23) && is_bcd(cl, 0x59) && is_bcd(dh, 0x59);
	set_flag(c, FLAG_CF, !valid);
	if (!valid)
		return;
	if (date) {
		rtc_put(c, CMOS_CENTURY, ch);
		rtc_put(c, CMOS_YEAR, cl);
		rtc_put(c, CMOS_MONTH, dh);
		rtc_put(c, CMOS_DAY, dl);
	} else {
		rtc_put(c, CMOS_HOURS, ch);
		rtc_put(c, CMOS_MINUTES, cl);
		rtc_put(c, CMOS_SECONDS, dh);
	}
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
	uint8_t function = reg_hi(c->r.eax);
	if (function >= 0x02 && function <= 0x07 && !c->bios->cmos) {
		set_flag(c, FLAG_CF, true);                     /* no clock (a machine without CMOS) */
		return;
	}
	switch (function) {
	case 0x00: ticks_call(c, false); return;
	case 0x01: ticks_call(c, true); return;
	case 0x02:                                      /* time: CH hours, CL minutes, DH seconds, DL no DST */
		set_hi(&c->r.ecx, rtc_get(c, CMOS_HOURS)), set_lo(&c->r.ecx, rtc_get(c, CMOS_MINUTES));
		set_hi(&c->r.edx, rtc_get(c, CMOS_SECONDS)), set_lo(&c->r.edx, 0);
		set_flag(c, FLAG_CF, false);
		return;
	case 0x03: rtc_set(c, false); return;
	case 0x04:                                      /* date: CH century, CL year, DH month, DL day */
		set_hi(&c->r.ecx, rtc_get(c, CMOS_CENTURY)), set_lo(&c->r.ecx, rtc_get(c, CMOS_YEAR));
		set_hi(&c->r.edx, rtc_get(c, CMOS_MONTH)), set_lo(&c->r.edx, rtc_get(c, CMOS_DAY));
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
