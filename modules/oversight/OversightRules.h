#pragma once
// The figures bureaus watch, as pure rules over stints in post (an employment from its first day
// to its last, inclusive). A reporting window is a calendar year up to today at the latest.
//   average headcount = person-days in post ÷ days in the window
//   turnover          = leavers ÷ average headcount
//   a vacancy         = a departure; filled by the linked replacement, or else by the earliest
//                       unused hire at the same station starting after the last day; days to
//                       fill = from the day after the last day to the first day of the filler.
//   a shortfall       = consecutive days on which a station has fewer than its minimum in post.
#include <cstdint>
#include <optional>
#include <vector>

#include "common/Time.h"

namespace sr::oversight {

struct Window {
  Date from, to;  // inclusive
  int64_t days() const { return daysBetween(from, to) + 1; }
};
// The year's window as of `today`: nullopt for a year that has not begun.
std::optional<Window> yearWindow(int year, const Date& today);

struct Stint {
  Date first;
  std::optional<Date> last;  // nullopt: still in post
};
// Days in post within the window, summed over stints.
int64_t personDays(const std::vector<Stint>& stints, const Window& w);
// Turnover in hundredths of a percent, rounded half up: leavers × days × 10000 ÷ person-days.
// nullopt when nobody was in post.
std::optional<int64_t> turnoverHundredths(int64_t leavers, int64_t personDays, int64_t days);
// Average headcount in hundredths, rounded half up.
int64_t averageHeadcountHundredths(int64_t personDays, int64_t days);

struct Shortfall {
  Date from, to;  // inclusive
  int64_t days() const { return daysBetween(from, to) + 1; }
};
// The longest run of days in the window, from `openedOn` on, with fewer than `minimum` in post.
std::optional<Shortfall> longestShortfall(const std::vector<Stint>& stints, int64_t minimum, const Window& w,
                                          const Date& openedOn);

struct Departure {
  int64_t stationId = 0;
  Date lastDay;
  std::optional<int64_t> replacementEmploymentId;
};
struct Hire {
  int64_t employmentId = 0, stationId = 0;
  Date first;
};
struct Fill {
  std::optional<Date> filledOn;
  std::optional<int64_t> days;
};
// One fill per departure (same order), each hire filling at most one vacancy; departures are
// served in order of their last day.
std::vector<Fill> fillVacancies(const std::vector<Departure>& departures, const std::vector<Hire>& hires);

}  // namespace sr::oversight
