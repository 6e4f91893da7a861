// Issue #11, special additional deductions by category: declared per year with legal amounts and
// exclusions, caught up when declared late, paused in a year nobody confirmed. Over real HTTP on
// both engines; the arithmetic over a year is in unit/year_of_pay_test.cpp.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class Deductions : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  std::string path() { return "/api/v1/employments/" + str(w.own.employment) + "/deductions"; }
  test::HttpResult declare(const std::string& items, int year = 2026) {
    return s.client().put(path(), R"({"year":)" + str(year) + R"(,"items":[)" + items + "]}", w.tokens["worker"]);
  }
  int64_t run(const std::string& period, bool approve) {
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                             w.tokens["payroll_officer"]);
    EXPECT_EQ(r.status, 201) << r.body;
    auto id = r.json()->getValue<int64_t>("id");
    if (approve) {
      EXPECT_EQ(s.client().post("/api/v1/payroll-runs/" + str(id) + "/approve", "", w.tokens["agency_admin"]).status, 200);
    }
    return id;
  }
  int64_t monthsDeduction(const std::string& on) {
    auto r = s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=" + on, w.tokens["worker"]);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()->getObject("month")->getValue<int64_t>("special_deductions_fen");
  }
};

// Measured on main: a child born in March declared in August deducted from August only, and
// withheld 224.10 too much for the year. Declared from March, August catches up March to August.
TEST_F(Deductions, ACategoryDeclaredLateIsCaughtUpByTheCumulativeMethod) {
  run("2026-06", true);
  run("2026-07", true);
  auto r = declare(R"({"category":"children_education","monthly_fen":200000,"from":"2026-03","to":"2026-12"})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto slips = s.client().get("/api/v1/payroll-runs/" + str(run("2026-08", false)) + "/payslips", w.tokens["agency_admin"]);
  EXPECT_EQ(slips.json()->getArray("items")->getObject(0)->getValue<int64_t>("special_deductions_fen"), 6 * 200000);
}

TEST_F(Deductions, AmountsAndExclusionsTheLawSetsAreRefusedNamingTheItem) {
  auto r = declare(R"({"category":"children_education","monthly_fen":150000,"from":"2026-01","to":"2026-12"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.field("items[0].monthly_fen"), "");
  r = declare(R"({"category":"housing_loan","monthly_fen":100000,"from":"2026-01","to":"2026-12"},)"
              R"({"category":"housing_rent","monthly_fen":150000,"from":"2026-05","to":"2026-12"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.field("items[1]").find("housing_loan"), std::string::npos) << r.body;
  EXPECT_NE(declare(R"({"category":"children","monthly_fen":200000,"from":"2026-01","to":"2026-12"})").field("items[0].category"), "");
  EXPECT_NE(declare(R"({"category":"infant_care","monthly_fen":200000,"from":"2026-13","to":"2026-12"})").field("items[0].from"), "");
  EXPECT_EQ(monthsDeduction("2026-03-15"), 0);  // nothing was declared
}

// 操作办法 Art. 27: a declaration is for a year; unconfirmed, the next year deducts nothing until the
// worker (or the agency on their word) confirms, and then catches January up.
TEST_F(Deductions, AYearNobodyConfirmedDeductsNothingUntilConfirmed) {
  ASSERT_EQ(declare(R"({"category":"children_education","monthly_fen":200000,"from":"2026-01","to":"2026-12"},)"
                    R"({"category":"housing_rent","monthly_fen":150000,"from":"2026-01","to":"2026-06"})")
                .status,
            200);
  EXPECT_EQ(monthsDeduction("2026-05-15"), 5 * 350000);  // January to May, nothing approved yet
  EXPECT_EQ(monthsDeduction("2027-01-15"), 0);
  auto confirmed = s.client().post(path() + "/confirm", R"({"year":2027})", w.tokens["worker"]);
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto items = confirmed.json()->getArray("items");
  ASSERT_EQ(items->size(), 1u);  // the rent ended in June; the child carries on
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("from"), "2027-01");
  EXPECT_EQ(monthsDeduction("2027-01-15"), 200000);
  // Confirming again changes nothing.
  EXPECT_EQ(s.client().post(path() + "/confirm", R"({"year":2027})", w.tokens["agency_admin"]).status, 200);
  EXPECT_EQ(monthsDeduction("2027-01-15"), 200000);
}

// A person's page reads the year's declaration as stored (issue #16); nothing before it is made.
TEST_F(Deductions, TheYearsDeclarationReadsAsStoredAndOnlyWhereTheDeclarantMayAct) {
  auto read = [&](const std::string& token, int year) { return s.client().get(path() + "?year=" + str(year), token); };
  auto before = read(w.tokens["agency_admin"], 2026);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_FALSE(before.json()->getValue<bool>("declared"));
  EXPECT_EQ(before.json()->getArray("items")->size(), 0u);
  ASSERT_EQ(declare(R"({"category":"housing_rent","monthly_fen":150000,"from":"2026-03","to":"2026-12"})").status, 200);
  auto after = read(w.tokens["payroll_officer"], 2026).json();
  EXPECT_TRUE(after->getValue<bool>("declared"));
  auto item = after->getArray("items")->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("category"), "housing_rent");
  EXPECT_EQ(item->getValue<int64_t>("monthly_fen"), 150000);
  EXPECT_EQ(item->getValue<std::string>("from"), "2026-03");
  EXPECT_EQ(read(w.tokens["worker"], 2026).status, 200);
  EXPECT_EQ(read(w.tokens["bureau"], 2026).status, 403);
  EXPECT_EQ(s.client().get("/api/v1/employments/" + str(w.other.employment) + "/deductions?year=2026", w.tokens["agency_admin"]).status,
            404);
  EXPECT_EQ(read(w.tokens["agency_admin"], 2024).status, 422) << "a year outside the employment";
}

// One write discipline: identical declarations at once make one declaration and one record.
TEST_F(Deductions, OneWrite_IdenticalDeclarationsAtOnceHaveOneEffect) {
  auto statuses = test::race(6, [&] {
    return declare(R"({"category":"elderly_support","monthly_fen":300000,"from":"2026-01","to":"2026-12"})");
  });
  EXPECT_EQ(statuses[200], 6);
  auto counts = s.app().database().read<std::vector<int64_t>>([&](db::Connection& c) {
    std::vector<int64_t> n;
    for (const char* sql : {"SELECT COUNT(*) AS n FROM deduction_years WHERE employment_id = ?",
                            "SELECT COUNT(*) AS n FROM deduction_items WHERE employment_id = ?",
                            "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'employment.deductions' AND entity_id = ?"})
      n.push_back(c.queryOne(sql, {w.own.employment})->i64("n"));
    return n;
  });
  EXPECT_EQ(counts, (std::vector<int64_t>{1, 1, 1}));
}
