#include "payroll/PayInputs.h"

#include <set>

#include "policy/PolicyRules.h"

namespace sr::payroll {

using std::chrono::year_month;

PlaceTerms placeTerms(const json::Obj& policy) {
  PlaceTerms t;
  t.minimumWage = policy->getValue<int64_t>("minimum_wage_fen");
  if (auto allowances = policy->getObject("certificate_allowance_fen"))
    for (const auto& [name, value] : *allowances)
      if (auto level = certification::parseLevel(name)) t.certificateAllowance[*level] = value.convert<int64_t>();
  auto si = policy->getObject("social_insurance");
  t.rates = {policy::hundredths(si->get("pension_pct")).value_or(0),
             policy::hundredths(si->get("medical_pct")).value_or(0),
             policy::hundredths(si->get("unemployment_pct")).value_or(0),
             policy::hundredths(si->get("housing_fund_pct")).value_or(0), si->getValue<int64_t>("base_floor_fen"),
             si->getValue<int64_t>("base_ceiling_fen")};
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
  for (auto& r : c.query("SELECT e.id, e.person_id, e.special_deductions_fen, e.start_date, e.probation_end, e.ended_on, "
                         "e.end_date, e.probation_pay_pct, e.bank_sealed FROM employments e WHERE" +
                             who + " ORDER BY e.id",
                         whoParams)) {
    EmploymentFacts f;
    f.employmentId = r.i64("id");
    f.personId = r.i64("person_id");
    f.specialDeductions = r.i64("special_deductions_fen");
    f.start = *parseDate(r.str("start_date"));
    f.probationEnd = optDate(r, "probation_end");
    f.endedOn = optDate(r, "ended_on");
    f.contractEnd = optDate(r, "end_date");
    f.probationPct = static_cast<int>(r.i64("probation_pay_pct"));
    f.bankSealed = r.optStr("bank_sealed");
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
    each(r, [&](EmploymentFacts& f) { (r.str("kind") == "allowance" ? f.allowances : f.deductions) += r.i64("total"); });

  // The year so far with this employer: the latest approved or paid payslip before this month (an
  // adjustment's carries the corrected year-to-date, so it wins over the run it corrects). Read
  // from the agency's latest earlier month; anyone missing there is looked up by id, in chunks.
  const std::string ytdCols =
      "SELECT s.employment_id, s.period, s.ytd_income_fen, s.ytd_insurance_fen, s.ytd_special_fen, s.ytd_other_fen, "
      "s.ytd_tax_fen FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE r.agency_id = ? "
      "AND r.status IN ('approved', 'paid')";
  auto ytdOf = [](const db::Row& r) {
    pay::YearToDate y;
    y.income = r.i64("ytd_income_fen");
    y.insurance = r.i64("ytd_insurance_fen");
    y.specialDeductions = r.i64("ytd_special_fen");
    y.otherDeductions = r.i64("ytd_other_fen");
    y.taxWithheld = r.i64("ytd_tax_fen");
    return y;
  };
  auto latest = c.queryOne("SELECT MAX(period) AS p FROM payroll_runs WHERE agency_id = ? AND status IN ('approved', "
                           "'paid') AND period >= ? AND period < ?",
                           {agencyId, yearStart, period});
  if (latest && !latest->isNull("p"))
    for (auto& r : c.query(ytdCols + " AND r.period = ? ORDER BY s.run_id", {agencyId, latest->str("p")}))
      each(r, [&](EmploymentFacts& f) { f.before = ytdOf(r); });
  std::vector<int64_t> missing;
  for (const auto& f : staff)
    if (!f.before && f.start < first && f.start.year() <= ym.year()) missing.push_back(f.employmentId);
  db::forChunks(missing.size(), [&](std::size_t a, std::size_t b) {
    db::Params q{agencyId, yearStart, period};
    q.insert(q.end(), missing.begin() + static_cast<std::ptrdiff_t>(a), missing.begin() + static_cast<std::ptrdiff_t>(b));
    for (auto& r : c.query(ytdCols + " AND s.period >= ? AND s.period < ? AND s.employment_id IN (" +
                               db::placeholders(b - a) + ") ORDER BY s.period, s.run_id",
                           q))
      each(r, [&](EmploymentFacts& f) { f.before = ytdOf(r); });
  });

  // The places: each station's jurisdiction, its policy at the month's end, and its scale on every
  // day the month needs, each looked up once.
  auto& snap = out.policy;
  for (const auto& s : sources.org.stationsOfAgency(agencyId)) snap.stations[s.id] = {s.jurisdictionId, s.jurisdictionPath};
  std::set<std::pair<int64_t, Date>> scaleDays;
  for (const auto& f : staff)
    for (const auto& [stationId, day] : scaleDaysNeeded(f, ym, alsoOn))
      if (auto st = snap.stations.find(stationId); st != snap.stations.end())
        scaleDays.emplace(st->second.jurisdictionId, day);
  std::map<int64_t, org::Jurisdiction> places;
  auto place = [&](int64_t jurisdictionId) -> const org::Jurisdiction& {
    auto it = places.find(jurisdictionId);
    if (it == places.end()) it = places.emplace(jurisdictionId, *sources.org.findJurisdiction(jurisdictionId)).first;
    return it->second;
  };
  for (const auto& [jurisdictionId, day] : scaleDays) {  // only the places someone is paid in
    if (!snap.places.count(jurisdictionId))
      snap.places[jurisdictionId] = placeTerms(sources.policy.effective(place(jurisdictionId), last).effective.policy);
    auto version = sources.scales.inForce(place(jurisdictionId), day);
    snap.places[jurisdictionId].scales[day] = version ? std::optional(version->scale) : std::nullopt;
  }
  return out;
}

}  // namespace sr::payroll
