// Issue #11, contracts that end: an unrenewed contract past its end date is expired and not paid
// after it; agencies see the contracts ending soon; a third consecutive fixed term needs the
// worker's request (Labor Contract Law Art. 14(3)). Over real HTTP on both engines.
#include <gtest/gtest.h>

#include <algorithm>

#include "World.h"
#include "app/App.h"
#include "workforce/Workforce.h"

using namespace sr;

namespace {
std::string str(int64_t v) { return std::to_string(v); }
}  // namespace

class ContractEnd : public ::testing::Test {
 protected:
  test::TestServer s;
  test::World w{s};
  int64_t hire(int serial, const std::string& start, const std::string& end) {
    return s.create("/api/v1/employments",
                    test::hireBody(test::idNumber("330481", "19920202", serial), w.own.station, start,
                                   R"(,"end_date":")" + end + "\"", "合同" + std::to_string(serial)),
                    w.tokens["agency_admin"]);
  }
  std::string status(int64_t employment) {
    return s.client().get("/api/v1/employments/" + str(employment), w.tokens["agency_admin"]).json()->getValue<std::string>("status");
  }
  json::Arr payslips(const std::string& period) {
    auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":")" + period + "\"}",
                             w.tokens["payroll_officer"]);
    EXPECT_EQ(r.status, 201) << r.body;
    return s.client().get("/api/v1/payroll-runs/" + str(r.json()->getValue<int64_t>("id")) + "/payslips", w.tokens["agency_admin"])
        .json()->getArray("items");
  }
  std::optional<json::Obj> slipOf(const json::Arr& slips, int64_t employment) {
    for (std::size_t i = 0; i < slips->size(); ++i)
      if (slips->getObject(static_cast<unsigned>(i))->getValue<int64_t>("employment_id") == employment)
        return slips->getObject(static_cast<unsigned>(i));
    return std::nullopt;
  }
};

// Measured on main: a contract that ended on 2026-06-30 still showed active and was paid in September.
TEST_F(ContractEnd, AnUnrenewedContractPastItsEndIsExpiredAndPaidToItsEndOnly) {
  auto e = hire(11, "2025-07-01", "2026-06-15");
  EXPECT_EQ(status(e), "expired");
  // The list's status filter says the same as the employment.
  auto listed = [&](const std::string& st) {
    auto items = s.client().get("/api/v1/employments?agency_id=" + str(w.own.agency) + "&status=" + st, w.tokens["agency_admin"])
                     .json()->getArray("items");
    for (std::size_t i = 0; i < items->size(); ++i)
      if (items->getObject(static_cast<unsigned>(i))->getValue<int64_t>("id") == e) return true;
    return false;
  };
  EXPECT_TRUE(listed("expired"));
  EXPECT_FALSE(listed("active"));
  EXPECT_TRUE(listed("current"));
  // It is filed with the bureau as a departure dated its end, once, however often the sweep runs.
  EXPECT_GE(s.app().employments().fileExpiredContracts(todayInChina()), 1);
  EXPECT_EQ(s.app().employments().fileExpiredContracts(todayInChina()), 0);
  auto filings = s.client().get("/api/v1/filings?employment_id=" + str(e), w.tokens["bureau"]).json()->getArray("items");
  int departures = 0;
  for (std::size_t i = 0; i < filings->size(); ++i) {
    auto f = filings->getObject(static_cast<unsigned>(i));
    if (f->getValue<std::string>("kind") == "departure") {
      ++departures;
      EXPECT_EQ(f->getValue<std::string>("event_on"), "2026-06-15");
    }
  }
  EXPECT_EQ(departures, 1);
  auto june = slipOf(payslips("2026-06"), e);
  ASSERT_TRUE(june);
  EXPECT_EQ((*june)->getValue<int64_t>("paid_days"), 15);
  EXPECT_FALSE(slipOf(payslips("2026-07"), e)) << "not paid after the contract's end";
  EXPECT_FALSE(slipOf(payslips("2026-09"), e));
}

TEST_F(ContractEnd, AgenciesSeeContractsEndingWithinTheWindowAndThoseExpired) {
  auto today = todayInChina();
  auto soon = hire(21, "2025-01-01", formatDate(addDays(today, 30)));
  auto later = hire(22, "2025-01-01", formatDate(addDays(today, 90)));
  auto expired = hire(23, "2025-01-01", formatDate(addDays(today, -3)));
  auto list = s.client().get("/api/v1/agencies/" + str(w.own.agency) + "/contracts-ending", w.tokens["payroll_officer"]);
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = list.json()->getArray("items");
  std::map<int64_t, json::Obj> byId;
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto o = items->getObject(static_cast<unsigned>(i));
    byId[o->getValue<int64_t>("employment_id")] = o;
  }
  ASSERT_TRUE(byId.count(soon));
  EXPECT_EQ(byId[soon]->getValue<int64_t>("days_left"), 30);
  EXPECT_FALSE(byId.count(later));
  ASSERT_TRUE(byId.count(expired));
  EXPECT_EQ(byId[expired]->getValue<int64_t>("days_left"), -3);
  EXPECT_EQ(items->getObject(0)->getValue<int64_t>("employment_id"), expired);  // soonest first
  EXPECT_EQ(s.client().get("/api/v1/agencies/" + str(w.own.agency) + "/contracts-ending?within_days=100",
                           w.tokens["agency_admin"]).json()->getArray("items")->size(),
            items->size() + 1);
}

// Measured on main: a third consecutive fixed-term contract was accepted with no word of Art. 14.
TEST_F(ContractEnd, TheThirdConsecutiveFixedTermIsRefusedUnlessTheWorkerAskedForIt) {
  auto e = hire(31, "2025-01-01", "2026-12-31");
  auto renew = [&](const std::string& body) {
    return s.client().post("/api/v1/employments/" + str(e) + "/renewals", body, w.tokens["agency_admin"]);
  };
  ASSERT_EQ(renew(R"({"end_date":"2027-12-31"})").status, 201);  // the second contract
  auto third = renew(R"({"end_date":"2028-12-31"})");
  EXPECT_EQ(third.status, 422);
  EXPECT_EQ(third.code(), "open_ended_required") << third.body;
  EXPECT_EQ(renew(R"({"open_ended":true,"end_date":"2028-12-31"})").field("end_date"), "must be null for an open-ended contract");
  auto requested = renew(R"({"end_date":"2028-12-31","worker_requested_fixed_term":true})");
  ASSERT_EQ(requested.status, 201) << requested.body;
  EXPECT_EQ(requested.json()->getValue<std::string>("end_date"), "2028-12-31");
  auto recorded = s.app().database().read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT worker_requested_fixed_term AS n FROM contracts WHERE employment_id = ? AND seq = 3", {e})->i64("n");
  });
  EXPECT_EQ(recorded, 1);
  auto open = renew(R"({"open_ended":true})");
  ASSERT_EQ(open.status, 201) << open.body;
  EXPECT_TRUE(open.json()->isNull("end_date"));
}

// Measured on main: adjustment runs did not recover pay from an employment ended retroactively.
TEST_F(ContractEnd, AnAdjustmentRecoversAMonthPaidToAnEmploymentEndedBeforeIt) {
  auto e = hire(41, "2025-01-01", "2027-12-31");
  w.user("admin_second", "agency_admin", "agency_id", w.own.agency);
  auto approver = s.login("admin_second", test::kUserPassword);
  auto created = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03"})",
                                 w.tokens["agency_admin"]);
  ASSERT_EQ(created.status, 201) << created.body;
  auto march = str(created.json()->getValue<int64_t>("id"));
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + march + "/approve", "", approver).status, 200);
  auto paid = slipOf(s.client().get("/api/v1/payroll-runs/" + march + "/payslips", approver).json()->getArray("items"), e);
  ASSERT_TRUE(paid);
  // Found out later: the worker left on 28 February.
  auto ended = s.client().post("/api/v1/employments/" + str(e) + "/end", R"({"last_day":"2026-02-28","reason":"mutual_agreement"})",
                               w.tokens["agency_admin"]);
  ASSERT_EQ(ended.status, 200) << ended.body;
  auto adjustment = s.client().post("/api/v1/payroll-runs",
                                    R"({"agency_id":)" + str(w.own.agency) + R"(,"period":"2026-03","adjusts_run_id":)" + march + "}",
                                    w.tokens["agency_admin"]);
  ASSERT_EQ(adjustment.status, 201) << adjustment.body;
  auto slips = s.client().get("/api/v1/payroll-runs/" + str(adjustment.json()->getValue<int64_t>("id")) + "/payslips", approver)
                   .json()->getArray("items");
  auto recovered = slipOf(slips, e);
  ASSERT_TRUE(recovered) << "the month paid to someone no longer employed in it is recovered";
  for (const char* k : {"base_fen", "gross_fen", "iit_fen", "net_fen", "pension_fen", "housing_fund_fen"})
    EXPECT_EQ((*recovered)->getValue<int64_t>(k), -(*paid)->getValue<int64_t>(k)) << k;
  EXPECT_EQ(slips->size(), 1u) << "the others were paid right";
  // A recovery is collected, not transferred: the approved adjustment's bank file has no line for it.
  auto id = str(adjustment.json()->getValue<int64_t>("id"));
  ASSERT_EQ(s.client().post("/api/v1/payroll-runs/" + id + "/approve", "", approver).status, 200);
  auto bank = s.client().get("/api/v1/payroll-runs/" + id + "/bank-file", approver);
  ASSERT_EQ(bank.status, 200) << bank.body;
  EXPECT_EQ(std::count(bank.body.begin(), bank.body.end(), '\n'), 1) << bank.body;  // the header only
}
