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
// Business dates are China Standard Time (UTC+8, no daylight saving), whatever the host's zone.
Date todayInChina();
Date dateInChina(int64_t epochSeconds);

int64_t nowSeconds();
int64_t nowMillis();
// RFC 3339 UTC, e.g. 2026-11-23T03:04:05Z; the millisecond form adds .123.
std::string rfc3339(int64_t epochSeconds);
std::string rfc3339Millis(int64_t epochMillis);

}  // namespace sr
