// Resignation notice dates (Labor Contract Law Art. 37 and the place's commitment) at their edges.
#include <gtest/gtest.h>

#include "leaving/NoticeRules.h"

using namespace sr;
using namespace sr::leaving;

namespace {
Date d(const char* t) { return *parseDate(t); }
}  // namespace

TEST(Notice, GivenOn31JanuaryCountsDaysNotMonths) {
  NoticePolicy p{30, 3, 30, 60, true};
  auto common = noticeDates(p, d("2026-01-31"), false, false);
  EXPECT_EQ(common.statutory, d("2026-03-02"));
  EXPECT_EQ(common.latest, d("2026-04-01"));
  auto leap = noticeDates(p, d("2028-01-31"), false, false);
  EXPECT_EQ(leap.statutory, d("2028-03-01"));  // 29 February counts as a day of notice
}

TEST(Notice, OnProbationThreeDaysAndTheLawWinsOverALongerCommitmentOnlyWhenShorter) {
  NoticePolicy p{30, 3, 30, 60, false};
  auto onProbation = noticeDates(p, d("2028-02-27"), true, false);
  EXPECT_EQ(onProbation.statutory, d("2028-03-01"));  // across 29 February
  EXPECT_EQ(onProbation.policy, d("2028-03-28"));
  EXPECT_EQ(onProbation.allowed, d("2028-03-28"));  // the signed commitment still asks for the month
  EXPECT_EQ(onProbation.latest, std::nullopt);
  NoticePolicy shortPolicy{30, 3, 20, 60, false};
  auto law = noticeDates(shortPolicy, d("2026-03-01"), false, false);
  EXPECT_EQ(law.allowed, d("2026-03-31"));
  ASSERT_EQ(law.notes.size(), 1u);
  EXPECT_NE(law.notes[0].find("law wins"), std::string::npos);
}

TEST(Notice, AReplacementReleasesTheCommitmentButNeverTheStatutoryNotice) {
  NoticePolicy p{30, 3, 45, 60, true};
  auto without = noticeDates(p, d("2026-03-01"), false, false);
  EXPECT_EQ(without.allowed, d("2026-04-15"));
  auto with = noticeDates(p, d("2026-03-01"), false, true);
  EXPECT_EQ(with.allowed, d("2026-03-31"));
  NoticePolicy tight{30, 3, 10, 20, true};
  EXPECT_EQ(noticeDates(tight, d("2026-03-01"), false, false).latest, d("2026-03-31"));  // never before the law's date
}

TEST(Notice, LeavingBeforeTheAllowedDayBreaksTheCommitmentAndOnItDoesNot) {
  auto allowed = *parseDate("2026-04-30");
  EXPECT_TRUE(leftEarly(*parseDate("2026-04-29"), allowed));
  EXPECT_FALSE(leftEarly(allowed, allowed));
  EXPECT_FALSE(leftEarly(*parseDate("2026-05-01"), allowed));
}

TEST(Notice, StayingPastTheLatestDayCountsFromTheDayAfter) {
  auto latest = *parseDate("2026-02-28");
  EXPECT_FALSE(stayedPastLatest(latest, latest));
  EXPECT_TRUE(stayedPastLatest(latest, *parseDate("2026-03-01")));
  EXPECT_FALSE(stayedPastLatest(std::nullopt, *parseDate("2030-01-01")));  // no replacement rule, no latest day
}
