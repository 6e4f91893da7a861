// Benchmark (issue #14): the payroll register of one run of 100,000 payslips, exported over real
// HTTP as .xlsx by a payroll officer (whole ID numbers, each unsealed), timed, with the process's
// peak memory during the export (server and client share the process; the peak is reset after
// seeding through /proc/self/clear_refs). Run with tests/bench/export-bench.sh [PAYSLIPS].
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "common/Crypto.h"
#include "common/DataProtection.h"
#include "support/TestSupport.h"

using namespace sr;
using Clock = std::chrono::steady_clock;
constexpr const char* kOfficerPassword = "bench-officer-password-1";

namespace {
long statusKb(const char* key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) return std::atol(line.c_str() + std::string(key).size());
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const int payslips = argc > 1 ? std::atoi(argv[1]) : 100000;
  test::TestServer s;
  auto admin = s.adminToken();
  protect::DataProtection protection(protect::parseMasterKey(test::kTestDataKey));
  int64_t agency = 0, station = 0, run = 0;
  s.app().database().transaction([&](db::Connection& c) {
    auto province = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES "
                             "('440000', '广东省', 'province', NULL, '/440000/', 0)");
    auto town = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES "
                         "('440100001', '镇', 'town', ?, '/440000/440100001/', 0)",
                         {province});
    agency = c.insert("INSERT INTO agencies (name, credit_code, rating, kind, jurisdiction_id, created_at) VALUES "
                      "('机构', ?, '4A', 'ngo', ?, 0)",
                      {test::creditCode(1), province});
    station = c.insert("INSERT INTO stations (name, jurisdiction_id, agency_id, created_at) VALUES ('社工站', ?, ?, 0)",
                       {town, agency});
    run = c.insert("INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, regular_key, status, "
                   "progress_done, progress_total, created_at) VALUES (?, '/440000/440100001/', '2026-12', 'regular', "
                   "'bench', 'approved', ?, ?, 0)",
                   {agency, int64_t{payslips}, int64_t{payslips}});
  });
  std::vector<db::Params> persons, slips;
  for (int64_t i = 1; i <= payslips; ++i) {
    auto id = test::idNumber("4401" + std::to_string(10 + i / 1000 % 90), "19900101", static_cast<int>(i % 1000));
    persons.push_back({i, crypto::toHex(crypto::randomBytes(32)), protection.seal("id_number", id), id.substr(0, 6) + "**********",
                       "员工" + std::to_string(i), "bachelor", int64_t{1}, int64_t{0}, int64_t{0}});
    int64_t base = 400000 + (i % 50) * 1000, gross = base + 30000, pension = gross * 8 / 100, medical = gross * 2 / 100,
            unemployment = gross / 200, fund = gross * 5 / 100, iit = (i % 7) * 1234;
    slips.push_back({run, i, i, station, std::string("/440000/440100001/"), std::string("2026-12"), int64_t{31}, base,
                     int64_t{30000}, gross, pension, medical, unemployment, fund, int64_t{0}, int64_t{0}, int64_t{0}, iit,
                     gross - pension - medical - unemployment - fund - iit, gross * 12, int64_t{0}, int64_t{0}, int64_t{0},
                     iit * 12, int64_t{12}, gross, gross, gross * 16 / 100, gross * 95 / 1000, gross / 100, gross / 500, fund});
  }
  s.app().database().transaction([&](db::Connection& c) {
    test::bulkInsert(c, "INSERT INTO persons (id, id_hash, id_sealed, id_masked, name, education, social_work_major, created_at, "
                  "updated_at)", 9, persons);
    test::bulkInsert(c, "INSERT INTO payslips (run_id, employment_id, person_id, station_id, jurisdiction_path, period, paid_days, "
                  "base_fen, allowances_fen, gross_fen, pension_fen, medical_fen, unemployment_fen, housing_fund_fen, "
                  "special_deductions_fen, other_deductions_fen, taxable_ytd_fen, iit_fen, net_fen, ytd_income_fen, "
                  "ytd_insurance_fen, ytd_special_fen, ytd_other_fen, ytd_tax_fen, months_employed, si_base_fen, hf_base_fen, "
                  "employer_pension_fen, employer_medical_fen, employer_unemployment_fen, employer_injury_fen, "
                  "employer_housing_fund_fen)", 32, slips);
  });
  persons.clear();
  persons.shrink_to_fit();
  slips.clear();
  slips.shrink_to_fit();
  s.create("/api/v1/users",
           R"({"username":"payroll","password":")" + std::string(kOfficerPassword) +
               R"(","role":"payroll_officer","agency_id":)" + std::to_string(agency) + "}",
           admin);
  auto officer = s.login("payroll", kOfficerPassword);

  std::ofstream("/proc/self/clear_refs") << "5";  // the peak counts from here
  long before = statusKb("VmRSS:");
  auto t0 = Clock::now();
  auto res = s.client().get("/api/v1/payroll-runs/" + std::to_string(run) + "/exports/register", officer);
  auto t1 = Clock::now();
  long peak = statusKb("VmHWM:");
  if (res.status != 200) {
    std::fprintf(stderr, "export failed: %d %s\n", res.status, res.body.substr(0, 500).c_str());
    return 1;
  }
  std::printf("engine: %s\npayslips: %d\nregister.xlsx: %.2f s, %zu bytes\nprocess RSS before: %ld MB, peak during export: %ld MB "
              "(+%ld MB)\n",
              std::getenv("SOCIALROLL_TEST_ENGINE") ? std::getenv("SOCIALROLL_TEST_ENGINE") : "sqlite", payslips,
              std::chrono::duration<double>(t1 - t0).count(), res.body.size(), before / 1024, peak / 1024,
              (peak - before) / 1024);
  return 0;
}
