// A payroll run cut short by a crash (status still "computing", some payslips written) is marked
// failed with no payslips at the next start, and its period is free for a new run; a run whose
// server is alive (fresh heartbeat, another server on the same database) is left alone.
#include <gtest/gtest.h>

#include "app/App.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
// A bare agency to hang a payroll run on; returns its id.
int64_t agency(db::Connection& c, int n) {
  auto j = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES "
                    "('330000', '浙江省', 'province', NULL, '/330000/', 0)");
  return c.insert("INSERT INTO agencies (name, credit_code, rating, kind, jurisdiction_id, created_at) VALUES "
                  "('机构', ?, NULL, 'ngo', ?, 0)",
                  {test::creditCode(n), j});
}
}  // namespace

TEST(PayrollRecovery, ARunLeftComputingIsMarkedFailedWithNoPayslipsAtTheNextStart) {
  test::FreshDatabase db;
  auto settings = test::serverSettings(db.url());
  int64_t run = 0;
  {
    app::App first(settings);
    run = first.database().transact<int64_t>([](db::Connection& c) {
      auto a = agency(c, 7);
      auto r = c.insert("INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, regular_key, status, "
                        "progress_done, progress_total, created_at) VALUES (?, '/330000/', '2026-03', 'regular', ?, "
                        "'computing', 500, 2000, 0)",
                        {a, std::to_string(a) + ":2026-03"});
      // Half-written: one chunk of payslips made it to disk before the crash.
      c.execute("INSERT INTO payslips (run_id, employment_id, person_id, station_id, jurisdiction_path, period, paid_days, "
                "base_fen, allowances_fen, gross_fen, pension_fen, medical_fen, unemployment_fen, housing_fund_fen, "
                "special_deductions_fen, other_deductions_fen, taxable_ytd_fen, iit_fen, net_fen, ytd_income_fen, "
                "ytd_insurance_fen, ytd_special_fen, ytd_other_fen, ytd_tax_fen, months_employed) VALUES "
                "(?, 1, 1, 1, '/330000/', '2026-03', 31, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 3)",
                {r});
      return r;
    });
  }
  app::App second(settings);  // the restart
  auto row = second.database().read<db::Row>([&](db::Connection& c) {
    return *c.queryOne("SELECT status, regular_key, error, (SELECT COUNT(*) FROM payslips WHERE run_id = ?) AS slips "
                       "FROM payroll_runs WHERE id = ?",
                       {run, run});
  });
  EXPECT_EQ(row.str("status"), "failed");
  EXPECT_TRUE(row.isNull("regular_key"));
  EXPECT_EQ(row.i64("slips"), 0);
  EXPECT_NE(row.str("error").find("interrupted"), std::string::npos);
}

TEST(PayrollRecovery, ARunWithAFreshHeartbeatBelongsToALiveServerAndIsLeftAlone) {
  test::FreshDatabase db;
  auto settings = test::serverSettings(db.url());
  int64_t run = 0;
  {
    app::App first(settings);
    run = first.database().transact<int64_t>([](db::Connection& c) {
      auto a = agency(c, 8);
      return c.insert("INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, regular_key, status, "
                      "progress_done, progress_total, created_at, heartbeat_at) VALUES (?, '/330000/', '2026-03', "
                      "'regular', ?, 'computing', 500, 2000, 0, ?)",
                      {a, std::to_string(a) + ":2026-03", nowSeconds()});
    });
  }
  app::App second(settings);  // another server starting while the first computes
  auto status = second.database().read<std::string>([&](db::Connection& c) {
    return c.queryOne("SELECT status FROM payroll_runs WHERE id = ?", {run})->str("status");
  });
  EXPECT_EQ(status, "computing");
}
