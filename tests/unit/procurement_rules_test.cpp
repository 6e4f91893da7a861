// Pure rules of purchase contracts (issue #17).
#include <gtest/gtest.h>

#include "procurement/ProcurementRules.h"

using namespace sr;
using namespace sr::procurement;

namespace {
Date d(const char* text) { return *parseDate(text); }
}  // namespace

TEST(ProcurementRules, GuangdongsSixToFourSplitAddsUpToTheWholeToTheFen) {
  // 双百: 50,000 a year per worker, province:local 6:4.
  std::vector<Source> gd{{"province", 60}, {"local", 40}};
  EXPECT_EQ(splitBySources(5'000'000, gd), (std::vector<int64_t>{3'000'000, 2'000'000}));
  // An amount that does not divide: each part rounded half up, the last takes the rest.
  std::vector<Source> thirds{{"province", 33}, {"city", 33}, {"county", 34}};
  auto parts = splitBySources(101, thirds);
  EXPECT_EQ(parts, (std::vector<int64_t>{33, 33, 35}));
  EXPECT_EQ(parts[0] + parts[1] + parts[2], 101);
}

TEST(ProcurementRules, SourcesAreNamedOnceAndAddUpToOneHundred) {
  EXPECT_FALSE(sourcesProblem({{"province", 60}, {"local", 40}}));
  EXPECT_EQ(sourcesProblem({}), "needs at least one source");
  EXPECT_EQ(sourcesProblem({{"province", 60}, {"province", 40}}), "names a source twice");
  EXPECT_EQ(sourcesProblem({{"province", 60}, {"local", 30}}), "shares must add up to 100");
}

TEST(ProcurementRules, TermsOverlapWhenTheyShareADayAndAnEmptyTermSharesNone) {
  EXPECT_TRUE(overlaps(d("2024-01-01"), d("2026-12-31"), d("2026-12-31"), d("2029-12-30")));
  EXPECT_FALSE(overlaps(d("2024-01-01"), d("2026-12-31"), d("2027-01-01"), d("2029-12-31")));
  EXPECT_TRUE(overlaps(d("2024-06-01"), d("2024-06-30"), d("2024-01-01"), d("2026-12-31")));
  // Terminated the day before it began.
  EXPECT_FALSE(overlaps(d("2025-01-01"), d("2024-12-31"), d("2024-01-01"), d("2026-12-31")));
}

TEST(ProcurementRules, SignedThenActiveThenEndedOrTerminated) {
  auto today = d("2026-12-01");
  EXPECT_FALSE(activationRefusal("signed", d("2026-12-01"), today));
  EXPECT_TRUE(activationRefusal("signed", d("2026-12-02"), today));
  EXPECT_TRUE(activationRefusal("active", d("2026-01-01"), today));
  EXPECT_FALSE(endRefusal("active", d("2026-12-01"), today));  // on its last day
  EXPECT_TRUE(endRefusal("active", d("2026-12-02"), today));
  EXPECT_TRUE(endRefusal("signed", d("2026-01-01"), today));
  EXPECT_FALSE(terminationRefusal("signed"));
  EXPECT_FALSE(terminationRefusal("active"));
  EXPECT_TRUE(terminationRefusal("ended"));
  EXPECT_TRUE(terminationRefusal("terminated"));
}

TEST(ProcurementRules, FundingIsTheStandardTimesPostsTimesMonthsCoveredOverTwelve) {
  // A whole year is exactly the standard × posts.
  EXPECT_EQ(fundingDue(5'000'000, 3, d("2025-01-01"), d("2025-12-31")), 15'000'000);
  // From 16 March: March's 16 of 31 days, then nine whole months.
  // 15,000,000 × 9 / 12 = 11,250,000; 15,000,000 × 16 / (12 × 31) = 645,161.29 -> 645,161.
  EXPECT_EQ(fundingDue(5'000'000, 3, d("2025-03-16"), d("2025-12-31")), 11'895'161);
  auto c = coverage(d("2025-03-16"), d("2025-12-31"));
  EXPECT_EQ(c.wholeMonths, 9);
  EXPECT_EQ(c.partDays, 16);
  // A funding factor of 1.5 (hundredths 150) and an empty range.
  EXPECT_EQ(fundingDue(5'000'000, 3, d("2025-01-01"), d("2025-12-31"), 150), 22'500'000);
  EXPECT_EQ(fundingDue(5'000'000, 3, d("2025-02-01"), d("2025-01-31")), 0);
}

TEST(ProcurementRules, InstallmentsRunFromTheTermsStartByCivilCodeMonths) {
  auto q = installments(d("2025-01-31"), d("2025-12-31"), scheduleMonths("quarterly"));
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(formatDate(q[0].dueOn), "2025-01-31");
  EXPECT_EQ(formatDate(q[0].to), "2025-04-29");  // 31 Jan + 3 months = 30 Apr, less a day
  EXPECT_EQ(formatDate(q[1].from), "2025-04-30");
  EXPECT_EQ(formatDate(q[3].from), "2025-10-31");
  EXPECT_EQ(formatDate(q[3].to), "2025-12-31");  // cut at the term's end
  EXPECT_EQ(installments(d("2025-01-01"), d("2027-12-31"), scheduleMonths("yearly")).size(), 3u);
}

TEST(ProcurementRules, TheOnPostDeadlineCountsCalendarMonthsWhenThePlaceSetsMonths) {
  // Jinan: 签订1个月内…到岗. 31 Jan + 1 month = 28 Feb (Civil Code Art. 202); 30 days would be 2 Mar.
  EXPECT_EQ(formatDate(*onPostDeadline(d("2025-01-31"), std::nullopt, 1)), "2025-02-28");
  EXPECT_EQ(formatDate(*onPostDeadline(d("2025-01-31"), 30, std::nullopt)), "2025-03-02");
  EXPECT_EQ(formatDate(*onPostDeadline(d("2025-01-31"), 30, 1)), "2025-02-28");  // months win
  EXPECT_FALSE(onPostDeadline(d("2025-01-31"), std::nullopt, std::nullopt));    // the place sets none: no deadline
}

TEST(ProcurementRules, TheWeightedScorePicksTheHighestTierItReaches) {
  Scheme s{"分档", {{"service", "服务", 60, 100}, {"management", "管理", 40, 50}}, 6000,
           {{"一档", 9000, 300}, {"二档", 7500, 200}, {"三档", 6000, 100}}, false};
  EXPECT_TRUE(schemeProblems(s).empty());
  std::vector<FieldError> problems;
  auto o = evaluate(s, {{"service", 80}, {"management", 45}}, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(o.scoreH, 8400);
  EXPECT_TRUE(o.pass);
  EXPECT_EQ(o.tier, "二档");
  EXPECT_EQ(o.factorH, 200);
  // Exactly at a tier's minimum reaches it; below the pass mark fails with no tier.
  EXPECT_EQ(evaluate(s, {{"service", 100}, {"management", 40}}, problems).tier, "一档");  // 60 + 32 = 92
  auto fail = evaluate(s, {{"service", 50}, {"management", 25}}, problems);            // 30 + 20 = 50
  EXPECT_FALSE(fail.pass);
  EXPECT_FALSE(fail.tier);
  EXPECT_FALSE(fail.proposeTermination);  // this scheme does not end contracts
  // A third of a weight rounds half up per indicator: 1/3 × 100 = 33.33.
  Scheme thirds{"x", {{"a", "甲", 100, 3}}, 6000, {}, true};
  auto t = evaluate(thirds, {{"a", 1}}, problems);
  EXPECT_EQ(t.scoreH, 3333);
  EXPECT_TRUE(t.proposeTermination);
  EXPECT_TRUE(problems.empty());
  evaluate(s, {{"service", 101}}, problems);
  EXPECT_EQ(problems.size(), 2u);  // service above its maximum, management missing
}

TEST(ProcurementRules, ASchemesWeightsAddUpAndItsTiersRunDownFromTheHighest) {
  Scheme s{"x", {{"a", "甲", 50, 10}, {"a", "乙", 40, 10}}, 6000, {{"一档", 7000, 200}, {"二档", 8000, 100}, {"三档", 5000, 100}}, false};
  std::vector<std::string> fields;
  for (const auto& e : schemeProblems(s)) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"indicators[1].key", "indicators", "tiers[1].min_score", "tiers[2].min_score"}));
}
