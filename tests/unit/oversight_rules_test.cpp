// The bureau's figures as pure rules: average headcount and turnover from days in post, the
// longest shortfall below a station's minimum, and vacancies matched to the hires that fill them.
#include <gtest/gtest.h>

#include "oversight/OversightRules.h"

using namespace sr;
using namespace sr::oversight;

namespace {
Date d(const char* t) { return *parseDate(t); }
const Window k2025{d("2025-01-01"), d("2025-12-31")};
}  // namespace

TEST(Oversight, AYearWindowStopsAtTodayAndAFutureYearHasNone) {
  auto w = yearWindow(2026, d("2026-11-23"));
  ASSERT_TRUE(w);
  EXPECT_EQ(w->to, d("2026-11-23"));
  EXPECT_EQ(yearWindow(2024, d("2026-11-23"))->days(), 366);  // a leap year, whole
  EXPECT_FALSE(yearWindow(2027, d("2026-11-23")));
}

TEST(Oversight, TurnoverIsLeaversOverAverageHeadcountExactlyRounded) {
  // Two in post all year, a third for the first half (181 days): 911 person-days over 365.
  std::vector<Stint> stints{{d("2024-01-01"), std::nullopt}, {d("2025-01-01"), std::nullopt}, {d("2024-06-01"), d("2025-06-30")}};
  auto pd = personDays(stints, k2025);
  EXPECT_EQ(pd, 365 + 365 + 181);
  EXPECT_EQ(averageHeadcountHundredths(pd, 365), 250);  // 2.4959 -> 2.50
  EXPECT_EQ(turnoverHundredths(1, pd, 365), 4007);       // 1 / 2.4959 = 40.066 % -> 40.07
  EXPECT_FALSE(turnoverHundredths(0, 0, 365));           // nobody in post: no rate, not zero
}

TEST(Oversight, TheLongestShortfallCountsFromTheDayTheStationOpened) {
  // Minimum 2. One worker all year; a second from 1 March to 31 May, another from 1 October.
  std::vector<Stint> stints{{d("2020-01-01"), std::nullopt}, {d("2025-03-01"), d("2025-05-31")}, {d("2025-10-01"), std::nullopt}};
  auto run = longestShortfall(stints, 2, k2025, d("2019-01-01"));
  ASSERT_TRUE(run);
  EXPECT_EQ(run->from, d("2025-06-01"));  // June to September beats January and February
  EXPECT_EQ(run->to, d("2025-09-30"));
  EXPECT_EQ(run->days(), 122);
  // Opened on 20 February: January and the first days of February do not count.
  auto late = longestShortfall({{d("2025-06-01"), std::nullopt}, {d("2025-06-01"), std::nullopt}}, 2, k2025, d("2025-02-20"));
  ASSERT_TRUE(late);
  EXPECT_EQ(late->from, d("2025-02-20"));
  EXPECT_EQ(late->days(), 101);
  EXPECT_FALSE(longestShortfall({{d("2020-01-01"), std::nullopt}}, 1, k2025, d("2019-01-01")));
}

TEST(Oversight, AVacancyIsFilledByTheLinkedReplacementOrTheNextHireAfterTheLastDay) {
  std::vector<Departure> departures{{1, d("2025-03-31"), std::nullopt},  // filled by the 10 April hire: 9 days
                                    {1, d("2025-04-30"), 21},            // linked replacement, in post before: 0 days
                                    {2, d("2025-05-31"), std::nullopt}}; // nobody hired at station 2
  std::vector<Hire> hires{{20, 1, d("2025-03-15")},  // before the first departure: not a filler
                          {21, 1, d("2025-04-25")},
                          {22, 1, d("2025-04-10")}};
  auto f = fillVacancies(departures, hires);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].filledOn, d("2025-04-10"));
  EXPECT_EQ(f[0].days, 9);
  EXPECT_EQ(f[1].filledOn, d("2025-04-25"));
  EXPECT_EQ(f[1].days, 0);
  EXPECT_FALSE(f[2].filledOn);
}
