#include "common/Time.h"

#include <cstdio>
#include <ctime>

namespace sr {
using namespace std::chrono;

std::optional<Date> parseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  Date date{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || y < 1900) return std::nullopt;
  return date;
}

bool withinInputRange(const Date& d) { return d >= Date{year{1950}, January, day{1}} && d <= Date{year{2100}, December, day{31}}; }

std::string formatDate(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

Date dateInChina(int64_t epochSeconds) {
  constexpr int64_t kChinaOffset = 8 * 3600;
  return Date{floor<days>(sys_seconds{seconds{epochSeconds + kChinaOffset}})};
}

Date todayInChina() { return dateInChina(nowSeconds()); }

Date addDays(const Date& d, int64_t n) { return Date{sys_days{d} + days{n}}; }

Date addMonths(const Date& d, int n) {
  year_month ym = year_month{d.year(), d.month()} + months{n};
  auto last = year_month_day_last{ym.year(), month_day_last{ym.month()}}.day();
  return Date{ym.year(), ym.month(), d.day() > last ? last : d.day()};
}

int64_t daysBetween(const Date& from, const Date& to) { return (sys_days{to} - sys_days{from}).count(); }

int64_t nowSeconds() { return duration_cast<seconds>(system_clock::now().time_since_epoch()).count(); }
int64_t nowMillis() { return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(); }

std::string rfc3339(int64_t s) {
  std::time_t t = static_cast<std::time_t>(s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string rfc3339Millis(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms % 1000));
  return out;
}

}  // namespace sr
