// Benchmark: a seeded synthetic province — by default 100,000 workers in 1,000 agencies, with a
// salary scale, county policies and a year of history (assignments, certificates, eleven approved
// months of payslips) — then one month's payroll for every agency, timed, against the time the
// same engine takes to bulk-insert as many payslip rows directly. Run with
// tests/bench/payroll-bench.sh [WORKERS] [AGENCIES].
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "app/App.h"
#include "common/Crypto.h"
#include "pay/Scales.h"
#include "support/TestSupport.h"

using namespace sr;
using Clock = std::chrono::steady_clock;

namespace {
double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// CPU seconds used so far by this process (all threads) and, on MariaDB on this machine, by the
// server process. Wall time on the 2-core build machine wanders by a third from run to run (its
// disk writes a few MB/s and its host is shared); CPU time is what compares commits.
double ownCpu() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}
double serverCpu(db::Database& db) {
  if (db.engine() != db::Engine::mysql) return 0;
  auto pidFile = db.read<std::string>([](db::Connection& c) { return c.queryOne("SELECT @@pid_file AS f")->str("f"); });
  std::ifstream pf(pidFile);
  long pid = 0;
  if (!(pf >> pid)) return 0;
  std::ifstream st("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(st, line);
  auto close = line.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(line.substr(close + 2));
  std::string f;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i)
    if (i >= 14) ticks += std::atof(f.c_str());  // utime and stime
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A global status counter of MariaDB (0 on SQLite).
int64_t status(db::Database& db, const std::string& name) {
  if (db.engine() != db::Engine::mysql) return 0;
  return db.read<int64_t>([&](db::Connection& c) {
    auto v = c.queryOne("SELECT VARIABLE_VALUE AS v FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = ?", {name});
    return v ? std::atoll(v->str("v").c_str()) : int64_t{0};
  });
}

const std::string kSlipHead =
    "INSERT INTO payslips (run_id, employment_id, person_id, station_id, jurisdiction_path, period, paid_days, base_fen, "
    "allowances_fen, gross_fen, pension_fen, medical_fen, unemployment_fen, housing_fund_fen, special_deductions_fen, "
    "other_deductions_fen, taxable_ytd_fen, iit_fen, net_fen, ytd_income_fen, ytd_insurance_fen, ytd_special_fen, "
    "ytd_other_fen, ytd_tax_fen, months_employed)";
}  // namespace

int main(int argc, char** argv) {
  const int workers = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int agencies = argc > 2 ? std::atoi(argv[2]) : 1000;
  const int perAgency = workers / agencies;
  const int historyMonths = 11;  // January to November approved; December is timed
  std::mt19937 rng(20261123);    // seeded: the same province every time

  test::FreshDatabase fresh;
  auto settings = test::serverSettings(fresh.url());
  settings.payroll.backgroundThreshold = 1'000'000;  // time the computation itself, not a queue
  settings.logLevel = "warn";
  app::App app(settings);
  auto& db = app.database();
  protect::DataProtection protection(protect::parseMasterKey(test::kTestDataKey));

  auto t0 = Clock::now();
  std::vector<int64_t> agencyIds, stationIds;
  std::vector<std::string> stationPaths;
  db.transaction([&](db::Connection& c) {
    auto province = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES "
                             "('440000', '广东省', 'province', NULL, '/440000/', 0)");
    c.execute("INSERT INTO policy_versions (jurisdiction_id, effective_from, document, created_at) VALUES (?, '2020-01-01', ?, 0)",
              {province, "{" + std::string(test::kPayrollFigures) + "}"});
    // The illustrative scale for the province; a policy per county with its own housing-fund rate.
    auto preset = pay::scalePresets().front();
    c.execute("INSERT INTO salary_scales (jurisdiction_id, name, effective_from, grades, illustrative, document, created_at) "
              "VALUES (?, 'bench', '2020-01-01', 11, 1, ?, 0)",
              {province, std::string(preset.content)});
    int counties = std::max(1, agencies / 10);
    std::vector<std::pair<int64_t, std::string>> countyIds;
    for (int k = 0; k < counties; ++k) {
      char code[16];
      std::snprintf(code, sizeof code, "44%04d", 100 + k);
      auto id = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, 'county', ?, ?, 0)",
                         {std::string(code), "县" + std::to_string(k), province, std::string("/440000/") + code + "/"});
      countyIds.emplace_back(id, std::string("/440000/") + code + "/");
      c.execute("INSERT INTO policy_versions (jurisdiction_id, effective_from, document, created_at) VALUES (?, '2026-01-01', ?, 0)",
                {id, R"({"social_insurance":{"housing_fund_pct":)" + std::to_string(5 + k % 8) + "}}"});
    }
    for (int a = 0; a < agencies; ++a) {
      auto& [county, countyPath] = countyIds[static_cast<std::size_t>(a % counties)];
      char town[16];
      std::snprintf(town, sizeof town, "%s%03d", countyPath.substr(8, 6).c_str(), a / counties + 1);
      auto townId = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, 'town', ?, ?, 0)",
                             {std::string(town), "镇" + std::to_string(a), county, countyPath + town + "/"});
      auto agency = c.insert("INSERT INTO agencies (name, credit_code, rating, kind, jurisdiction_id, created_at) VALUES "
                             "(?, ?, '4A', 'ngo', ?, 0)",
                             {"机构" + std::to_string(a), test::creditCode(a + 1), county});
      stationIds.push_back(c.insert("INSERT INTO stations (name, jurisdiction_id, agency_id, created_at) VALUES (?, ?, ?, 0)",
                                    {"社工站" + std::to_string(a), townId, agency}));
      stationPaths.push_back(countyPath + town + "/");
      agencyIds.push_back(agency);
    }
  });
  // People, employments (started 2019-2025), assignments with an increment this January,
  // certificates for about a third, and eleven approved months of payslips.
  std::vector<db::Params> persons, employments, assignments, certificates;
  int64_t personId = 0;
  for (int a = 0; a < agencies; ++a)
    for (int i = 0; i < perAgency; ++i) {
      ++personId;
      auto id = "44" + std::to_string(100000000000000 + personId);
      persons.push_back({personId, crypto::toHex(crypto::randomBytes(32)), protection.seal("id_number", id), id.substr(0, 6) + "**********00",
                         "员工" + std::to_string(personId), "bachelor", int64_t{1},
                         protection.seal("bank_account", "62220200" + std::to_string(10000000 + personId)), "****1234",
                         int64_t{0}, int64_t{0}});
      int grade = 1 + static_cast<int>(rng() % 10);
      std::string post = "S" + std::to_string(1 + rng() % 4);
      char start[16];
      std::snprintf(start, sizeof start, "20%02d-%02d-01", 19 + static_cast<int>(rng() % 7), 1 + static_cast<int>(rng() % 12));
      auto sid = stationIds[static_cast<std::size_t>(a)];
      employments.push_back({personId, personId, agencyIds[static_cast<std::size_t>(a)], sid, stationPaths[static_cast<std::size_t>(a)],
                             post, int64_t{grade + 1}, "employed", std::string(start), personId, int64_t{0}, int64_t{0},
                             int64_t{80}});
      assignments.push_back({personId, std::string(start), sid, post, int64_t{grade}, "hire", int64_t{0}});
      assignments.push_back({personId, "2026-01-01", sid, post, int64_t{grade + 1}, "annual increment 2025", int64_t{0}});
      if (personId % 3 == 0)
        certificates.push_back({personId, "assistant", "C" + std::to_string(personId), "2024-06-01", "2027-05-31", int64_t{0}});
    }
  db.transaction([&](db::Connection& c) {
    test::bulkInsert(c, "INSERT INTO persons (id, id_hash, id_sealed, id_masked, name, education, social_work_major, "
                  "bank_sealed, bank_masked, created_at, updated_at)", 11, persons, 1000);
    test::bulkInsert(c, "INSERT INTO employments (id, person_id, agency_id, station_id, jurisdiction_path, post, grade, state, "
                  "start_date, active_person_id, created_at, updated_at, probation_pay_pct)", 13, employments, 1000);
    test::bulkInsert(c, "INSERT INTO assignments (employment_id, effective_on, station_id, post, grade, reason, created_at)", 7,
               assignments, 1000);
    test::bulkInsert(c, "INSERT INTO certificates (person_id, level, number, passed_on, registered_until, created_at)", 6, certificates, 1000);
  });
  // History: approved runs with plausible payslips for each month so far.
  for (int m = 1; m <= historyMonths; ++m) {
    char period[24];
    std::snprintf(period, sizeof period, "2026-%02d", m);
    db.transaction([&](db::Connection& c) {
      std::vector<db::Params> slips;
      for (int a = 0; a < agencies; ++a) {
        auto run = c.insert("INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, regular_key, status, "
                            "progress_done, progress_total, created_at) VALUES (?, '/440000/', ?, 'regular', ?, 'approved', "
                            "?, ?, 0)",
                            {agencyIds[static_cast<std::size_t>(a)], std::string(period),
                             std::to_string(agencyIds[static_cast<std::size_t>(a)]) + ":" + period, int64_t{perAgency},
                             int64_t{perAgency}});
        for (int i = 0; i < perAgency; ++i) {
          int64_t e = int64_t{a} * perAgency + i + 1;
          slips.push_back({run, e, e, stationIds[static_cast<std::size_t>(a)], stationPaths[static_cast<std::size_t>(a)],
                           std::string(period), int64_t{30}, int64_t{500000}, int64_t{0}, int64_t{500000}, int64_t{40000},
                           int64_t{10000}, int64_t{2500}, int64_t{25000}, int64_t{0}, int64_t{0}, int64_t{0}, int64_t{0},
                           int64_t{422500}, int64_t{500000} * m, int64_t{77500} * m, int64_t{0}, int64_t{0}, int64_t{0},
                           int64_t{m}});
        }
      }
      test::bulkInsert(c, kSlipHead, 25, slips, 1000);
    });
  }
  auto t1 = Clock::now();
  std::printf("engine: %s\nseeded %d workers in %d agencies with %d months of history in %.1f s\n",
              fresh.engine() == db::Engine::sqlite ? "sqlite" : "mysql", perAgency * agencies, agencies, historyMonths,
              seconds(t0, t1));
  std::fflush(stdout);

  auto ownCpu0 = ownCpu(), serverCpu0 = serverCpu(db);
  auto redo0 = status(db, "INNODB_OS_LOG_WRITTEN"), data0 = status(db, "INNODB_DATA_WRITTEN"),
       questions0 = status(db, "QUESTIONS");
  // One month's payroll for every agency.
  http::Principal admin;
  admin.userId = 1;
  admin.role = http::Role::admin;
  auto actor = http::systemActor("benchmark");
  auto t2 = Clock::now();
  int64_t payslips = 0;
  for (auto agency : agencyIds) {
    auto run = app.payrollRuns().create(admin, actor, agency, "2026-12").run;
    if (run->getValue<std::string>("status") != "draft") {
      std::fprintf(stderr, "run for agency %lld ended %s: %s\n", static_cast<long long>(agency),
                   run->getValue<std::string>("status").c_str(), json::stringify(run).c_str());
      return 1;
    }
    payslips += run->getObject("totals")->getValue<int64_t>("payslips");
  }
  auto t3 = Clock::now();
  auto ownCpu1 = ownCpu(), serverCpu1 = serverCpu(db);
  auto redo = status(db, "INNODB_OS_LOG_WRITTEN") - redo0, data = status(db, "INNODB_DATA_WRITTEN") - data0,
       questions = status(db, "QUESTIONS") - questions0;  // a handful are these status reads

  // The engine's own limit: the same number of payslip rows inserted directly, in the same chunks.
  std::vector<db::Params> rows;
  int64_t scratchRun = db.transact<int64_t>([&](db::Connection& c) {
    return c.insert("INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, status, progress_done, "
                    "progress_total, created_at) VALUES (?, '/440000/', '2027-01', 'regular', 'draft', 0, 0, 0)",
                    {agencyIds.front()});
  });
  for (int64_t e = 1; e <= payslips; ++e)
    rows.push_back({scratchRun, e, e, stationIds.front(), stationPaths.front(), "2027-01", int64_t{31}, int64_t{500000},
                    int64_t{0}, int64_t{500000}, int64_t{40000}, int64_t{10000}, int64_t{2500}, int64_t{25000}, int64_t{0},
                    int64_t{0}, int64_t{0}, int64_t{0}, int64_t{422500}, int64_t{6000000}, int64_t{930000}, int64_t{0},
                    int64_t{0}, int64_t{0}, int64_t{12}});
  auto t4 = Clock::now();
  for (std::size_t from = 0; from < rows.size(); from += 500) {
    std::vector<db::Params> chunk(rows.begin() + static_cast<std::ptrdiff_t>(from),
                                  rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), from + 500)));
    db.transaction([&](db::Connection& c) { test::bulkInsert(c, kSlipHead, 25, chunk, 1000); });
  }
  auto t5 = Clock::now();

  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double payroll = seconds(t2, t3), direct = seconds(t4, t5);
  std::printf("payroll: %lld payslips in %.2f s (%.0f payslips/s)\n", static_cast<long long>(payslips), payroll,
              static_cast<double>(payslips) / payroll);
  std::printf("payroll cpu: %.2f s here + %.2f s database server = %.2f s\n", ownCpu1 - ownCpu0,
              serverCpu1 - serverCpu0, ownCpu1 - ownCpu0 + serverCpu1 - serverCpu0);
  if (db.engine() == db::Engine::mysql)
    std::printf("server during payroll: %lld statements, %.0f MiB redo, %.0f MiB data written\n",
                static_cast<long long>(questions), static_cast<double>(redo) / 1048576.0, static_cast<double>(data) / 1048576.0);
  std::printf("direct insert of as many rows: %.2f s (payroll / direct = %.2f)\n", direct, payroll / direct);
  std::printf("peak memory: %.0f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
