#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sr {

using Date = std::chrono::year_month_day;

// Strict YYYY-MM-DD that names a real calendar day (2025-02-29 is refused).
std::optional<Date> parseDate(std::string_view text);
std::string formatDate(const Date& d);
// Dates a client may send: 1950-01-01 to 2100-12-31. Beyond them a date is a typing error (a
// contract "ending" 9999-12-31 was accepted before, issue #10), never a real term.
bool withinInputRange(const Date& d);
inline constexpr const char* kInputRangeMessage = "must be between 1950-01-01 and 2100-12-31";
// Business dates are China Standard Time (UTC+8, no daylight saving), whatever the host's zone.
Date todayInChina();
Date dateInChina(int64_t epochSeconds);

// Calendar arithmetic. Adding months keeps the day of month, or the month's last day when it has
// no such day (31 January + 1 month = 28/29 February), as contract terms are counted.
Date addDays(const Date& d, int64_t n);
Date addMonths(const Date& d, int n);
inline Date addYears(const Date& d, int n) { return addMonths(d, 12 * n); }
int64_t daysBetween(const Date& from, const Date& to);  // to - from

int64_t nowSeconds();
int64_t nowMillis();
// RFC 3339 UTC, e.g. 2026-11-23T03:04:05Z; the millisecond form adds .123.
std::string rfc3339(int64_t epochSeconds);
std::string rfc3339Millis(int64_t epochMillis);

}  // namespace sr
