/* rtc_time.h: the calendar arithmetic of the real-time clock, apart from
 * its ports (cmos.c): a time is whole seconds since 2000-01-01 00:00:00
 * (a Saturday), the MC146818's epoch as PCs use it; its registers hold
 * fields in BCD or binary, hours in 24- or 12-hour form, as status B says.
 * Years 2000-2099 only: the chip's year register has two digits. */
#ifndef MINIKVM_RTC_TIME_H
#define MINIKVM_RTC_TIME_H

#include <stdbool.h>
#include <stdint.h>

#define RTC_SECONDS_PER_DAY 86400
#define RTC_LAST_SECOND ((int64_t)36525 * RTC_SECONDS_PER_DAY - 1)   /* 2099-12-31 23:59:59 */

struct rtc_fields {
	unsigned second, minute, hour;  /* hour 0-23 */
	unsigned weekday;               /* 1 = Sunday ... 7 = Saturday */
	unsigned day, month, year;      /* day 1-31, month 1-12, year 0-99 (20xx) */
};

/* The fields of a time (clamped to 2000-2099). */
void rtc_fields_of(int64_t seconds, struct rtc_fields *f);
/* The time of the fields; out-of-range days roll over as mktime does. */
int64_t rtc_seconds_of(const struct rtc_fields *f);

/* Register encodings: binary (status B's DM bit) or BCD; 12-hour hours
 * carry bit 7 for PM. */
uint8_t rtc_encode(unsigned value, bool binary);
unsigned rtc_decode(uint8_t reg, bool binary);
uint8_t rtc_encode_hour(unsigned hour, bool binary, bool h24);
unsigned rtc_decode_hour(uint8_t reg, bool binary, bool h24);

#endif
