#include "payroll/Runs.h"

#include <deque>
#include <map>
#include <set>

#include <spdlog/spdlog.h>

#include "common/Crypto.h"
#include "payroll/PayInputs.h"
#include "policy/PolicyRules.h"

namespace sr::payroll {

using std::chrono::year_month;

// ---------------------------------------------------------------- helpers
std::optional<year_month> parsePeriod(std::string_view text) {
  auto d = parseDate(std::string(text) + "-01");
  if (text.size() != 7 || !d) return std::nullopt;
  return year_month{d->year(), d->month()};
}

std::optional<std::string> periodProblem(std::string_view text, const Date& today) {
  auto ym = parsePeriod(text);
  if (!ym) return "must be YYYY-MM";
  auto latest = year_month{today.year(), today.month()} + std::chrono::months{1};
  if (*ym < year_month{std::chrono::year{2000}, std::chrono::January} || *ym > latest)
    return "must be from 2000-01 to " + formatDate(pay::firstDay(latest)).substr(0, 7);
  return std::nullopt;
}

namespace {

constexpr std::string_view kRunCols =
    "SELECT id, agency_id, jurisdiction_path, period, kind, adjusts_run_id, status, progress_done, progress_total, error, "
    "totals, created_by, approved_by, created_at, computed_at, approved_at, paid_at, expected_payslips, lease_token FROM payroll_runs";

// The writer of a computing run found its lease gone: another server failed the run (it was taken
// for dead) and may already have made a new one. The writer stops and touches nothing.
struct LeaseLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string newLease() { return crypto::base64Url(crypto::randomBytes(18)); }

// The fence every write of a computation passes first: it refreshes the heartbeat and progress only
// while the run is still computing under this lease, and in a transaction it holds the run's row
// until COMMIT, so a sweep failing the run either goes first (and this finds nothing) or after.
void fence(db::Connection& c, int64_t runId, const std::string& lease, int64_t done, int64_t total) {
  if (c.execute("UPDATE payroll_runs SET progress_done = ?, progress_total = ?, heartbeat_at = ? WHERE id = ? AND "
                "status = 'computing' AND lease_token = ?",
                {done, total, nowSeconds(), runId, lease}) != 1)
    throw LeaseLost("payroll run " + std::to_string(runId) + " is no longer computing under this server's lease");
}

constexpr std::string_view kSlipCols =
    "SELECT s.id, s.run_id, s.employment_id, s.person_id, s.station_id, s.period, s.paid_days, s.base_fen, "
    "s.allowances_fen, s.gross_fen, s.pension_fen, s.medical_fen, s.unemployment_fen, s.housing_fund_fen, "
    "s.special_deductions_fen, s.other_deductions_fen, s.taxable_ytd_fen, s.iit_fen, s.net_fen, s.si_base_fen, "
    "s.hf_base_fen, s.employer_pension_fen, s.employer_medical_fen, s.employer_unemployment_fen, "
    "s.employer_injury_fen, s.employer_housing_fund_fen, s.annual_bonus_fen, s.annual_bonus_iit_fen, s.bonus_separate, "
    "s.severance_fen, s.severance_iit_fen FROM payslips s";

constexpr const char* kEmployerCols[] = {"employer_pension_fen", "employer_medical_fen", "employer_unemployment_fen",
                                         "employer_injury_fen", "employer_housing_fund_fen"};

json::Obj slipJson(const db::Row& r) {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("run_id", r.i64("run_id"));
  o->set("employment_id", r.i64("employment_id"));
  o->set("period", r.str("period"));
  o->set("paid_days", r.i64("paid_days"));
  for (const char* k : {"base_fen", "allowances_fen", "gross_fen", "pension_fen", "medical_fen", "unemployment_fen",
                        "housing_fund_fen", "special_deductions_fen", "other_deductions_fen", "taxable_ytd_fen", "iit_fen",
                        "net_fen", "si_base_fen", "hf_base_fen", "annual_bonus_fen", "annual_bonus_iit_fen", "severance_fen",
                        "severance_iit_fen"})
    o->set(k, r.i64(k));
  o->set("annual_bonus_separate", r.i64("bonus_separate") != 0);
  // The agency's side: contributions on top of gross, and what the worker costs it in all.
  int64_t employer = 0;
  for (const char* k : kEmployerCols) {
    o->set(k, r.i64(k));
    employer += r.i64(k);
  }
  o->set("employer_total_fen", employer);
  o->set("labour_cost_fen", r.i64("gross_fen") + employer);
  return o;
}

// What the period's approved or paid runs (other than `runId`) already issued, per employment, with
// where it went and the year-to-date its latest payslip carried: an adjustment pays the difference,
// and recovers the whole of it from an employment that no longer qualifies for the period.
struct Issued {
  pay::Payslip slip;
  int64_t personId = 0, stationId = 0;
  std::string path;
  std::optional<std::string> bankSealed;
  pay::YearToDate ytd;  // after the latest issued payslip, monthsEmployed included
  int64_t separateBonus = 0;  // the bonus issued that was taxed on its own, outside taxable income
};
std::map<int64_t, Issued> issuedFor(db::Connection& c, int64_t agencyId, const std::string& period, int64_t runId) {
  std::map<int64_t, Issued> issued;
  const db::Params params{agencyId, period, runId};
  for (auto& r : c.query("SELECT s.employment_id, SUM(s.base_fen) AS base, SUM(s.allowances_fen) AS allowances, "
                         "SUM(s.gross_fen) AS gross, SUM(s.pension_fen) AS pension, SUM(s.medical_fen) AS medical, "
                         "SUM(s.unemployment_fen) AS unemployment, SUM(s.housing_fund_fen) AS housing, "
                         "SUM(s.employer_pension_fen) AS e_pension, SUM(s.employer_medical_fen) AS e_medical, "
                         "SUM(s.employer_unemployment_fen) AS e_unemployment, SUM(s.employer_injury_fen) AS e_injury, "
                         "SUM(s.employer_housing_fund_fen) AS e_housing, SUM(s.annual_bonus_fen) AS bonus, "
                         "SUM(s.annual_bonus_iit_fen) AS bonus_iit, SUM(s.severance_fen) AS severance, "
                         "SUM(s.severance_iit_fen) AS severance_iit, "
                         "SUM(CASE WHEN s.bonus_separate = 1 THEN s.annual_bonus_fen ELSE 0 END) AS bonus_alone, "
                         "SUM(s.special_deductions_fen) AS special, SUM(s.other_deductions_fen) AS other, "
                         "SUM(s.iit_fen) AS iit, SUM(s.net_fen) AS net FROM payslips s JOIN payroll_runs r ON "
                         "r.id = s.run_id WHERE r.agency_id = ? AND r.period = ? AND r.status IN ('approved', 'paid') "
                         "AND r.id <> ? GROUP BY s.employment_id",
                         params)) {
    auto& issue = issued[r.i64("employment_id")];
    issue.separateBonus = r.i64("bonus_alone");
    auto& x = issue.slip;
    x.base = r.i64("base");
    x.allowances = r.i64("allowances");
    x.gross = r.i64("gross");
    x.insurance = {r.i64("pension"), r.i64("medical"), r.i64("unemployment"), 0, r.i64("housing")};
    x.employer = {r.i64("e_pension"), r.i64("e_medical"), r.i64("e_unemployment"), r.i64("e_injury"), r.i64("e_housing")};
    x.annualBonus = r.i64("bonus");
    x.annualBonusIit = r.i64("bonus_iit");
    x.severance = r.i64("severance");
    x.severanceIit = r.i64("severance_iit");
    x.specialDeductions = r.i64("special");
    x.otherDeductions = r.i64("other");
    x.iit = r.i64("iit");
    x.net = r.i64("net");
  }
  for (auto& r : c.query("SELECT s.employment_id, s.person_id, s.station_id, s.jurisdiction_path, s.bank_sealed, "
                         "s.ytd_income_fen, s.ytd_insurance_fen, s.ytd_special_fen, s.ytd_other_fen, s.ytd_tax_fen, "
                         "s.months_employed, s.ytd_paid_months, s.ytd_wages_fen FROM payslips s WHERE s.id IN (SELECT MAX(s2.id) FROM payslips s2 JOIN "
                         "payroll_runs r ON r.id = s2.run_id WHERE r.agency_id = ? AND r.period = ? AND r.status IN "
                         "('approved', 'paid') AND r.id <> ? GROUP BY s2.employment_id)",
                         params)) {
    auto& x = issued[r.i64("employment_id")];
    x.personId = r.i64("person_id");
    x.stationId = r.i64("station_id");
    x.path = r.str("jurisdiction_path");
    x.bankSealed = r.optStr("bank_sealed");
    x.ytd = {r.i64("ytd_income_fen"), r.i64("ytd_insurance_fen"), r.i64("ytd_special_fen"), r.i64("ytd_other_fen"),
             static_cast<int>(r.i64("months_employed")), r.i64("ytd_tax_fen"), static_cast<int>(r.i64("ytd_paid_months")),
             r.i64("ytd_wages_fen"), std::nullopt};
  }
  return issued;
}
}  // namespace

json::Obj RunService::Run::toJson() const {
  auto o = json::object();
  o->set("id", id);
  o->set("agency_id", agencyId);
  o->set("period", period);
  o->set("kind", kind);
  o->set("status", status);
  auto progress = json::object();
  progress->set("done", progressDone);
  progress->set("total", progressTotal);
  progress->set("percent", progressTotal == 0 ? (status == "computing" ? 0 : 100) : progressDone * 100 / progressTotal);
  o->set("progress", progress);
  o->set("error", json::orNull(error));
  o->set("totals", totals ? Poco::Dynamic::Var(json::parseObject(*totals)) : Poco::Dynamic::Var());
  o->set("created_by", json::orNull(createdBy));
  o->set("approved_by", json::orNull(approvedBy));
  o->set("created_at", rfc3339(createdAt));
  auto time = [](const std::optional<int64_t>& t) { return t ? Poco::Dynamic::Var(rfc3339(*t)) : Poco::Dynamic::Var(); };
  o->set("computed_at", time(computedAt));
  o->set("approved_at", time(approvedAt));
  o->set("paid_at", time(paidAt));
  return o;
}

RunService::Run RunService::runFrom(const db::Row& r) {
  Run run;
  run.id = r.i64("id");
  run.agencyId = r.i64("agency_id");
  run.jurisdictionPath = r.str("jurisdiction_path");
  run.period = r.str("period");
  run.kind = r.str("kind");
  run.status = r.str("status");
  run.progressDone = static_cast<int>(r.i64("progress_done"));
  run.progressTotal = static_cast<int>(r.i64("progress_total"));
  run.error = r.optStr("error");
  run.totals = r.optStr("totals");
  run.createdBy = r.optI64("created_by");
  run.approvedBy = r.optI64("approved_by");
  run.createdAt = r.i64("created_at");
  run.computedAt = r.optI64("computed_at");
  run.approvedAt = r.optI64("approved_at");
  run.paidAt = r.optI64("paid_at");
  run.expectedPayslips = r.optI64("expected_payslips");
  run.leaseToken = r.optStr("lease_token");
  return run;
}


RunService::Run RunService::load(db::Connection& c, int64_t id, bool lock) const {
  auto r = c.queryOne(std::string(kRunCols) + " WHERE id = ?" + std::string(lock ? c.forUpdate() : ""), {id});
  if (!r) throwNotFound("Payroll run");
  return runFrom(*r);
}

RunService::Run RunService::runFor(const http::Principal& p, int64_t id) const {
  auto run = db_.read<Run>([&](db::Connection& c) { return load(c, id, false); });
  access::require(p, {run.jurisdictionPath, run.agencyId, std::nullopt});
  return run;
}

bool RunService::periodLocked(db::Connection& c, int64_t agencyId, const std::string& period) const {
  return c.queryOne("SELECT id FROM payroll_runs WHERE agency_id = ? AND period = ? AND status IN ('approved', 'paid')",
                    {agencyId, period})
      .has_value();
}

int RunService::recoverInterrupted(bool atStart) {
  const int64_t staleBefore = nowSeconds() - settings_.staleSeconds;
  // Our own previous incarnation's runs only at start: later the same instance id is this server's live work.
  const std::string mine = atStart ? settings_.instanceId : std::string();
  return db_.transact<int>([&](db::Connection& c) {
    auto rows = c.query("SELECT id, jurisdiction_path FROM payroll_runs WHERE status = 'computing' AND "
                        "(heartbeat_at IS NULL OR heartbeat_at < ? OR lease_instance = ?)",
                        {staleBefore, mine});
    int failed = 0;
    for (const auto& r : rows) {
      // Conditional: a run whose writer renewed its heartbeat since the SELECT is left alone, and two
      // servers sweeping at once fail it once.
      if (c.execute("UPDATE payroll_runs SET status = 'failed', regular_key = NULL, lease_token = NULL, progress_done = 0, "
                    "error = 'interrupted: the server computing it stopped; no payslips were kept, create the run again' "
                    "WHERE id = ? AND status = 'computing' AND (heartbeat_at IS NULL OR heartbeat_at < ? OR lease_instance = ?)",
                    {r.i64("id"), staleBefore, mine}) != 1)
        continue;
      c.execute("DELETE FROM payslips WHERE run_id = ?", {r.i64("id")});
      auto after = json::object();
      after->set("status", "failed");
      audit_.append(c, http::systemActor(atStart ? "start-up recovery" : "stale-run sweep"),
                    {"payroll_run.recover", "payroll_run", r.i64("id"), r.str("jurisdiction_path"), nullptr, after});
      ++failed;
    }
    return failed;
  });
}

void RunService::requireCompletePolicies(int64_t agencyId, const Date& on, bool severance) const {
  // Every place the agency runs a station in: figures the law leaves to a place are never
  // assumed, so a run is refused up front naming each missing key and where to set it. The
  // severance exemption is needed only when the month pays severance.
  std::vector<FieldError> errors;
  for (const auto& place : org_.placesOfAgency(agencyId)) {
    auto policy = policy_.effective(place, on).effective.policy;
    auto missing = policy::missingForPayroll(policy);
    if (severance && !(policy->getObject("iit") && policy->getObject("iit")->has("severance_exempt_fen")))
      missing.push_back("iit.severance_exempt_fen");
    for (const auto& key : missing)
      errors.push_back({key, "is not set for " + place.name + " (" + place.code + ") or any place above it"});
  }
  if (!errors.empty()) {
    auto detail = "The policy lacks " + std::to_string(errors.size()) + " figure(s) payroll needs; the bureau sets them.";
    throw Error(Code::policy_incomplete, detail, std::move(errors));
  }
}

RunService::Started RunService::create(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                       const std::string& period, const std::optional<int64_t>& adjusts) {
  // Everything checked before the run exists is read in one snapshot: on a Galera cluster each
  // autocommit read first waits for the cluster (wsrep_sync_wait), a snapshot waits once.
  struct Checked {
    org::Agency agency;
    int employments = 0;
  };
  const auto checked = db_.snapshot<Checked>([&](db::Connection& c) {
    auto found = org_.agencyFor(p, agencyId);
    if (auto problem = periodProblem(period, todayInChina()))
      throw Error(Code::validation_failed, "Invalid period.", {{"period", *problem}});
    auto ym = parsePeriod(period);
    // Who will be paid and whether the month pays severance, in one round trip (a run is per
    // agency, so its fixed reads are counted). How many decides where the run is computed: here,
    // answering when it is done, or in a background job; the count is also the progress bar's
    // first total.
    const auto first = formatDate(pay::firstDay(*ym)), last = formatDate(pay::lastDay(*ym));
    auto r = c.queryOne("SELECT COUNT(*) AS n, EXISTS (SELECT 1 FROM pay_items i JOIN employments x ON x.id = "
                        "i.employment_id WHERE x.agency_id = ? AND i.period = ? AND i.kind = 'severance') AS severance "
                        "FROM employments e WHERE" + std::string(kInPostInMonth),
                        {found.id, period, found.id, last, first});
    requireCompletePolicies(found.id, pay::lastDay(*ym), r->i64("severance") != 0);
    if (adjusts) {
      // A correction of a locked period: a new run that pays or recovers the difference.
      auto row = c.queryOne("SELECT id FROM payroll_runs WHERE id = ?", {*adjusts});
      auto original = row ? std::optional(load(c, *adjusts, false)) : std::nullopt;
      Validator v;
      if (!original || original->agencyId != found.id || original->period != period)
        v.add("adjusts_run_id", "must be a run of this agency and period");
      else if (original->status != "approved" && original->status != "paid")
        v.add("adjusts_run_id", "must be approved or paid; recompute a draft instead");
      v.throwIfAny();
    }
    return Checked{found, static_cast<int>(r->i64("n"))};
  });
  const auto& agency = checked.agency;
  const int employments = checked.employments;
  try {
    if (employments <= settings_.backgroundThreshold) {
      // Small enough to compute within the request: made, computed and audited in one
      // transaction, so a cluster certifies one writeset per run instead of two.
      return {createAndCompute(actor, agency, period, adjusts, employments).toJson(), false};
    }
    // A background job: the run exists (computing, with its progress) before the job starts.
    const std::string lease = newLease();
    auto id = db_.transact<int64_t>([&](db::Connection& c) {
      auto made = insertRun(c, agency, period, adjusts, employments, lease, actor);
      audit_.append(c, actor, created(made, agency, period, adjusts));
      return made;
    });
    jobs_.post([this, id, lease, actor] { compute(id, lease, actor); });
    return {get(p, id), true};
  } catch (const db::UniqueViolation&) {
    bool locked = db_.read<bool>([&](db::Connection& c) { return periodLocked(c, agency.id, period); });
    throw Error(locked ? Code::period_locked : Code::conflict,
                locked ? "This period is approved and locked; corrections go into an adjustment run."
                       : "A payroll run for this agency and period exists; recompute it instead.",
                {{"period", "already has a payroll run"}});
  }
}

int64_t RunService::insertRun(db::Connection& c, const org::Agency& agency, const std::string& period,
                              const std::optional<int64_t>& adjusts, int employments, const std::string& lease,
                              const http::Actor& actor) const {
  // A regular run holds its agency and period's key (regular_key, unique): a second run of the
  // period stops here, before any work.
  return c.insert(
      "INSERT INTO payroll_runs (agency_id, jurisdiction_path, period, kind, adjusts_run_id, regular_key, status, "
      "progress_done, progress_total, created_by, created_at, heartbeat_at, lease_token, lease_instance) "
      "VALUES (?, ?, ?, ?, ?, ?, 'computing', 0, ?, ?, ?, ?, ?, ?)",
      {agency.id, agency.jurisdictionPath, period, std::string(adjusts ? "adjustment" : "regular"), db::nullable(adjusts),
       adjusts ? db::Param(nullptr) : db::Param(std::to_string(agency.id) + ":" + period), int64_t{employments},
       db::nullable(actor.userId), nowSeconds(), nowSeconds(), lease, settings_.instanceId});
}

audit::Change RunService::created(int64_t runId, const org::Agency& agency, const std::string& period,
                                  const std::optional<int64_t>& adjusts) {
  auto after = json::object();
  after->set("agency_id", agency.id);
  after->set("period", period);
  after->set("adjusts_run_id", json::orNull(adjusts));
  return {"payroll_run.create", "payroll_run", runId, agency.jurisdictionPath, nullptr, after};
}

bool RunService::startCompute(int64_t runId, const std::string& lease, int employments, const http::Actor& actor) {
  if (employments <= settings_.backgroundThreshold) {
    compute(runId, lease, actor);
    return false;
  }
  jobs_.post([this, runId, lease, actor] { compute(runId, lease, actor); });
  return true;
}

json::Obj RunService::get(const http::Principal& p, int64_t id) const { return runFor(p, id).toJson(); }

json::Arr RunService::list(const http::Principal& p, const std::optional<int64_t>& agencyId, int limit) const {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  access::appendScopeFilter(p, {"jurisdiction_path", "agency_id", ""}, where, params);
  if (agencyId) {
    where += " AND agency_id = ?";
    params.emplace_back(*agencyId);
  }
  params.emplace_back(int64_t{limit});
  return db_.read<json::Arr>([&](db::Connection& c) {
    auto out = json::array();
    for (auto& r : c.query(std::string(kRunCols) + where + " ORDER BY period DESC, id DESC LIMIT ?", params))
      out->add(runFrom(r).toJson());
    return out;
  });
}

namespace {

// One computed payslip: whose, at which station and place, and its amounts.
struct Computed {
  const EmploymentFacts* staff;
  int64_t stationId;
  std::string path;
  pay::Payslip slip;
};

// A run's payslips and totals, computed from what it read without touching the database.
struct Computation {
  std::deque<EmploymentFacts> noLongerPaid;  // an adjustment's recoveries, which `slips` point into
  std::vector<Computed> slips;
  json::Obj totals;
};

// Fills `out` for a run of `kind` and month `ym`; throws validation_failed when an employment
// cannot be paid. `issued` is what an adjustment's period already paid.
void computeRun(Computation& out, const std::string& kind, std::chrono::year_month ym, const PayInputs& inputs,
                const std::map<int64_t, Issued>& issued) {
  auto& slips = out.slips;
  std::vector<std::string> problems;
  auto belowMinimum = json::array();  // employment ids of full months below the minimum wage
  int64_t belowMinimumCount = 0;
  // A month whose contributions exceed its pay (a few days' work on a month's base): nothing is
  // transferred, and the clerk collects or carries the rest.
  auto negativeNet = json::array();
  int64_t negativeNetCount = 0;
  constexpr int64_t kListed = 100;  // ids listed in totals: a screenful
  for (const auto& f : inputs.staff) {
    auto month = payForMonth(f, inputs.policy, ym);
    if (month.problem) problems.push_back(*month.problem);
    if (!month.inPost || month.problem) continue;
    // Counted all, listed up to a screenful: totals is stored as TEXT (64 KiB on MySQL), and a
    // raised minimum can put every employment of a large run below it.
    if (month.belowMinimumWage && ++belowMinimumCount <= kListed) belowMinimum->add(f.employmentId);
    if (month.slip.net < 0 && ++negativeNetCount <= kListed) negativeNet->add(f.employmentId);
    slips.push_back({&f, month.stationId, inputs.policy.stations.at(month.stationId).jurisdictionPath, month.slip});
  }
  if (!problems.empty()) {
    std::string message = std::to_string(problems.size()) + " employment(s) cannot be paid: " + problems.front();
    throw Error(Code::validation_failed, message);
  }

  if (kind == "adjustment") {
    // Only the difference from what was already issued for the period; the year-to-date columns
    // keep the corrected totals.
    std::vector<Computed> deltas;
    std::set<int64_t> stillPaid;
    for (auto& x : slips) {
      stillPaid.insert(x.staff->employmentId);
      auto it = issued.find(x.staff->employmentId);
      if (it == issued.end()) {
        deltas.push_back(x);
        continue;
      }
      x.slip = x.slip.minus(it->second.slip);
      if (x.slip.anyAmount()) deltas.push_back(x);
    }
    // Paid for the period but no longer in post in it (ended retroactively, say): all of it is
    // recovered, and the year so far goes back to what it was before the month.
    for (const auto& [employmentId, o] : issued) {
      if (stillPaid.count(employmentId)) continue;
      EmploymentFacts& gone = out.noLongerPaid.emplace_back();
      gone.employmentId = employmentId;
      gone.personId = o.personId;
      gone.bankSealed = o.bankSealed;
      pay::Payslip n = pay::Payslip{}.minus(o.slip);
      // Taxable income held what was taxed with the wages: gross less severance and a bonus taxed
      // on its own.
      const int64_t taxedWithWages = o.slip.gross - o.slip.severance - o.separateBonus;
      n.after = {o.ytd.income - taxedWithWages, o.ytd.insurance - o.slip.insurance.total(),
                 o.ytd.specialDeductions - o.slip.specialDeductions, o.ytd.otherDeductions - o.slip.otherDeductions,
                 std::max(0, o.ytd.monthsEmployed - 1), o.ytd.taxWithheld - o.slip.iit, std::max(0, o.ytd.paidMonths - 1),
                 o.ytd.wages - (o.slip.gross - o.slip.severance), std::nullopt};
      n.taxableYtd = 0;
      deltas.push_back({&gone, o.stationId, o.path, n});
    }
    slips = std::move(deltas);
  }

  int64_t gross = 0, net = 0, iit = 0, insurance = 0, bonus = 0, bonusIit = 0, severance = 0, severanceIit = 0;
  pay::Contributions employer;
  for (const auto& x : slips) {
    gross += x.slip.gross;
    bonus += x.slip.annualBonus;
    bonusIit += x.slip.annualBonusIit;
    severance += x.slip.severance;
    severanceIit += x.slip.severanceIit;
    net += x.slip.net;
    iit += x.slip.iit;
    insurance += x.slip.insurance.total();
    employer = employer + x.slip.employer;
  }
  auto& totals = out.totals = json::object();
  totals->set("payslips", static_cast<int64_t>(slips.size()));
  totals->set("gross_fen", gross);
  totals->set("insurance_fen", insurance);
  totals->set("iit_fen", iit);
  totals->set("net_fen", net);
  totals->set("employer_pension_fen", employer.pension);
  totals->set("employer_medical_fen", employer.medical);
  totals->set("employer_unemployment_fen", employer.unemployment);
  totals->set("employer_injury_fen", employer.injury);
  totals->set("employer_housing_fund_fen", employer.housingFund);
  totals->set("employer_total_fen", employer.total());
  totals->set("labour_cost_fen", gross + employer.total());
  totals->set("annual_bonus_fen", bonus);
  totals->set("annual_bonus_iit_fen", bonusIit);
  totals->set("severance_fen", severance);
  totals->set("severance_iit_fen", severanceIit);
  totals->set("below_minimum_wage", belowMinimum);
  totals->set("below_minimum_wage_count", belowMinimumCount);
  totals->set("negative_net", negativeNet);
  totals->set("negative_net_count", negativeNetCount);
}

// The year's special deductions by category through `ym`, as the payslip keeps them for the tax
// declaration: the same items and months as the cumulative figure the run withheld on.
std::string specialDetail(const EmploymentFacts& f, std::chrono::year_month ym) {
  auto detail = json::object();
  for (const auto& [category, fen] :
       deductionsByCategory(f.deductionItems, firstDeductionMonth(f.start.year() / f.start.month(), ym), ym))
    detail->set(category, fen);
  return json::stringify(detail);
}

// Writes payslips [from, to) of a run in multi-row INSERTs; returns how many rows went in.
int64_t insertPayslips(db::Connection& c, int64_t runId, const std::string& period, const std::vector<Computed>& slips,
                       std::size_t from, std::size_t to) {
  constexpr std::size_t kCols = 42;
  const auto ym = *parsePeriod(period);
  // At most ~25,000 parameters a statement (SQLite's limit is 32,766): so many rows, whatever a
  // payslip's width becomes.
  constexpr std::size_t kRowsPerInsert = 25000 / kCols;
  int64_t inserted = 0;
  for (std::size_t a = from; a < to; a += kRowsPerInsert) {
    auto b = std::min(to, a + kRowsPerInsert);
    std::string sqlText =
        "INSERT INTO payslips (run_id, employment_id, person_id, station_id, jurisdiction_path, period, paid_days, "
        "base_fen, allowances_fen, gross_fen, pension_fen, medical_fen, unemployment_fen, housing_fund_fen, "
        "special_deductions_fen, other_deductions_fen, taxable_ytd_fen, iit_fen, net_fen, ytd_income_fen, "
        "ytd_insurance_fen, ytd_special_fen, ytd_other_fen, ytd_tax_fen, months_employed, bank_sealed, si_base_fen, "
        "hf_base_fen, employer_pension_fen, employer_medical_fen, employer_unemployment_fen, employer_injury_fen, "
        "employer_housing_fund_fen, ytd_paid_months, annual_bonus_fen, annual_bonus_iit_fen, bonus_separate, "
        "severance_fen, severance_iit_fen, ytd_wages_fen, ytd_special_detail, severance_exempt_fen) VALUES ";
    db::Params params;
    params.reserve((b - a) * kCols);
    for (std::size_t i = a; i < b; ++i) {
      const auto& x = slips[i];
      const auto& p = x.slip;
      sqlText += std::string(i == a ? "(" : ", (") + db::placeholders(kCols) + ")";
      params.insert(params.end(),
                    {runId, x.staff->employmentId, x.staff->personId, x.stationId, x.path, period, int64_t{p.paidDays},
                     p.base, p.allowances, p.gross, p.insurance.pension, p.insurance.medical, p.insurance.unemployment,
                     p.insurance.housingFund, p.specialDeductions, p.otherDeductions, p.taxableYtd, p.iit, p.net,
                     p.after.income, p.after.insurance, p.after.specialDeductions, p.after.otherDeductions,
                     p.after.taxWithheld, int64_t{p.after.monthsEmployed}, db::nullable(x.staff->bankSealed),
                     p.siBase, p.hfBase, p.employer.pension, p.employer.medical, p.employer.unemployment,
                     p.employer.injury, p.employer.housingFund, int64_t{p.after.paidMonths}, p.annualBonus,
                     p.annualBonusIit, int64_t{p.bonusSeparate}, p.severance, p.severanceIit, p.after.wages,
                     specialDetail(*x.staff, ym), p.severanceExempt});
    }
    inserted += c.execute(sqlText, params);
  }
  return inserted;
}

// Why a computation failed, as the run keeps it.
std::string failureReason(const std::exception& e) {
  std::string reason = e.what();
  if (auto err = dynamic_cast<const Error*>(&e)) reason = err->detail();
  return reason.substr(0, 1000);
}

}  // namespace

audit::Change RunService::finishComputing(db::Connection& c, int64_t runId, const std::string& jurisdictionPath,
                                          const std::string& lease, int64_t held, const json::Obj& totals) const {
  if (c.execute("UPDATE payroll_runs SET status = 'draft', lease_token = NULL, progress_done = ?, progress_total = ?, "
                "expected_payslips = ?, totals = ?, error = NULL, computed_at = ? WHERE id = ? AND status = 'computing' "
                "AND lease_token = ?",
                {held, held, held, json::stringify(totals), nowSeconds(), runId, lease}) != 1)
    throw LeaseLost("payroll run " + std::to_string(runId) + " lost its lease while finishing");
  return {"payroll_run.compute", "payroll_run", runId, jurisdictionPath, nullptr, totals};
}

RunService::Run RunService::createAndCompute(const http::Actor& actor, const org::Agency& agency,
                                             const std::string& period, const std::optional<int64_t>& adjusts,
                                             int employments) {
  const auto ym = *parsePeriod(period);
  const std::string kind = adjusts ? "adjustment" : "regular";
  auto run = db_.transact<Run>(
      [&](db::Connection& c) {
        const std::string lease = newLease();
        const int64_t id = insertRun(c, agency, period, adjusts, employments, lease, actor);
        try {
          // Read through this transaction (Reads::throughThisTransaction): one snapshot, and on a
          // cluster one wait for it.
          PayInputs inputs = readPayInputs(c, {org_, policy_, scales_}, agency.id, ym);
          auto issued = adjusts ? issuedFor(c, agency.id, period, id) : std::map<int64_t, Issued>{};
          Computation done;
          computeRun(done, kind, ym, inputs, issued);
          auto held = insertPayslips(c, id, period, done.slips, 0, done.slips.size());
          auto computed = finishComputing(c, id, agency.jurisdictionPath, lease, held, done.totals);
          // Audited last, so the audit chain's head is locked only for the end of the transaction;
          // both records in one append.
          audit_.append(c, actor, {created(id, agency, period, adjusts), computed});
        } catch (const db::RetryableConflict&) {
          throw;  // the whole transaction runs again
        } catch (const db::ConnectionLost&) {
          throw;
        } catch (const std::exception& e) {
          // As a background computation that fails: the run is kept failed with the reason,
          // holding no payslips and no longer its period.
          c.execute("DELETE FROM payslips WHERE run_id = ?", {id});
          c.execute("UPDATE payroll_runs SET status = 'failed', regular_key = NULL, lease_token = NULL, error = ? "
                    "WHERE id = ?",
                    {failureReason(e), id});
          audit_.append(c, actor, created(id, agency, period, adjusts));
        }
        return load(c, id, false);  // as it commits: the caller needs no other read
      },
      db::Reads::throughThisTransaction);
  if (run.status == "failed") spdlog::warn("payroll run {} failed: {}", run.id, run.error.value_or(""));
  return run;
}

void RunService::compute(int64_t runId, const std::string& lease, const http::Actor& actor) {
  try {
    // Everything the computation reads, from one consistent snapshot (issue #10, finding 6), which
    // on a Galera cluster waits for the cluster once rather than at every read.
    struct Read {
      Run run;
      PayInputs inputs;
      std::map<int64_t, Issued> issued;  // an adjustment's: what the period already paid
    };
    auto read = db_.snapshot<std::optional<Read>>([&](db::Connection& c) -> std::optional<Read> {
      auto run = load(c, runId, false);
      // A queued job whose run was failed (or recomputed) meanwhile has nothing to do. This read
      // only saves work; the fence on every write is what guarantees it.
      if (run.status != "computing" || run.leaseToken != lease) return std::nullopt;
      auto inputs = readPayInputs(c, {org_, policy_, scales_}, run.agencyId, *parsePeriod(run.period));
      auto issued = run.kind == "adjustment" ? issuedFor(c, run.agencyId, run.period, runId) : std::map<int64_t, Issued>{};
      return Read{std::move(run), std::move(inputs), std::move(issued)};
    });
    if (!read) {
      spdlog::warn("payroll run {} is no longer computing under this server's lease; not computing it", runId);
      return;
    }
    const Run& run = read->run;
    Computation done;
    computeRun(done, run.kind, *parsePeriod(run.period), read->inputs, read->issued);
    const auto& slips = done.slips;

    // Write in chunks, each one transaction that also advances the progress others see; the first
    // clears what an earlier computation left, the last makes the run a draft.
    const auto chunk = static_cast<std::size_t>(settings_.chunk);
    for (std::size_t from = 0; from == 0 || from < slips.size(); from += chunk) {
      auto to = std::min(slips.size(), from + chunk);
      db_.transaction([&](db::Connection& c) {
        // The fence first: a writer whose run was failed (and perhaps made again) meanwhile stops here.
        fence(c, runId, lease, static_cast<int64_t>(to), static_cast<int64_t>(slips.size()));
        if (from == 0) c.execute("DELETE FROM payslips WHERE run_id = ?", {runId});
        auto inserted = insertPayslips(c, runId, run.period, slips, from, to);
        if (to < slips.size()) return;
        // The run leaves 'computing' only holding exactly the payslips it set out to write. A run of
        // one chunk cleared and wrote them all in this transaction, under the fence: what it
        // inserted is what it holds, without another round trip.
        auto held = from == 0 ? inserted
                              : c.queryOne("SELECT COUNT(*) AS n FROM payslips WHERE run_id = ?", {runId})->i64("n");
        if (held != static_cast<int64_t>(slips.size()))
          throw std::runtime_error("the run holds " + std::to_string(held) + " payslips instead of " +
                                   std::to_string(slips.size()));
        audit_.append(c, actor, finishComputing(c, runId, run.jurisdictionPath, lease, held, done.totals));
      });
      if (to >= slips.size()) break;
    }
  } catch (const LeaseLost& e) {
    // Whoever took the lease failed the run and removed its payslips; nothing here is ours to touch.
    spdlog::warn("{}; stopped writing", e.what());
  } catch (const std::exception& e) {
    // Never half-written: a failed computation keeps no payslips, and frees the period for a new run.
    std::string reason = failureReason(e);
    db_.transaction([&](db::Connection& c) {
      if (c.execute("UPDATE payroll_runs SET status = 'failed', regular_key = NULL, lease_token = NULL, error = ? "
                    "WHERE id = ? AND status = 'computing' AND lease_token = ?",
                    {reason, runId, lease}) == 1)
        c.execute("DELETE FROM payslips WHERE run_id = ?", {runId});
    });
    spdlog::warn("payroll run {} failed: {}", runId, reason);
  }
}

RunService::Started RunService::recompute(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto run = runFor(p, id);
  if (run.status == "approved" || run.status == "paid")
    throw Error(Code::period_locked, "An approved run is locked; corrections go into an adjustment run.");
  const std::string lease = newLease();
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE payroll_runs SET status = 'computing', progress_done = 0, heartbeat_at = ?, lease_token = ?, "
                  "lease_instance = ?, expected_payslips = NULL WHERE id = ? AND status = 'draft'",
                  {nowSeconds(), lease, settings_.instanceId, id}) != 1)
      throw Error(Code::conflict, "Only a draft run can be recomputed (this one is " + run.status + ", or it changed meanwhile).");
  });
  bool background = startCompute(id, lease, run.progressTotal, actor);
  return {get(p, id), background};
}

json::Obj RunService::approve(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto run = runFor(p, id);
  if (run.createdBy && *run.createdBy == p.userId)
    throw Error(Code::four_eyes, "A run is approved by an agency admin other than the one who created it.");
  if (!p.confirmed)
    throw Error(Code::unconfirmed_approver,
                "Your account was created by another agency admin: the bureau confirms it before you may approve runs.");
  db_.transaction([&](db::Connection& c) {
    // Whole, or not at all: the payslips held must be exactly those the computation wrote.
    auto held = c.queryOne("SELECT COUNT(*) AS n FROM payslips WHERE run_id = ?", {id})->i64("n");
    auto locked = load(c, id, false);
    if (locked.status != "draft")
      throw Error(Code::conflict, "Only a draft run can be approved (this one is " + locked.status + ").");
    if (!locked.expectedPayslips || held != *locked.expectedPayslips)
      throw Error(Code::conflict, "The run is incomplete (" + std::to_string(held) + " payslips held); recompute it.");
    // A regular run approves only while it holds its period's key, so a failed run brought back
    // can never be a second approved run of one period.
    if (c.execute("UPDATE payroll_runs SET status = 'approved', approved_by = ?, approved_at = ? WHERE id = ? AND "
                  "status = 'draft' AND (kind = 'adjustment' OR regular_key IS NOT NULL)",
                  {p.userId, nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "The run changed meanwhile; reload it.");
    auto after = json::object();
    after->set("status", "approved");
    audit_.append(c, actor, {"payroll_run.approve", "payroll_run", id, run.jurisdictionPath, nullptr, after});
  });
  return get(p, id);
}

json::Obj RunService::markPaid(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto run = runFor(p, id);
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE payroll_runs SET status = 'paid', paid_at = ? WHERE id = ? AND status = 'approved'",
                  {nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "Only an approved run can be marked paid.");
    auto after = json::object();
    after->set("status", "paid");
    audit_.append(c, actor, {"payroll_run.paid", "payroll_run", id, run.jurisdictionPath, nullptr, after});
  });
  return get(p, id);
}

json::Arr RunService::payslips(const http::Principal& p, int64_t runId) const {
  auto run = runFor(p, runId);
  // Half a run is not a run: payslips show once it is a draft (issue #10).
  if (run.status == "computing")
    throw Error(Code::conflict, "The run is still computing (" + std::to_string(run.progressDone) + " of " +
                                    std::to_string(run.progressTotal) + "); its payslips show when it is a draft.");
  std::string where = " WHERE s.run_id = ?";
  db::Params params{runId};
  // runFor checked the agency; a bureau sees only the payslips of stations in its area.
  if (p.role == http::Role::bureau) {
    where += " AND s.jurisdiction_path LIKE ?";
    params.emplace_back(p.jurisdictionPath + "%");
  }
  return db_.read<json::Arr>([&](db::Connection& c) {
    auto out = json::array();
    for (auto& r : c.query(std::string(kSlipCols) + where + " ORDER BY s.employment_id", params)) out->add(slipJson(r));
    return out;
  });
}

// Approved or paid payslips of one person or one employment, newest first: a draft may still change.
json::Arr RunService::approvedPayslips(const std::string& column, int64_t id) const {
  return db_.read<json::Arr>([&](db::Connection& c) {
    auto out = json::array();
    for (auto& r : c.query(std::string(kSlipCols) + " JOIN payroll_runs r ON r.id = s.run_id WHERE s." + column +
                               " = ? AND r.status IN ('approved', 'paid') ORDER BY s.period DESC, s.id DESC",
                           {id}))
      out->add(slipJson(r));
    return out;
  });
}

json::Arr RunService::myPayslips(const http::Principal& p) const { return approvedPayslips("person_id", p.personId.value_or(0)); }

json::Arr RunService::employmentPayslips(const http::Principal& p, int64_t employmentId) const {
  auto e = employments_.employmentFor(p, employmentId);  // 404 outside the caller's scope
  return approvedPayslips("employment_id", e.id);
}

json::Obj RunService::addPayItem(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                 const std::string& period, const std::string& kind, const std::string& name,
                                 int64_t amountFen, bool forAdjustment) {
  auto e = employments_.employmentFor(p, employmentId);
  access::requireActsFor(p, e.agencyId);
  auto o = json::object();
  db_.transaction([&](db::Connection& c) {
    if (periodLocked(c, e.agencyId, period) && !forAdjustment)
      throw Error(Code::period_locked, "The period " + period + " is approved and locked; an item for it only counts in an "
                                       "adjustment run (send \"for_adjustment\": true).");
    auto id = c.insert("INSERT INTO pay_items (employment_id, period, kind, name, amount_fen, created_at, created_by) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)",
                       {e.id, period, kind, name, amountFen, nowSeconds(), db::nullable(actor.userId)});
    o->set("id", id);
    o->set("employment_id", e.id);
    o->set("period", period);
    o->set("kind", kind);
    o->set("name", name);
    o->set("amount_fen", amountFen);
    audit_.append(c, actor, {"pay_item.create", "pay_item", id, e.jurisdictionPath, nullptr, o});
  });
  return o;
}

}  // namespace sr::payroll
