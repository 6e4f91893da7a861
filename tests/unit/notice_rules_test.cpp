// Resignation notice dates at their edges: statutory notice in days (Labor Contract Law Art. 37),
// a place's commitment in calendar months (Civil Code Art. 202), and Haining's replacement rule
// "提前一个月…在岗位补员完成后方可离职(前后期限最长不超过两个月)".
#include <gtest/gtest.h>

#include "leaving/NoticeRules.h"

using namespace sr;
using namespace sr::leaving;

namespace {
Date d(const char* t) { return *parseDate(t); }
const NoticePolicy kHaining{30, 3, 1, 2, true};
}  // namespace

TEST(Notice, StatutoryNoticeIsInDaysAndTheCommitmentInCalendarMonths) {
  auto jan31 = noticeDates(kHaining, d("2026-01-31"), false, std::nullopt);
  EXPECT_EQ(jan31.statutory, d("2026-03-02"));  // 30 days
  EXPECT_EQ(jan31.policy, d("2026-02-28"));     // 31 January + 1 month: February's last day
  EXPECT_EQ(jan31.latest, d("2026-03-31"));     // + 2 months
  auto leap = noticeDates(kHaining, d("2028-01-31"), false, std::nullopt);
  EXPECT_EQ(leap.statutory, d("2028-03-01"));  // 29 February counts as a day of notice
  EXPECT_EQ(leap.policy, d("2028-02-29"));
  auto sep30 = noticeDates(kHaining, d("2026-09-30"), false, std::nullopt);
  EXPECT_EQ(sep30.policy, d("2026-10-30"));  // 30 September + 1 month = 30 October
  EXPECT_EQ(sep30.latest, d("2026-11-30"));  // and + 2 months = 30 November
}

TEST(Notice, OnProbationThreeDaysAndTheLawWinsOverAShorterCommitment) {
  NoticePolicy p{30, 3, 1, 2, false};
  auto onProbation = noticeDates(p, d("2028-02-27"), true, std::nullopt);
  EXPECT_EQ(onProbation.statutory, d("2028-03-01"));  // across 29 February
  EXPECT_EQ(onProbation.policy, d("2028-03-27"));
  EXPECT_EQ(onProbation.allowed, d("2028-03-27"));  // the signed commitment still asks for the month
  EXPECT_EQ(onProbation.latest, std::nullopt);
  NoticePolicy none{30, 3, 0, 0, false};
  auto law = noticeDates(none, d("2026-03-01"), false, std::nullopt);
  EXPECT_EQ(law.allowed, d("2026-03-31"));
  ASSERT_EQ(law.notes.size(), 1u);
  EXPECT_NE(law.notes[0].find("law wins"), std::string::npos);
}

// Haining: with no replacement the worker waits to the two-month date; leaving on day 30 breaks the
// commitment (measured before issue #12: no case was opened).
TEST(Notice, WithAReplacementRuleAndNoReplacementTheAllowedDayIsTheLatest) {
  auto dates = noticeDates(kHaining, d("2026-09-30"), false, std::nullopt);
  EXPECT_EQ(dates.allowed, d("2026-11-30"));
  EXPECT_TRUE(leftEarly(d("2026-10-30"), dates.allowed));
  EXPECT_FALSE(leftEarly(d("2026-11-30"), dates.allowed));
}

// The replacement's first day in post, never before the one-month date nor after the two-month date,
// and never before the statutory date.
TEST(Notice, AReplacementInPostSetsTheAllowedDayWithinTheCommitmentsBounds) {
  const auto notice = d("2026-09-30");
  EXPECT_EQ(noticeDates(kHaining, notice, false, d("2026-10-15")).allowed, d("2026-10-30"));  // early: the month first
  EXPECT_EQ(noticeDates(kHaining, notice, false, d("2026-11-10")).allowed, d("2026-11-10"));  // the handover day
  EXPECT_EQ(noticeDates(kHaining, notice, false, d("2026-12-20")).allowed, d("2026-11-30"));  // at most two months
  NoticePolicy shortMonths{45, 3, 1, 2, true};  // a statutory period longer than the month
  EXPECT_EQ(noticeDates(shortMonths, notice, false, d("2026-10-20")).allowed, d("2026-11-14"));
}

TEST(Notice, LeavingBeforeTheAllowedDayBreaksTheCommitmentAndOnItDoesNot) {
  auto allowed = *parseDate("2026-04-30");
  EXPECT_TRUE(leftEarly(*parseDate("2026-04-29"), allowed));
  EXPECT_FALSE(leftEarly(allowed, allowed));
  EXPECT_FALSE(leftEarly(*parseDate("2026-05-01"), allowed));
}

// Waiting past the latest date for a replacement is the agency's shortfall, from the day after it.
TEST(Notice, AReplacementIsOverdueFromTheDayAfterTheLatestDateUntilOneIsLinked) {
  auto latest = d("2026-11-30");
  EXPECT_FALSE(replacementOverdue(latest, std::nullopt, latest));
  EXPECT_TRUE(replacementOverdue(latest, std::nullopt, d("2026-12-01")));
  EXPECT_FALSE(replacementOverdue(latest, d("2026-12-05"), d("2026-12-10")));  // found, if late
  EXPECT_FALSE(replacementOverdue(std::nullopt, std::nullopt, d("2030-01-01")));  // no replacement rule
}
