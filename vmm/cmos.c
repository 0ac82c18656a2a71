/* cmos.c: the RTC and CMOS RAM (cmos.h): the running clock with its
 * update and alarm flags, the memory sizes, and the index/data port pair.
 * The calendar arithmetic is rtc_time.c's. */
#include <string.h>
#include <time.h>
#include "cmos.h"
#include "rtc_time.h"

#define NS_PER_SECOND 1000000000ull
#define UIP_WINDOW_NS 2228000ull          /* 244 us warning + 1984 us update */

#define KIB 1024u

static uint64_t monotonic_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SECOND + (uint64_t)ts.tv_nsec;
}

static void put16(struct cmos *cmos, unsigned lo, uint64_t value)
{
	if (value > 0xffff)
		value = 0xffff;
	cmos->ram[lo] = (uint8_t)value;
	cmos->ram[lo + 1] = (uint8_t)(value >> 8);
}

void cmos_init(struct cmos *cmos, uint64_t mem_size)
{
	memset(cmos, 0, sizeof *cmos);
	pthread_mutex_init(&cmos->lock, NULL);
	uint8_t *r = cmos->ram;
	cmos->now_ns = monotonic_ns;
	cmos->start_ns = monotonic_ns();
	cmos->base_s = 0;                     /* 2000-01-01 00:00:00 */
	r[CMOS_CENTURY] = 0x20;
	r[CMOS_STATUS_A] = 0x26;              /* 32.768 kHz base, 1024 Hz rate */
	r[CMOS_STATUS_B] = 0x02;              /* 24-hour, BCD, no interrupts */
	r[CMOS_STATUS_D] = 0x80;              /* the battery is good */
	r[CMOS_EQUIPMENT] = 0x06;             /* FPU, VGA/EGA display, no floppy */
	uint64_t mem_kib = mem_size / KIB;
	put16(cmos, CMOS_BASE_MEM_LO, mem_kib < 640 ? mem_kib : 640);
	uint64_t ext_kib = mem_kib > 1024 ? mem_kib - 1024 : 0;     /* above 1 MiB */
	put16(cmos, CMOS_EXT_MEM_LO, ext_kib);
	put16(cmos, CMOS_EXT_MEM2_LO, ext_kib);
	uint64_t high = mem_size > (16u << 20) ? (mem_size - (16u << 20)) >> 16 : 0;   /* 64 KiB units above 16 MiB */
	put16(cmos, CMOS_HIGH_MEM_LO, high);
}

void cmos_close(struct cmos *cmos)
{
	pthread_mutex_destroy(&cmos->lock);
}

/* ---- the clock ---- */

static uint64_t elapsed_ns(const struct cmos *cmos)
{
	return cmos->now_ns() - cmos->start_ns;
}

static int64_t clock_now(const struct cmos *cmos)
{
	return cmos->base_s + (int64_t)(elapsed_ns(cmos) / NS_PER_SECOND);
}

static bool binary_format(const struct cmos *cmos)
{
	return cmos->ram[CMOS_STATUS_B] & CMOS_B_DM;
}

static bool hours_24(const struct cmos *cmos)
{
	return cmos->ram[CMOS_STATUS_B] & CMOS_B_24H;
}

static bool is_clock_register(uint8_t reg)
{
	return reg == CMOS_SECONDS || reg == CMOS_MINUTES || reg == CMOS_HOURS ||
	       (reg >= CMOS_WEEKDAY && reg <= CMOS_YEAR) || reg == CMOS_CENTURY;
}

/* A clock register as it reads with the clock at these fields. */
static uint8_t encode_register(const struct cmos *cmos, uint8_t reg, const struct rtc_fields *f)
{
	bool bin = binary_format(cmos);
	switch (reg) {
	case CMOS_SECONDS: return rtc_encode(f->second, bin);
	case CMOS_MINUTES: return rtc_encode(f->minute, bin);
	case CMOS_HOURS:   return rtc_encode_hour(f->hour, bin, hours_24(cmos));
	case CMOS_WEEKDAY: return rtc_encode(f->weekday, bin);
	case CMOS_DAY:     return rtc_encode(f->day, bin);
	case CMOS_MONTH:   return rtc_encode(f->month, bin);
	case CMOS_YEAR:    return rtc_encode(f->year, bin);
	default:           return rtc_encode(20, bin);      /* CMOS_CENTURY */
	}
}

/* A clock register as it reads at time `t`. */
static uint8_t clock_register(const struct cmos *cmos, uint8_t reg, int64_t t)
{
	struct rtc_fields f;
	rtc_fields_of(t, &f);
	return encode_register(cmos, reg, &f);
}

/* The guest sets one field: the clock runs on from the new time. The
 * weekday and century follow from the date and cannot be set. */
static void set_clock_register(struct cmos *cmos, uint8_t reg, uint8_t value)
{
	struct rtc_fields f;
	bool bin = binary_format(cmos);
	int64_t now = clock_now(cmos);
	rtc_fields_of(now, &f);
	switch (reg) {
	case CMOS_SECONDS: f.second = rtc_decode(value, bin); break;
	case CMOS_MINUTES: f.minute = rtc_decode(value, bin); break;
	case CMOS_HOURS:   f.hour = rtc_decode_hour(value, bin, hours_24(cmos)); break;
	case CMOS_DAY:     f.day = rtc_decode(value, bin); break;
	case CMOS_MONTH:   f.month = rtc_decode(value, bin); break;
	case CMOS_YEAR:    f.year = rtc_decode(value, bin); break;
	default:           return;
	}
	cmos->base_s += rtc_seconds_of(&f) - now;
	if (cmos->flags_seen_s > clock_now(cmos))
		cmos->flags_seen_s = clock_now(cmos);
}

static bool alarm_field_matches(uint8_t alarm, uint8_t now)
{
	return (alarm & 0xc0) == 0xc0 || alarm == now;
}

static bool alarm_rings_at(const struct cmos *cmos, int64_t t)
{
	const uint8_t *r = cmos->ram;
	struct rtc_fields f;
	rtc_fields_of(t, &f);                   /* once: the loops below call this a day's worth */
	return alarm_field_matches(r[CMOS_SECONDS_ALARM], encode_register(cmos, CMOS_SECONDS, &f)) &&
	       alarm_field_matches(r[CMOS_MINUTES_ALARM], encode_register(cmos, CMOS_MINUTES, &f)) &&
	       alarm_field_matches(r[CMOS_HOURS_ALARM], encode_register(cmos, CMOS_HOURS, &f));
}

/* Status A: update-in-progress in the last UIP_WINDOW_NS of each second. */
static uint8_t status_a(const struct cmos *cmos)
{
	bool updating = !(cmos->ram[CMOS_STATUS_B] & CMOS_B_SET) &&
			elapsed_ns(cmos) % NS_PER_SECOND >= NS_PER_SECOND - UIP_WINDOW_NS;
	return (uint8_t)(cmos->ram[CMOS_STATUS_A] | (updating ? CMOS_A_UIP : 0));
}

/* Status C: the flags of the updates since it was last read (the alarm
 * repeats at most daily, so a day of them is enough to look at). */
static uint8_t status_c(const struct cmos *cmos)
{
	int64_t now = clock_now(cmos), from = cmos->flags_seen_s + 1;
	uint8_t flags = cmos->ram[CMOS_STATUS_C];
	if (now >= from)
		flags |= CMOS_C_UF;
	if (from < now - RTC_SECONDS_PER_DAY + 1)
		from = now - RTC_SECONDS_PER_DAY + 1;
	for (int64_t t = from; t <= now && !(flags & CMOS_C_AF); t++)
		if (alarm_rings_at(cmos, t))
			flags |= CMOS_C_AF;
	uint8_t b = cmos->ram[CMOS_STATUS_B];
	if (((flags & CMOS_C_AF) && (b & CMOS_B_AIE)) || ((flags & CMOS_C_UF) && (b & CMOS_B_UIE)))
		flags |= CMOS_C_IRQF;
	return flags;
}

/* A register's value now, without side effects. */
static uint8_t register_value(const struct cmos *cmos, uint8_t reg)
{
	if (is_clock_register(reg))
		return clock_register(cmos, reg, clock_now(cmos));
	if (reg == CMOS_STATUS_A)
		return status_a(cmos);
	if (reg == CMOS_STATUS_C)
		return status_c(cmos);
	return cmos->ram[reg];
}

int64_t cmos_seconds_to_alarm(struct cmos *cmos)
{
	pthread_mutex_lock(&cmos->lock);
	int64_t now = clock_now(cmos), wait = -1;
	if (cmos->ram[CMOS_STATUS_B] & CMOS_B_AIE)
		for (int64_t k = 1; k <= RTC_SECONDS_PER_DAY && wait < 0; k++)
			if (alarm_rings_at(cmos, now + k))
				wait = k;
	pthread_mutex_unlock(&cmos->lock);
	return wait;
}

void cmos_skip(struct cmos *cmos, int64_t seconds)
{
	pthread_mutex_lock(&cmos->lock);
	cmos->base_s += seconds;
	pthread_mutex_unlock(&cmos->lock);
}

uint8_t cmos_peek(struct cmos *cmos, uint8_t reg)
{
	pthread_mutex_lock(&cmos->lock);
	uint8_t value = register_value(cmos, reg & (CMOS_SIZE - 1));
	pthread_mutex_unlock(&cmos->lock);
	return value;
}

/* ---- the guest's reads and writes ---- */

/* Status C's flags clear when read. */
static uint8_t read_register(struct cmos *cmos, uint8_t reg)
{
	uint8_t value = register_value(cmos, reg);
	if (reg == CMOS_STATUS_C) {
		cmos->ram[reg] = 0;
		cmos->flags_seen_s = clock_now(cmos);
	}
	return value;
}

/* Status C and D and the update-in-progress bit are the clock's. */
static void write_register(struct cmos *cmos, uint8_t reg, uint8_t value)
{
	if (reg == CMOS_STATUS_C || reg == CMOS_STATUS_D)
		return;
	if (is_clock_register(reg)) {
		set_clock_register(cmos, reg, value);
		return;
	}
	if (reg == CMOS_STATUS_A)
		value &= (uint8_t)~CMOS_A_UIP;
	cmos->ram[reg] = value;
}

int cmos_io(void *owner, struct vcpu *cpu, uint64_t offset, unsigned size, bool is_write, uint8_t *data)
{
	struct cmos *cmos = owner;
	(void)cpu, (void)size;
	pthread_mutex_lock(&cmos->lock);
	if (offset == 0) {
		if (is_write) {
			cmos->index = data[0] & (CMOS_SIZE - 1);
			cmos->nmi_disabled = data[0] & CMOS_NMI_OFF;
		}   /* a read of the index port: 0xff, as on most chipsets */
	} else if (is_write) {
		write_register(cmos, cmos->index, data[0]);
	} else {
		data[0] = read_register(cmos, cmos->index);
	}
	pthread_mutex_unlock(&cmos->lock);
	return 0;
}
