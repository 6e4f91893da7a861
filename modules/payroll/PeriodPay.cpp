#include "payroll/PeriodPay.h"

#include <algorithm>

namespace sr::payroll {

const PlaceTerms* PolicySnapshot::termsOf(int64_t stationId) const {
  auto st = stations.find(stationId);
  if (st == stations.end()) return nullptr;
  auto it = places.find(st->second.jurisdictionId);
  return it == places.end() ? nullptr : &it->second;
}

const pay::Scale* PolicySnapshot::scaleOn(int64_t stationId, const Date& day) const {
  const auto* terms = termsOf(stationId);
  if (!terms) return nullptr;
  auto it = terms->scales.upper_bound(day);  // the latest day on or before `day`
  if (it == terms->scales.begin()) return nullptr;
  --it;
  return it->second ? &*it->second : nullptr;
}

namespace {
struct Span {
  Date from, to;
};
// The days of the month in post; to < from when none.
Span inPost(const EmploymentFacts& f, std::chrono::year_month ym) {
  auto first = pay::firstDay(ym), last = pay::lastDay(ym);
  auto lastWorked = f.endedOn ? f.endedOn : f.contractEnd;
  return {std::max(first, f.start), lastWorked ? std::min(last, *lastWorked) : last};
}
// Each placement's share of the month: [from, to] with to < from when it has none.
template <class Fn>
void eachSegment(const EmploymentFacts& f, const Span& span, Fn&& fn) {
  const auto& ps = f.placements;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    auto from = std::max(span.from, ps[i].effectiveOn);
    auto to = i + 1 < ps.size() ? std::min(span.to, addDays(ps[i + 1].effectiveOn, -1)) : span.to;
    if (to >= from && !fn(ps[i], from, to)) return;
  }
}
}  // namespace

std::vector<std::pair<int64_t, Date>> scaleDaysNeeded(const EmploymentFacts& f, std::chrono::year_month ym,
                                                      const std::optional<Date>& alsoOn) {
  std::vector<std::pair<int64_t, Date>> out;
  auto span = inPost(f, ym);
  if (span.to >= span.from)
    eachSegment(f, span, [&](const Placement& p, const Date& from, const Date&) {
      out.emplace_back(p.stationId, from);
      return true;
    });
  if (alsoOn)
    if (const auto* p = placementOn(f, *alsoOn)) out.emplace_back(p->stationId, *alsoOn);
  return out;
}

const Placement* placementOn(const EmploymentFacts& f, const Date& day) {
  const Placement* current = nullptr;
  for (const auto& p : f.placements)
    if (p.effectiveOn <= day) current = &p;
  return day < f.start ? nullptr : current;
}

DayRates ratesUnder(const Placement& p, const EmploymentFacts& f, const PolicySnapshot& s, const Date& day) {
  DayRates r;
  if (const auto* scale = s.scaleOn(p.stationId, day)) r.scaleAmount = pay::baseFor(*scale, p.post, p.grade);
  r.base = r.scaleAmount ? pay::mulDivRound(*r.scaleAmount, p.factorBp, 10000) : 0;
  const auto* terms = s.termsOf(p.stationId);
  r.probationMonthly = pay::probationMonthly(r.base, f.probationPct, terms ? terms->minimumWage : 0);
  return r;
}

MonthPay payForMonth(const EmploymentFacts& f, const PolicySnapshot& s, std::chrono::year_month ym) {
  MonthPay out;
  auto span = inPost(f, ym);
  pay::PayslipInput in;
  in.daysInMonth = pay::daysInMonth(ym);
  if (span.to >= span.from)
    eachSegment(f, span, [&](const Placement& p, const Date& from, const Date& to) {
      auto rates = ratesUnder(p, f, s, from);
      if (!rates.scaleAmount || !s.termsOf(p.stationId)) {
        out.problem = "employment " + std::to_string(f.employmentId) + ": post " + p.post + " grade " +
                      std::to_string(p.grade) + " is not on the scale in force on " + formatDate(from);
        return false;
      }
      int days = static_cast<int>(daysBetween(from, to)) + 1;
      int probationDays = 0;
      if (f.probationEnd && *f.probationEnd >= from)
        probationDays = static_cast<int>(daysBetween(from, std::min(to, *f.probationEnd))) + 1;
      in.segments.push_back({days, probationDays, rates.base, rates.probationMonthly});
      out.stationId = p.stationId;
      return true;
    });
  out.inPost = !in.segments.empty() || out.problem.has_value();
  if (!out.inPost || out.problem) return out;

  const auto& terms = *s.termsOf(out.stationId);
  out.certificate = certification::highestValid(f.certificates, span.to);  // the last day worked
  if (out.certificate) {
    auto it = terms.certificateAllowance.find(*out.certificate);
    if (it == terms.certificateAllowance.end()) {  // a figure the place sets: never assume one
      out.problem = "employment " + std::to_string(f.employmentId) + ": the policy sets no certificate_allowance_fen." +
                    std::string(certification::levelName(*out.certificate));
      return out;
    }
    in.certificateAllowance = it->second;
  }
  in.otherAllowances = f.allowances;
  in.otherDeductions = f.deductions;
  in.specialDeductions = f.specialDeductions;
  in.rates = terms.rates;
  if (f.before) in.before = *f.before;
  // 5,000 a month for every month with this employer this year, this one included.
  int startMonth = f.start.year() == ym.year() ? static_cast<int>(static_cast<unsigned>(f.start.month())) : 1;
  in.before.monthsEmployed = static_cast<int>(static_cast<unsigned>(ym.month())) - startMonth + 1;
  out.slip = pay::computePayslip(in);
  out.belowMinimumWage = out.slip.paidDays == in.daysInMonth && out.slip.gross < terms.minimumWage;
  return out;
}

}  // namespace sr::payroll
