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
