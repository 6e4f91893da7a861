#include "payroll/PayInputs.h"

#include <set>

#include "payroll/Runs.h"
#include "policy/PolicyRules.h"

namespace sr::payroll {

using std::chrono::year_month;

PlaceTerms placeTerms(const json::Obj& policy) {
  PlaceTerms t;
  t.missing = policy::missingForPayroll(policy);
  t.minimumWage = policy->has("minimum_wage_fen") ? policy->getValue<int64_t>("minimum_wage_fen") : 0;
  if (auto allowances = policy->getObject("certificate_allowance_fen"))
    for (const auto& [name, value] : *allowances)
      if (auto level = certification::parseLevel(name)) t.certificateAllowance[*level] = value.convert<int64_t>();
  // Absent keys read as 0 here only to keep the terms whole: `missing` names them, and nothing is
  // paid in a place whose terms miss any.
  auto rate = [](const json::Obj& o, const char* key) {
    return o && o->has(key) ? policy::hundredths(o->get(key)).value_or(0) : 0;
  };
  auto fen = [](const json::Obj& o, const char* key) { return o && o->has(key) ? o->getValue<int64_t>(key) : 0; };
  auto si = policy->getObject("social_insurance"), hf = policy->getObject("housing_fund"),
       employer = policy->getObject("employer_rates");
  t.rates.employee = {rate(si, "pension_pct"), rate(si, "medical_pct"), rate(si, "unemployment_pct"), 0,
                      rate(si, "housing_fund_pct")};
  t.rates.employer = {rate(employer, "pension_pct"), rate(employer, "medical_pct"), rate(employer, "unemployment_pct"),
                      rate(employer, "injury_pct"), rate(employer, "housing_fund_pct")};
  if (auto iit = policy->getObject("iit")) {
    if (iit->has("annual_bonus_separate_until"))
      t.bonusSeparateUntil = parseDate(iit->getValue<std::string>("annual_bonus_separate_until"));
    if (iit->has("severance_exempt_fen")) t.severanceExempt = iit->getValue<int64_t>("severance_exempt_fen");
  }
  if (auto payroll = policy->getObject("payroll"); payroll && payroll->has("proration"))
    t.workingDays = payroll->getValue<std::string>("proration") == "working_days";
  t.siEnrolCutoffDay = static_cast<int>(fen(si, "enrol_cutoff_day"));
  t.hfEnrolCutoffDay = static_cast<int>(fen(hf, "enrol_cutoff_day"));
  t.rates.siFloor = fen(si, "base_floor_fen");
  t.rates.siCeiling = fen(si, "base_ceiling_fen");
  t.rates.hfFloor = fen(hf, "base_floor_fen");
  t.rates.hfCeiling = fen(hf, "base_ceiling_fen");
  return t;
}

namespace {
std::optional<Date> optDate(const db::Row& r, std::string_view column) {
  auto text = r.optStr(column);
  return text ? parseDate(*text) : std::nullopt;
}
}  // namespace

PayInputs readPayInputs(db::Connection& c, const PaySources& sources, int64_t agencyId, year_month ym,
                        const std::optional<int64_t>& employmentId, const std::optional<Date>& alsoOn) {
  const auto first = pay::firstDay(ym), last = pay::lastDay(ym);
  const auto firstText = formatDate(first), lastText = formatDate(last);
  const auto period = formatDate(first).substr(0, 7);
  const std::string yearStart = period.substr(0, 4) + "-01";
  // Who: everyone of the agency in post on some day of the month, or the one employment asked about.
  std::string who;
  db::Params whoParams;
  if (employmentId) {
    who = " e.agency_id = ? AND e.id = ?";
    whoParams = {agencyId, *employmentId};
  } else {
    who = std::string(kInPostInMonth);
    whoParams = {agencyId, lastText, firstText};
  }
  auto with = [&](db::Params before) {
    before.insert(before.end(), whoParams.begin(), whoParams.end());
    return before;
  };

  PayInputs out;
  auto& staff = out.staff;
  std::map<int64_t, std::size_t> index;
  std::map<int64_t, std::vector<std::size_t>> byPerson;
  // The year's declared bases and tax profile come with the employment (one round trip, not three).
  const int64_t year = static_cast<int>(ym.year());
  for (auto& r : c.query("SELECT e.id, e.person_id, e.start_date, e.probation_end, e.ended_on, "
                         "e.end_date, e.probation_pay_pct, e.bank_sealed, e.first_job, e.transferred_from, b.social_insurance_base_fen, "
                         "b.housing_fund_base_fen, t.annual_bonus, t.basic_deduction FROM employments e "
                         "LEFT JOIN contribution_bases b ON b.employment_id = e.id AND b.year = ? "
                         "LEFT JOIN tax_profiles t ON t.employment_id = e.id AND t.year = ? WHERE" +
                             who + " ORDER BY e.id",
                         with({year, year}))) {
    EmploymentFacts f;
    f.employmentId = r.i64("id");
    f.personId = r.i64("person_id");
    f.start = *parseDate(r.str("start_date"));
    f.probationEnd = optDate(r, "probation_end");
    f.endedOn = optDate(r, "ended_on");
    f.contractEnd = optDate(r, "end_date");
    f.probationPct = static_cast<int>(r.i64("probation_pay_pct"));
    f.bankSealed = r.optStr("bank_sealed");
    f.firstJob = r.i64("first_job") != 0;
    f.transferred = !r.isNull("transferred_from");
    if (!r.isNull("social_insurance_base_fen"))
      f.declaredBases = EmploymentFacts::Bases{r.i64("social_insurance_base_fen"), r.i64("housing_fund_base_fen")};
    f.taxProfile = {r.optStr("annual_bonus"), r.optStr("basic_deduction")};
    index[f.employmentId] = staff.size();
    byPerson[f.personId].push_back(staff.size());
    staff.push_back(std::move(f));
  }
  // Rows of employments outside the list are skipped, never looked up with at(): in a snapshot
  // there are none, and a reader outside one must not fail for a hire committed meanwhile.
  auto each = [&](const db::Row& r, auto&& fn) {
    if (auto it = index.find(r.i64("employment_id")); it != index.end()) fn(staff[it->second]);
  };
  for (auto& r : c.query("SELECT a.employment_id, a.effective_on, a.station_id, a.post, a.grade, a.pay_factor_bp "
                         "FROM assignments a JOIN employments e ON e.id = a.employment_id WHERE a.effective_on <= ? AND" +
                             who + " ORDER BY a.employment_id, a.effective_on",
                         with({lastText})))
    each(r, [&](EmploymentFacts& f) {
      f.placements.push_back({*parseDate(r.str("effective_on")), r.i64("station_id"), r.str("post"),
                              static_cast<int>(r.i64("grade")), r.i64("pay_factor_bp")});
    });
  for (auto& r : c.query("SELECT DISTINCT c.person_id, c.level, c.passed_on, c.registered_until FROM certificates c "
                         "JOIN employments e ON e.person_id = c.person_id WHERE" +
                             who,
                         whoParams)) {
    auto level = certification::parseLevel(r.str("level"));
    if (!level) continue;
    for (auto i : byPerson[r.i64("person_id")])
      staff[i].certificates.push_back({*level, *parseDate(r.str("passed_on")), *parseDate(r.str("registered_until"))});
  }
  for (auto& r : c.query("SELECT i.employment_id, i.kind, SUM(i.amount_fen) AS total FROM pay_items i JOIN employments e "
                         "ON e.id = i.employment_id WHERE i.period = ? AND" +
                             who + " GROUP BY i.employment_id, i.kind",
                         with({period})))
    each(r, [&](EmploymentFacts& f) {
      const auto kind = r.str("kind");
      (kind == "allowance"      ? f.allowances
       : kind == "deduction"    ? f.deductions
       : kind == "annual_bonus" ? f.annualBonus
                                : f.severance) += r.i64("total");
    });
  for (auto& r : c.query("SELECT d.employment_id, d.category, d.monthly_fen, d.from_month, d.to_month FROM deduction_items d "
                         "JOIN employments e ON e.id = d.employment_id WHERE d.year = ? AND" +
                             who + " ORDER BY d.id",
                         with({year})))
    each(r, [&](EmploymentFacts& f) {
      f.deductionItems.push_back({r.str("category"), r.i64("monthly_fen"), *parsePeriod(r.str("from_month")),
                                  *parsePeriod(r.str("to_month"))});
    });
  // A bonus taxed on its own once per person and year: any approved payslip this year, by any
  // employer here, that did so (another month's; this month's own is being recomputed). Asked only
  // for the people paid a bonus this month, through their employments' payslip index.
  std::vector<int64_t> withBonus;
  for (const auto& f : staff)
    if (f.annualBonus > 0) withBonus.push_back(f.personId);
  db::forChunks(withBonus.size(), [&](std::size_t a, std::size_t b) {
    db::Params q{yearStart, period.substr(0, 4) + "-12", period};
    q.insert(q.end(), withBonus.begin() + static_cast<std::ptrdiff_t>(a), withBonus.begin() + static_cast<std::ptrdiff_t>(b));
    for (auto& r : c.query("SELECT DISTINCT s.person_id FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE "
                           "s.bonus_separate = 1 AND r.status IN ('approved', 'paid') AND s.period >= ? AND s.period <= ? "
                           "AND s.period <> ? AND s.employment_id IN (SELECT id FROM employments WHERE person_id IN (" +
                               db::placeholders(b - a) + "))",
                           q))
      for (auto i : byPerson[r.i64("person_id")]) staff[i].separateBonusUsed = true;
  });

  // The latest approved or paid payslip of each employment in [from, to) (an adjustment's carries
  // the corrected year-to-date, so it wins over the run it corrects): read from the agency's latest
  // month in that range; anyone missing there and `wanted` is looked up by id, in chunks.
  const std::string ytdCols =
      "SELECT s.employment_id, s.period, s.ytd_income_fen, s.ytd_insurance_fen, s.ytd_special_fen, s.ytd_other_fen, "
      "s.ytd_tax_fen, s.months_employed, s.ytd_paid_months, s.ytd_wages_fen FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE r.agency_id = ? "
      "AND r.status IN ('approved', 'paid')";
  // The agency's latest paid month this year before this one, and last year's, in one round trip.
  const auto lastYear = std::to_string(static_cast<int>(ym.year()) - 1);
  auto latest = c.queryOne(
      "SELECT MAX(CASE WHEN period >= ? THEN period END) AS this_year, MAX(CASE WHEN period < ? THEN period END) AS "
      "last_year FROM payroll_runs WHERE agency_id = ? AND status IN ('approved', 'paid') AND period >= ? AND period < ?",
      {yearStart, yearStart, agencyId, lastYear + "-01", period});
  auto latestIn = [&](const std::string& from, const std::string& to, const std::optional<std::string>& month,
                      auto&& wanted, auto&& take) {
    if (!month) return;  // the agency paid nobody then
    std::set<int64_t> found;
    for (auto& r : c.query(ytdCols + " AND r.period = ? ORDER BY s.run_id", {agencyId, *month}))
      each(r, [&](EmploymentFacts& f) {
        take(f, r);
        found.insert(f.employmentId);
      });
    std::vector<int64_t> missing;
    for (const auto& f : staff)
      if (!found.count(f.employmentId) && wanted(f)) missing.push_back(f.employmentId);
    db::forChunks(missing.size(), [&](std::size_t a, std::size_t b) {
      db::Params q{agencyId, from, to};
      q.insert(q.end(), missing.begin() + static_cast<std::ptrdiff_t>(a), missing.begin() + static_cast<std::ptrdiff_t>(b));
      for (auto& r : c.query(ytdCols + " AND s.period >= ? AND s.period < ? AND s.employment_id IN (" +
                                 db::placeholders(b - a) + ") ORDER BY s.period, s.run_id",
                             q))
        each(r, [&](EmploymentFacts& f) { take(f, r); });
    });
  };
  // The year so far with this employer.
  latestIn(
      yearStart, period, latest->optStr("this_year"), [&](const EmploymentFacts& f) { return f.start < first && f.start.year() <= ym.year(); },
      [](EmploymentFacts& f, const db::Row& r) {
        pay::YearToDate y;
        y.income = r.i64("ytd_income_fen");
        y.insurance = r.i64("ytd_insurance_fen");
        y.specialDeductions = r.i64("ytd_special_fen");
        y.otherDeductions = r.i64("ytd_other_fen");
        y.taxWithheld = r.i64("ytd_tax_fen");
        y.paidMonths = static_cast<int>(r.i64("ytd_paid_months"));
        y.wages = r.i64("ytd_wages_fen");
        f.before = y;
      });
  // Last year's total with this employer: a contribution base nobody declared, and whether the
  // 60,000 basic deduction applies from January.
  latestIn(
      lastYear + "-01", yearStart, latest->optStr("last_year"),
      [&](const EmploymentFacts& f) { return f.start.year() < ym.year(); },
      [](EmploymentFacts& f, const db::Row& r) {
        // Wages over the months paid; payslips older than those columns carry 0 and fall back to
        // taxable income over the months employed.
        auto paid = static_cast<int>(r.i64("ytd_paid_months"));
        auto employed = static_cast<int>(r.i64("months_employed"));
        f.previousYear = EmploymentFacts::YearTotal{paid > 0 ? r.i64("ytd_wages_fen") : r.i64("ytd_income_fen"),
                                                    paid > 0 ? paid : employed, employed};      });

  // The places: each station's jurisdiction, its policy at the month's end, and its scale on every
  // day the month needs, each looked up once.
  auto& snap = out.policy;
  for (const auto& s : sources.org.stationsOfAgency(agencyId, true)) snap.stations[s.id] = {s.jurisdictionId, s.jurisdictionPath};
  std::set<std::pair<int64_t, Date>> scaleDays;
  for (const auto& f : staff)
    for (const auto& [stationId, day] : scaleDaysNeeded(f, ym, alsoOn))
      if (auto st = snap.stations.find(stationId); st != snap.stations.end())
        scaleDays.emplace(st->second.jurisdictionId, day);
  // A place as the policy and scale lookups need it: its id and its path in the tree, both on the
  // station row already read (no query per place).
  std::map<int64_t, std::string> pathOf;
  for (const auto& [stationId, st] : snap.stations) pathOf.emplace(st.jurisdictionId, st.jurisdictionPath);
  auto place = [&](int64_t jurisdictionId) {
    org::Jurisdiction j;
    j.id = jurisdictionId;
    j.path = pathOf.at(jurisdictionId);
    return j;
  };
  std::map<int64_t, std::set<Date>> daysOf;
  for (const auto& [jurisdictionId, day] : scaleDays) daysOf[jurisdictionId].insert(day);
  for (const auto& [jurisdictionId, days] : daysOf) {  // only the places someone is paid in
    auto& terms = snap.places[jurisdictionId] =
        placeTerms(sources.policy.effective(place(jurisdictionId), last).effective.policy);
    for (auto& [day, version] : sources.scales.inForce(place(jurisdictionId), days))
      terms.scales[day] = version ? std::optional(version->scale) : std::nullopt;
  }
  return out;
}

}  // namespace sr::payroll
