/* rtc_time.c: seconds since 2000-01-01 to calendar fields and back, and
 * the BCD/binary, 12/24-hour register encodings (rtc_time.h). */
#include "rtc_time.h"

static bool leap(unsigned year)                /* 2000-2099: every fourth year */
{
	return year % 4 == 0;
}

static unsigned days_in_month(unsigned month, unsigned year)
{
	static const unsigned days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return month == 2 && leap(year) ? 29 : days[month - 1];
}

void rtc_fields_of(int64_t seconds, struct rtc_fields *f)
{
	if (seconds < 0)
		seconds = 0;
	if (seconds > RTC_LAST_SECOND)
		seconds = RTC_LAST_SECOND;
	int64_t days = seconds / RTC_SECONDS_PER_DAY;
	unsigned in_day = (unsigned)(seconds % RTC_SECONDS_PER_DAY);
	f->second = in_day % 60, f->minute = in_day / 60 % 60, f->hour = in_day / 3600;
	f->weekday = (unsigned)((days + 6) % 7) + 1;    /* day 0 was a Saturday (7) */
	unsigned year = 0, month = 1;
	while (days >= (leap(year) ? 366 : 365))
		days -= leap(year) ? 366 : 365, year++;
	while (days >= days_in_month(month, year))
		days -= days_in_month(month, year), month++;
	f->year = year, f->month = month, f->day = (unsigned)days + 1;
}

int64_t rtc_seconds_of(const struct rtc_fields *f)
{
	int64_t days = 0;
	unsigned year = f->year % 100, month = f->month >= 1 && f->month <= 12 ? f->month : 1;
	for (unsigned y = 0; y < year; y++)
		days += leap(y) ? 366 : 365;
	for (unsigned m = 1; m < month; m++)
		days += days_in_month(m, year);
	days += (f->day ? f->day : 1) - 1;
	int64_t seconds = days * RTC_SECONDS_PER_DAY + (int64_t)(f->hour % 24) * 3600 +
			  (int64_t)(f->minute % 60) * 60 + f->second % 60;
	return seconds > RTC_LAST_SECOND ? RTC_LAST_SECOND : seconds;
}

uint8_t rtc_encode(unsigned value, bool binary)
{
	value %= 100;
	return binary ? (uint8_t)value : (uint8_t)((value / 10) << 4 | value % 10);
}

unsigned rtc_decode(uint8_t reg, bool binary)
{
	return binary ? reg : (unsigned)(reg >> 4) * 10 + (reg & 0x0f);
}

uint8_t rtc_encode_hour(unsigned hour, bool binary, bool h24)
{
	if (h24)
		return rtc_encode(hour, binary);
	unsigned h12 = hour % 12 ? hour % 12 : 12;
	return (uint8_t)(rtc_encode(h12, binary) | (hour >= 12 ? 0x80 : 0));
}

unsigned rtc_decode_hour(uint8_t reg, bool binary, bool h24)
{
	if (h24)
		return rtc_decode(reg, binary) % 24;
	unsigned h12 = rtc_decode(reg & 0x7f, binary) % 12;     /* 12 o'clock is 0 */
	return h12 + (reg & 0x80 ? 12 : 0);
}
