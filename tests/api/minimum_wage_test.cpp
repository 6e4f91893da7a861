// Issue #11, minimum wage: a salary scale whose full month pays below the minimum wage of a place
// it pays in is refused, naming the cell and the place; a run flags every full month below it.
// Over real HTTP on both engines.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class MinimumWage : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  void minimum(int64_t jurisdiction, int64_t fen, const std::string& from) {
    auto r = s.client().put("/api/v1/jurisdictions/" + str(jurisdiction) + "/policy",
                            R"({"effective_from":")" + from + R"(","minimum_wage_fen":)" + str(fen) + "}", w.admin);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  test::HttpResult scale(int64_t jurisdiction, const std::string& from, int64_t low) {
    return s.client().post("/api/v1/salary-scales",
                           R"({"jurisdiction_id":)" + str(jurisdiction) + R"(,"name":"岗位工资","effective_from":")" + from +
                               R"(","grades":2,"posts":[{"code":"A","name":"社工"}],"amounts_fen":[[)" + str(low) + ",420000]]}",
                           w.admin);
  }
};

// Measured on main: a scale paying 1,800 a month in a county whose minimum is 2,490 was accepted.
TEST_F(MinimumWage, AScaleBelowTheMinimumOfAPlaceItPaysInIsRefusedNamingTheCellAndThePlace) {
  minimum(w.own.county, 249000, "2020-01-01");
  auto refused = scale(w.own.county, "2026-01-01", 180000);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.field("amounts_fen"), "A grade 1 pays 1800.00, below the minimum wage 2490.00 of 海宁市 (330481)");
  // A scale for the province pays in the county below it too.
  EXPECT_EQ(scale(w.province, "2026-01-01", 180000).status, 422);
  EXPECT_EQ(scale(w.own.county, "2026-01-01", 248999).status, 422);  // a fen short
  EXPECT_EQ(scale(w.own.county, "2026-01-01", 249000).status, 201);  // exactly the minimum
}

// The measure is a full month "with the post's fixed allowances": a cell under the minimum whose post
// allowance lifts it to the minimum is a lawful month, and the allowance is paid with it.
TEST_F(MinimumWage, APostsFixedAllowanceCountsTowardTheMinimumAndIsPaid) {
  minimum(w.own.county, 249000, "2020-01-01");
  auto body = [&](int64_t allowance) {
    return R"({"jurisdiction_id":)" + str(w.own.county) +
           R"(,"name":"岗位工资","effective_from":"2026-01-01","grades":2,"posts":[{"code":"A","name":"社工","fixed_allowance_fen":)" +
           str(allowance) + R"(}],"amounts_fen":[[230000,240000]]})";
  };
  auto refused = s.client().post("/api/v1/salary-scales", body(18999), w.admin);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.field("amounts_fen"), "A grade 1 pays 2489.99, below the minimum wage 2490.00 of 海宁市 (330481)");
  EXPECT_EQ(s.client().post("/api/v1/salary-scales", body(-1), w.admin).field("posts[0].fixed_allowance_fen"),
            "must be between 0 and 10000000000");
  auto made = s.client().post("/api/v1/salary-scales", body(19000), w.admin);
  ASSERT_EQ(made.status, 201) << made.body;
  auto post = made.json()->getArray("posts")->getObject(0);
  EXPECT_EQ(post->getValue<int64_t>("fixed_allowance_fen"), 19000);
}

TEST_F(MinimumWage, ARunFlagsEveryFullMonthBelowTheMinimum) {
  minimum(w.own.county, 900000, "2026-01-01");  // raised above the scale after it was made
  auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03"})",
                           w.tokens["payroll_officer"]);
  ASSERT_EQ(r.status, 201) << r.body;
  auto flagged = r.json()->getObject("totals")->getArray("below_minimum_wage");
  ASSERT_EQ(flagged->size(), 1u);
  EXPECT_EQ(flagged->getElement<int64_t>(0), w.own.employment);
  EXPECT_EQ(r.json()->getObject("totals")->getValue<int64_t>("below_minimum_wage_count"), 1);
  // Under a minimum the scale clears, nothing is flagged.
  auto other = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.other.agency) + R"(,"period":"2026-03"})",
                               w.admin);
  ASSERT_EQ(other.status, 201) << other.body;
  EXPECT_EQ(other.json()->getObject("totals")->getArray("below_minimum_wage")->size(), 0u);
}
