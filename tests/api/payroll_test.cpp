// Payroll runs over HTTP on both engines: computation, four eyes, locking, concurrency, background
// runs with progress, and what workers see.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "World.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class Payroll : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  test::HttpResult create(const std::string& period, const std::string& token) {
    return s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                           token);
  }
  json::Obj slipsOf(int64_t run, const std::string& token) {
    return s.client().get("/api/v1/payroll-runs/" + str(run) + "/payslips", token).json();
  }
};

TEST_F(Payroll, AFullMonthAtTheScaleAmountWithStatutoryDeductions) {
  auto r = create("2026-03", w.tokens["payroll_officer"]);
  ASSERT_EQ(r.status, 201) << r.body;
  auto run = r.json();
  EXPECT_EQ(run->getValue<std::string>("status"), "draft");
  auto items = slipsOf(run->getValue<int64_t>("id"), w.tokens["payroll_officer"])->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  auto slip = items->getObject(0);
  EXPECT_EQ(slip->getValue<int64_t>("employment_id"), w.own.employment);
  EXPECT_EQ(slip->getValue<int64_t>("base_fen"), 400000);        // S3 grade 1 on the illustrative scale
  EXPECT_EQ(slip->getValue<int64_t>("pension_fen"), 32000);      // 8 %
  EXPECT_EQ(slip->getValue<int64_t>("medical_fen"), 8000);       // 2 %
  EXPECT_EQ(slip->getValue<int64_t>("unemployment_fen"), 2000);  // 0.5 %
  EXPECT_EQ(slip->getValue<int64_t>("housing_fund_fen"), 20000); // 5 % (national default)
  EXPECT_EQ(slip->getValue<int64_t>("iit_fen"), 0);              // under 5,000 a month
  EXPECT_EQ(slip->getValue<int64_t>("net_fen"), 338000);
}

TEST_F(Payroll, ApprovalNeedsASecondAgencyAdminAndLocksThePeriod) {
  auto admin2 = w.user("agency_admin_two", "agency_admin", "agency_id", w.own.agency);
  (void)admin2;
  auto second = s.login("agency_admin_two", test::kUserPassword);
  auto mine = create("2026-04", w.tokens["agency_admin"]).json();
  auto id = str(mine->getValue<int64_t>("id"));
  auto self = s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", w.tokens["agency_admin"]);
  EXPECT_EQ(self.status, 403);
  EXPECT_EQ(self.code(), "four_eyes");
  EXPECT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", w.tokens["payroll_officer"]).status, 403);
  auto approved = s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", second);
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()->getValue<std::string>("status"), "approved");
  // Locked: no recomputation, no new run, no new pay items for the period.
  EXPECT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/recompute", "", w.tokens["payroll_officer"]).code(), "period_locked");
  EXPECT_EQ(create("2026-04", w.tokens["payroll_officer"]).code(), "period_locked");
  auto item = s.client().post("/api/v1/employments/" + str(w.own.employment) + "/pay-items",
                              R"({"period":"2026-04","kind":"allowance","name":"交通补贴","amount_fen":20000})",
                              w.tokens["payroll_officer"]);
  EXPECT_EQ(item.code(), "period_locked");
  EXPECT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/paid", "", second).json()->getValue<std::string>("status"), "paid");
  // The worker sees it once approved.
  auto slips = s.client().get("/api/v1/me/payslips", w.tokens["worker"]).json()->getArray("items");
  ASSERT_EQ(slips->size(), 1u);
  EXPECT_EQ(slips->getObject(0)->getValue<std::string>("period"), "2026-04");
}

// A person's page lists the employment's payslips (issue #16): approved ones only, in scope.
TEST_F(Payroll, AnEmploymentsPayslipsAreTheApprovedOnesNewestFirstInScope) {
  w.user("agency_admin_slips", "agency_admin", "agency_id", w.own.agency);
  auto second = s.login("agency_admin_slips", test::kUserPassword);
  auto path = "/api/v1/employments/" + str(w.own.employment) + "/payslips";
  auto approved = create("2026-03", w.tokens["agency_admin"]).json();
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + str(approved->getValue<int64_t>("id")) + "/approve", "", second).status, 200);
  create("2026-04", w.tokens["agency_admin"]);  // a draft: it may still change, so it is not listed
  auto slips = s.client().get(path, w.tokens["payroll_officer"]);
  ASSERT_EQ(slips.status, 200) << slips.body;
  auto items = slips.json()->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("period"), "2026-03");
  EXPECT_EQ(s.client().get(path, w.tokens["bureau"]).json()->getArray("items")->size(), 1u);
  // Another agency's employment is not found; a worker reads their own through /me/payslips.
  EXPECT_EQ(s.client().get("/api/v1/employments/" + str(w.other.employment) + "/payslips", w.tokens["agency_admin"]).status, 404);
  EXPECT_EQ(s.client().get(path, w.tokens["worker"]).status, 403);
}

TEST_F(Payroll, ASecondRunForThePeriodIsAConflictAndADraftCanBeRecomputed) {
  auto first = create("2026-05", w.tokens["payroll_officer"]).json();
  EXPECT_EQ(create("2026-05", w.tokens["payroll_officer"]).code(), "conflict");
  EXPECT_EQ(s.client().get("/api/v1/me/payslips", w.tokens["worker"]).json()->getArray("items")->size(), 0u);  // drafts are not shown
  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(w.own.employment) + "/pay-items",
                            R"({"period":"2026-05","kind":"allowance","name":"交通补贴","amount_fen":20000})",
                            w.tokens["payroll_officer"]).status, 201);
  auto again = s.client().post("/api/v1/payroll-runs/" + str(first->getValue<int64_t>("id")) + "/recompute", "",
                               w.tokens["payroll_officer"]);
  ASSERT_EQ(again.status, 200) << again.body;
  auto slip = slipsOf(first->getValue<int64_t>("id"), w.tokens["agency_admin"])->getArray("items")->getObject(0);
  EXPECT_EQ(slip->getValue<int64_t>("allowances_fen"), 20000);
  EXPECT_EQ(slip->getValue<int64_t>("gross_fen"), 420000);
}

// A run computed within the request is made, computed and audited in one transaction (issue #11:
// one writeset per run on a cluster). One that cannot be computed is still kept, failed with the
// reason and holding no payslips, and it leaves the period free for the run made once it is fixed.
TEST_F(Payroll, ARunThatCannotBeComputedInTheRequestIsKeptFailedAndFreesThePeriod) {
  auto setGrade = [&](int64_t grade) {
    s.app().database().transaction([&](db::Connection& c) {
      c.execute("UPDATE assignments SET grade = ? WHERE employment_id = ?", {grade, w.own.employment});
    });
  };
  setGrade(12);  // the illustrative scale has eleven grades: this placement has no pay
  auto r = create("2026-07", w.tokens["payroll_officer"]);
  ASSERT_EQ(r.status, 201) << r.body;
  auto failed = r.json();
  EXPECT_EQ(failed->getValue<std::string>("status"), "failed");
  EXPECT_NE(failed->getValue<std::string>("error").find("grade 12 is not on the scale"), std::string::npos) << r.body;
  auto id = failed->getValue<int64_t>("id");
  auto counts = s.app().database().read<std::pair<int64_t, int64_t>>([&](db::Connection& c) {
    return std::pair{c.queryOne("SELECT COUNT(*) AS n FROM payslips WHERE run_id = ?", {id})->i64("n"),
                     c.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'payroll_run.create' AND entity_id = ?",
                                {id})->i64("n")};
  });
  EXPECT_EQ(counts.first, 0);   // no payslips
  EXPECT_EQ(counts.second, 1);  // its creation audited
  setGrade(1);
  auto fixed = create("2026-07", w.tokens["payroll_officer"]);
  ASSERT_EQ(fixed.status, 201) << fixed.body;
  EXPECT_EQ(fixed.json()->getValue<std::string>("status"), "draft");
  EXPECT_EQ(fixed.json()->getObject("totals")->getValue<int64_t>("payslips"), 1);
}

TEST_F(Payroll, ManyConcurrentCreatesMakeExactlyOneRun) {
  std::atomic<int> created{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = create("2026-06", w.tokens["payroll_officer"]);
      if (r.status == 201 || r.status == 202) ++created;
      if (r.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(conflicts.load(), 7);
}

TEST_F(Payroll, TheYearSoFarCarriesFromOneApprovedMonthToTheNext) {
  auto second = (w.user("agency_admin_b", "agency_admin", "agency_id", w.own.agency), s.login("agency_admin_b", test::kUserPassword));
  ASSERT_EQ(s.client().put("/api/v1/employments/" + str(w.own.employment) + "/deductions", R"({"special_deductions_fen":100000})",
                           w.tokens["worker"]).status, 200);
  auto jan = create("2026-01", w.tokens["payroll_officer"]).json();
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + str(jan->getValue<int64_t>("id")) + "/approve", "", second).status, 200);
  auto feb = create("2026-02", w.tokens["payroll_officer"]).json();
  auto slip = slipsOf(feb->getValue<int64_t>("id"), second)->getArray("items")->getObject(0);
  // Two months: 8,000 gross − 10,000 allowance − 1,240 insurance − 2,000 special < 0 → nothing taxable.
  EXPECT_EQ(slip->getValue<int64_t>("taxable_ytd_fen"), 0);
  EXPECT_EQ(slip->getValue<int64_t>("special_deductions_fen"), 100000);
}

TEST(PayrollBackground, ALargeRunIsABackgroundJobWithProgress) {
  test::TestServer s([](app::Settings& st) { st.payroll.backgroundThreshold = 0; });
  test::World w(s);
  auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03"})",
                           w.tokens["payroll_officer"]);
  ASSERT_EQ(r.status, 202) << r.body;
  auto id = str(r.json()->getValue<int64_t>("id"));
  std::string status = "computing";
  json::Obj run;
  for (int i = 0; i < 100 && status == "computing"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    run = s.client().get("/api/v1/payroll-runs/" + id, w.tokens["payroll_officer"]).json();
    status = run->getValue<std::string>("status");
  }
  ASSERT_EQ(status, "draft");
  EXPECT_EQ(run->getObject("progress")->getValue<int>("percent"), 100);
  EXPECT_EQ(run->getObject("totals")->getValue<int64_t>("payslips"), 1);
}

TEST_F(Payroll, BankFilePrintablePayslipAndFundingSummary) {
  auto second = (w.user("agency_admin_c", "agency_admin", "agency_id", w.own.agency), s.login("agency_admin_c", test::kUserPassword));
  ASSERT_EQ(s.client().put("/api/v1/jurisdictions/" + str(w.own.county) + "/policy",
                           R"({"effective_from":"2020-01-01","funding":{"per_worker_year_fen":5000000,"province_share_pct":60,"local_share_pct":40}})",
                           w.admin).status, 200);
  auto run = create("2026-03", w.tokens["payroll_officer"]).json();
  auto id = str(run->getValue<int64_t>("id"));
  EXPECT_EQ(s.client().get("/api/v1/payroll-runs/" + id + "/bank-file", second).status, 409);  // not approved yet
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", second).status, 200);
  auto bank = s.client().get("/api/v1/payroll-runs/" + id + "/bank-file", second);
  ASSERT_EQ(bank.status, 200) << bank.body;
  // UTF-8 with a BOM, account numbers as text for Excel, no internal ids (issue #14).
  EXPECT_EQ(bank.body.rfind("\xEF\xBB\xBF序号,姓名,银行账号,金额(元),期间\r\n", 0), 0u) << bank.body;
  EXPECT_NE(bank.body.find(",=\"6222020200112233446\",3380.00,2026-03"), std::string::npos) << bank.body;
  EXPECT_EQ(s.client().get("/api/v1/payroll-runs/" + id + "/bank-file", w.tokens["payroll_officer"]).status, 403);
  auto audit = s.client().get("/api/v1/audit?limit=500", w.admin).body;
  EXPECT_NE(audit.find("payroll_run.bank_file"), std::string::npos);
  // The worker prints their own payslip; the other side's bureau cannot.
  auto slip = s.client().get("/api/v1/me/payslips", w.tokens["worker"]).json()->getArray("items")->getObject(0);
  auto print = s.client().get("/api/v1/payslips/" + str(slip->getValue<int64_t>("id")) + "/print", w.tokens["worker"]);
  ASSERT_EQ(print.status, 200);
  EXPECT_NE(print.body.find("实发工资</th><td>3380.00"), std::string::npos) << print.body;
  EXPECT_EQ(print.body.find(w.own.idNumber), std::string::npos);  // masked on paper too
  // Issue #13, finding 9: the print page had no CSP; now it may run nothing and load nothing.
  EXPECT_EQ(print.headers["Content-Security-Policy"],
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  // Funding: 4,000 gross, 60 % province and 40 % local; budget 50,000 a year = 4,166.67 a month.
  auto funding = s.client().get("/api/v1/jurisdictions/" + str(w.own.county) + "/funding?period=2026-03", w.tokens["bureau"]);
  ASSERT_EQ(funding.status, 200) << funding.body;
  auto f = funding.json();
  EXPECT_EQ(f->getValue<int64_t>("gross_fen"), 400000);
  EXPECT_EQ(f->getValue<int64_t>("province_fen"), 240000);
  EXPECT_EQ(f->getValue<int64_t>("local_fen"), 160000);
  EXPECT_EQ(f->getValue<int64_t>("budget_fen"), 416667);
}

TEST_F(Payroll, CorrectionsOfAnApprovedPeriodGoIntoAnAdjustmentRunOfDifferences) {
  auto second = (w.user("agency_admin_d", "agency_admin", "agency_id", w.own.agency), s.login("agency_admin_d", test::kUserPassword));
  auto original = create("2026-03", w.tokens["payroll_officer"]).json();
  auto originalId = original->getValue<int64_t>("id");
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + str(originalId) + "/approve", "", second).status, 200);
  // Found afterwards: a missed 200 allowance for March, and a grade step from 16 March.
  EXPECT_EQ(s.client().post("/api/v1/employments/" + str(w.own.employment) + "/pay-items",
                            R"({"period":"2026-03","kind":"allowance","name":"补发交通补贴","amount_fen":20000})",
                            w.tokens["payroll_officer"]).code(), "period_locked");
  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(w.own.employment) + "/pay-items",
                            R"({"period":"2026-03","kind":"allowance","name":"补发交通补贴","amount_fen":20000,"for_adjustment":true})",
                            w.tokens["payroll_officer"]).status, 201);
  ASSERT_EQ(s.client().post("/api/v1/employments/" + str(w.own.employment) + "/changes",
                            R"({"effective_on":"2026-03-16","grade":2,"reason":"补定级"})", w.tokens["agency_admin"]).status, 201);
  auto bad = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-04","adjusts_run_id":)" +
                                                         str(originalId) + "}", w.tokens["payroll_officer"]);
  EXPECT_EQ(bad.status, 422);
  auto adj = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03","adjusts_run_id":)" +
                                                         str(originalId) + "}", w.tokens["payroll_officer"]);
  ASSERT_EQ(adj.status, 201) << adj.body;
  EXPECT_EQ(adj.json()->getValue<std::string>("kind"), "adjustment");
  auto slip = slipsOf(adj.json()->getValue<int64_t>("id"), second)->getArray("items")->getObject(0);
  // 16 of 31 days at 4,150 instead of 4,000: 77.42 more base; plus the 200 allowance.
  EXPECT_EQ(slip->getValue<int64_t>("base_fen"), 7742);
  EXPECT_EQ(slip->getValue<int64_t>("allowances_fen"), 20000);
  EXPECT_EQ(slip->getValue<int64_t>("gross_fen"), 27742);
  // The original stays exactly as approved.
  auto kept = slipsOf(originalId, second)->getArray("items")->getObject(0);
  EXPECT_EQ(kept->getValue<int64_t>("gross_fen"), 400000);
}
