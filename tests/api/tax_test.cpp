// Issue #11, tax as agencies withhold it: annual bonus and severance as their own pay item kinds,
// taxed on their own; the year's tax profile; the 60,000 rule proposed from the agency's own
// records. Over real HTTP on both engines; the arithmetic of a whole year is in
// unit/year_of_pay_test.cpp.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class Tax : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  test::HttpResult item(int64_t employment, const std::string& period, const std::string& kind, int64_t fen) {
    return s.client().post("/api/v1/employments/" + str(employment) + "/pay-items",
                           R"({"period":")" + period + R"(","kind":")" + kind + R"(","name":"项目","amount_fen":)" + str(fen) + "}",
                           w.tokens["payroll_officer"]);
  }
  test::HttpResult createRun(const std::string& period) {
    return s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                           w.tokens["payroll_officer"]);
  }
  json::Obj slip(const test::HttpResult& created) {
    EXPECT_EQ(created.status, 201) << created.body;
    auto items = s.client()
                     .get("/api/v1/payroll-runs/" + str(created.json()->getValue<int64_t>("id")) + "/payslips",
                          w.tokens["agency_admin"])
                     .json()->getArray("items");
    return items->getObject(0);  // the own side's one worker
  }
  void approve(const test::HttpResult& created) {
    ASSERT_EQ(s.client()
                  .post("/api/v1/payroll-runs/" + str(created.json()->getValue<int64_t>("id")) + "/approve", "",
                        w.tokens["agency_admin"])
                  .status,
              200);
  }
  json::Obj tax(const std::string& on) {
    return s.client().get("/api/v1/employments/" + str(w.own.employment) + "/pay?on=" + on, w.tokens["worker"]).json()
        ->getObject("month")->getObject("tax");
  }
};

// Measured on main: a 30,000 bonus could only be an allowance, taxed cumulatively with the wages.
// The worker's 4,000.00 a month (contributions 620.00) leaves nothing taxable, so on its own the
// bonus alone is taxed: 30,000 ÷ 12 = 2,500 → 3 %: 900.00.
TEST_F(Tax, AnAnnualBonusIsItsOwnKindTaxedOnItsOwnOrWithTheWagesAsTheProfileSays) {
  ASSERT_EQ(item(w.own.employment, "2026-03", "annual_bonus", 3000000).status, 201);
  auto separate = slip(createRun("2026-03"));
  EXPECT_EQ(separate->getValue<int64_t>("annual_bonus_fen"), 3000000);
  EXPECT_TRUE(separate->getValue<bool>("annual_bonus_separate"));
  EXPECT_EQ(separate->getValue<int64_t>("annual_bonus_iit_fen"), 90000);
  EXPECT_EQ(separate->getValue<int64_t>("iit_fen"), 0);
  EXPECT_EQ(separate->getValue<int64_t>("gross_fen"), 400000 + 3000000);
  EXPECT_EQ(separate->getValue<int64_t>("pension_fen"), 32000);  // never charged on the bonus
  EXPECT_EQ(separate->getValue<int64_t>("net_fen"), 3400000 - 62000 - 90000);

  // The worker chooses combined for the year (their own declaration).
  auto put = s.client().put("/api/v1/employments/" + str(w.own.employment) + "/tax-profile",
                            R"({"year":2026,"annual_bonus":"combined"})", w.tokens["worker"]);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(tax("2026-03-15")->getValue<std::string>("annual_bonus"), "combined");
  auto runs = s.client().get("/api/v1/payroll-runs?agency_id=" + str(w.own.agency), w.tokens["agency_admin"]).json();
  auto runId = runs->getArray("items")->getObject(0)->getValue<int64_t>("id");
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + str(runId) + "/recompute", "", w.tokens["payroll_officer"]).status, 200);
  auto combined = s.client().get("/api/v1/payroll-runs/" + str(runId) + "/payslips", w.tokens["agency_admin"]).json()
                      ->getArray("items")->getObject(0);
  EXPECT_FALSE(combined->getValue<bool>("annual_bonus_separate"));
  EXPECT_EQ(combined->getValue<int64_t>("annual_bonus_iit_fen"), 0);
  // No earlier payslip this year: March alone, (4,000 + 30,000 − 3 × 5,000 − 620) × 3 % = 551.40.
  EXPECT_EQ(combined->getValue<int64_t>("iit_fen"), 55140);
  EXPECT_NE(s.client().put("/api/v1/employments/" + str(w.own.employment) + "/tax-profile",
                           R"({"year":2026,"annual_bonus":"both"})", w.tokens["worker"]).field("annual_bonus"), "");
}

// 财税〔2018〕164号: severance up to the place's exemption is free of tax, the excess taxed alone on
// the annual table; without the place's figure the run is refused naming it.
TEST_F(Tax, SeveranceAboveThePlacesExemptionIsTaxedOnItsOwn) {
  ASSERT_EQ(item(w.own.employment, "2026-04", "severance", 30000000).status, 201);
  auto refused = createRun("2026-04");
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.code(), "policy_incomplete");
  EXPECT_NE(refused.field("iit.severance_exempt_fen"), "");
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                           R"({"effective_from":"2020-01-01","iit":{"severance_exempt_fen":25000000}})", w.admin).status,
            200);
  auto p = slip(createRun("2026-04"));
  EXPECT_EQ(p->getValue<int64_t>("severance_fen"), 30000000);
  EXPECT_EQ(p->getValue<int64_t>("severance_iit_fen"), 248000);  // 50,000 × 10 % − 2,520
  EXPECT_EQ(p->getValue<int64_t>("pension_fen"), 32000);
  EXPECT_EQ(p->getValue<int64_t>("iit_fen"), 0);  // the wages' own tax is untouched
}

// 国家税务总局公告2020年第19号: paid by this agency every month of last year, 60,000 or less: the
// server says so and applies 60,000 from January; the worker may decline it.
TEST_F(Tax, TheSixtyThousandRuleIsProposedFromTheAgencysOwnRecords) {
  // The World's worker started 2025-01-01 at 4,000.00 a month: twelve approved months, 48,000.00.
  for (int m = 1; m <= 12; ++m) {
    char period[8];
    std::snprintf(period, sizeof period, "2025-%02d", m);
    approve(createRun(period));
  }
  auto t = tax("2026-01-15");
  EXPECT_EQ(t->getValue<std::string>("basic_deduction"), "annual_60000");
  EXPECT_NE(t->getValue<std::string>("annual_60000_proposed").find("48000.00"), std::string::npos)
      << t->getValue<std::string>("annual_60000_proposed");
  ASSERT_EQ(s.client().put("/api/v1/employments/" + str(w.own.employment) + "/tax-profile",
                           R"({"year":2026,"basic_deduction":"standard"})", w.tokens["agency_admin"]).status,
            200);
  EXPECT_EQ(tax("2026-01-15")->getValue<std::string>("basic_deduction"), "standard");
  // Last year's average of those months is the year's contribution base.
  auto p = slip(createRun("2026-01"));
  EXPECT_EQ(p->getValue<int64_t>("si_base_fen"), 400000);
}

// Labor Contract Law Art. 47: an agency ending a contract by agreement sees the severance owed with
// its working. The World's worker: 2025-01-01 to 2026-03-31, a year and three months (1.5 months),
// at the average of the three months paid, 4,000.00: 6,000.00.
TEST_F(Tax, EndingForAReasonThatOwesSeveranceSuggestsTheArt47AmountWithItsWorking) {
  approve(createRun("2026-01"));
  approve(createRun("2026-02"));
  approve(createRun("2026-03"));
  auto r = s.client().post("/api/v1/employments/" + str(w.own.employment) + "/end",
                           R"({"last_day":"2026-03-31","reason":"mutual_agreement"})", w.tokens["agency_admin"]);
  ASSERT_EQ(r.status, 200) << r.body;
  auto severance = r.json()->getObject("severance");
  ASSERT_TRUE(severance) << r.body;
  EXPECT_EQ(severance->getValue<int64_t>("amount_fen"), 600000);
  EXPECT_EQ(severance->getValue<double>("months"), 1.5);
  auto working = severance->getValue<std::string>("working");
  EXPECT_NE(working.find("4000.00 over 3 month(s) paid"), std::string::npos) << working;
  EXPECT_NE(working.find("no iit.severance_exempt_fen"), std::string::npos) << working;
  // Dismissed in probation, or for another reason: nothing suggested.
  auto other = s.create("/api/v1/employments",
                        test::hireBody(test::idNumber("330481", "19950505", 77), w.own.station, "2026-01-01", "", "另一人"),
                        w.admin);
  auto ended = s.client().post("/api/v1/employments/" + str(other) + "/end", R"({"last_day":"2026-03-31","reason":"other"})",
                               w.tokens["agency_admin"]);
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_TRUE(ended.json()->get("severance").isEmpty());
}
