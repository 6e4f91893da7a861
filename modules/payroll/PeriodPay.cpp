#include "payroll/PeriodPay.h"

#include <algorithm>
#include <tuple>

#include "common/Text.h"

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

std::optional<Date> firstFullMonthDay(const EmploymentFacts& f, std::chrono::year_month ym) {
  if (f.declaredBases || (f.previousYear && f.previousYear->months > 0)) return std::nullopt;
  auto span = inPost(f, ym);
  if (span.to < span.from) return std::nullopt;
  auto from = std::max(f.start, pay::firstDay(ym.year() / std::chrono::January));
  std::chrono::year_month full{from.year(), from.month()};
  if (from != pay::firstDay(full)) full += std::chrono::months{1};
  return full <= ym ? pay::firstDay(full) : span.to;
}

std::vector<std::pair<int64_t, Date>> scaleDaysNeeded(const EmploymentFacts& f, std::chrono::year_month ym,
                                                      const std::optional<Date>& alsoOn) {
  std::vector<std::pair<int64_t, Date>> out;
  auto span = inPost(f, ym);
  if (span.to >= span.from)
    eachSegment(f, span, [&](const Placement& p, const Date& from, const Date&) {
      out.emplace_back(p.stationId, from);
      return true;
    });
  for (const auto& day : {firstFullMonthDay(f, ym), alsoOn})
    if (day)
      if (const auto* p = placementOn(f, *day)) out.emplace_back(p->stationId, *day);
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

ContributionBasis contributionBasis(const EmploymentFacts& f, const PolicySnapshot& s, std::chrono::year_month ym) {
  ContributionBasis b;
  if (f.firstJob && ym == std::chrono::year_month{f.start.year(), f.start.month()}) b.housingFundDue = false;
  if (f.declaredBases) {
    b.socialInsurance = f.declaredBases->socialInsurance;
    b.housingFund = f.declaredBases->housingFund;
    b.source = "declared";
    b.detail = "declared for " + std::to_string(static_cast<int>(ym.year()));
  } else if (f.previousYear && f.previousYear->months > 0) {
    b.socialInsurance = b.housingFund = pay::mulDivRound(f.previousYear->income, 1, f.previousYear->months);
    b.source = "previous_year_average";
    b.detail = std::to_string(static_cast<int>(ym.year()) - 1) + ": gross " + hundredthsText(f.previousYear->income) +
               " over " + std::to_string(f.previousYear->months) + " month(s) with this employer";
  } else if (auto day = firstFullMonthDay(f, ym)) {
    // The contract's full-month pay: the cell × factor (not the probation rate) and the
    // certificate allowance then.
    const auto* p = placementOn(f, *day);
    auto rates = p ? ratesUnder(*p, f, s, *day) : DayRates{};
    const auto* terms = p ? s.termsOf(p->stationId) : nullptr;
    if (!rates.scaleAmount || !terms) {
      b.problem = "employment " + std::to_string(f.employmentId) + ": no scale amount on " + formatDate(*day) +
                  " for the contribution base";
      return b;
    }
    int64_t allowance = 0;
    if (auto level = certification::highestValid(f.certificates, *day))
      if (auto it = terms->certificateAllowance.find(*level); it != terms->certificateAllowance.end()) allowance = it->second;
    b.socialInsurance = b.housingFund = rates.base + allowance;
    b.source = "first_full_month";
    b.detail = "contract pay on " + formatDate(*day) + ": " + hundredthsText(rates.base) + " base + " +
               hundredthsText(allowance) + " certificate allowance";
  }
  if (!b.housingFundDue) b.detail += "; first job: the housing fund starts the month after (住房公积金管理条例 Art. 15)";
  // Taken over with a station after the 1st: the previous agency contributed for this month, and a
  // month is contributed once; both funds start with the next (issue #17).
  if (f.transferred && ym == std::chrono::year_month{f.start.year(), f.start.month()} &&
      static_cast<unsigned>(f.start.day()) > 1 && (b.socialInsuranceDue || b.housingFundDue)) {
    b.socialInsuranceDue = b.housingFundDue = false;
    b.detail += "; transferred with the station on " + formatDate(f.start) +
                ": the previous agency contributes for this month, both funds start the month after";
  }
  // Hired after a fund's enrolment cut-off in the place: that fund starts with the next month.
  if (ym == std::chrono::year_month{f.start.year(), f.start.month()})
    if (const auto* p = placementOn(f, f.start))
      if (const auto* terms = s.termsOf(p->stationId)) {
        const int day = static_cast<int>(static_cast<unsigned>(f.start.day()));
        for (auto [cutoff, due, what] : {std::tuple{terms->siEnrolCutoffDay, &b.socialInsuranceDue, "social insurance"},
                                         std::tuple{terms->hfEnrolCutoffDay, &b.housingFundDue, "the housing fund"}})
          if (cutoff > 0 && day > cutoff && *due) {
            *due = false;
            b.detail += std::string("; hired after the enrolment cut-off (day ") + std::to_string(cutoff) + "): " + what +
                        " starts the month after";
          }
      }
  return b;
}

BasicDeductionRule basicDeductionRule(const EmploymentFacts& f, std::chrono::year_month ym) {
  BasicDeductionRule r;
  constexpr int64_t kAnnual = 12 * pay::kMonthlyAllowanceFen;
  if (const auto& y = f.previousYear; y && y->months == 12 && y->monthsEmployed == 12 && y->income <= kAnnual)
    r.proposal = "paid by this employer every month of " + std::to_string(static_cast<int>(ym.year()) - 1) + ", " +
                 hundredthsText(y->income) + " in all, not above 60000.00 (国家税务总局公告2020年第19号)";
  // The withholding agent applies 第19号 from January unless the worker declines (a profile saying
  // otherwise); the profile's rule wins either way.
  r.rule = f.taxProfile.basicDeduction.value_or(r.proposal ? "annual_60000" : "standard");
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
      int probationWorking = 0;
      if (f.probationEnd && *f.probationEnd >= from) probationWorking = pay::weekdaysBetween(from, std::min(to, *f.probationEnd));
      in.segments.push_back({days, probationDays, rates.base, rates.probationMonthly, pay::weekdaysBetween(from, to),
                             probationWorking});
      out.stationId = p.stationId;
      return true;
    });
  out.inPost = !in.segments.empty() || out.problem.has_value();
  if (!out.inPost || out.problem) return out;

  const auto& terms = *s.termsOf(out.stationId);
  if (!terms.missing.empty()) {  // the run refuses this place up front; the pay view says why
    std::string keys;
    for (const auto& k : terms.missing) keys += (keys.empty() ? "" : ", ") + k;
    out.problem = "the policy of " + s.stations.at(out.stationId).jurisdictionPath + " lacks " + keys;
    return out;
  }
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
  if (f.severance > 0 && !terms.severanceExempt) {  // the place's figure: never assumed
    out.problem = "the policy of " + s.stations.at(out.stationId).jurisdictionPath + " lacks iit.severance_exempt_fen";
    return out;
  }
  in.annualBonus = f.annualBonus;
  // On its own while the rule lasts, unless the profile says combined or the person used it already.
  in.bonusSeparate = f.taxProfile.annualBonus.value_or("separate") == "separate" && !f.separateBonusUsed &&
                     terms.bonusSeparateUntil && pay::lastDay(ym) <= *terms.bonusSeparateUntil;
  in.severance = f.severance;
  in.severanceExempt = terms.severanceExempt.value_or(0);
  in.otherAllowances = f.allowances;
  in.otherDeductions = f.deductions;
  // This month's deduction is the declaration's total to date less what earlier months took: a
  // category declared late deducts its earlier months now.
  const auto firstMonth = firstDeductionMonth(f.start.year() / f.start.month(), ym);
  in.specialDeductions = deductionsThrough(f.deductionItems, firstMonth, ym) - (f.before ? f.before->specialDeductions : 0);
  in.rates = terms.rates;
  in.workingDays = terms.workingDays;
  out.basis = contributionBasis(f, s, ym);
  if (out.basis.problem) {
    out.problem = out.basis.problem;
    return out;
  }
  in.siBase = out.basis.socialInsuranceDue ? out.basis.socialInsurance : 0;
  in.hfBase = out.basis.housingFundDue ? out.basis.housingFund : 0;
  if (f.before) in.before = *f.before;
  // 5,000 a month for every month with this employer this year, this one included.
  int startMonth = f.start.year() == ym.year() ? static_cast<int>(static_cast<unsigned>(f.start.month())) : 1;
  const int month = static_cast<int>(static_cast<unsigned>(ym.month()));
  in.before.monthsEmployed = month - startMonth + 1;
  in.before.basicDeduction.reset();  // decided here each month, never carried
  const auto rule = basicDeductionRule(f, ym).rule;
  if (rule == "first_income_of_year")
    in.before.basicDeduction = pay::kMonthlyAllowanceFen * month;  // every month of the year so far
  else if (rule == "annual_60000")
    in.before.basicDeduction = 12 * pay::kMonthlyAllowanceFen;  // the year's whole 60,000 from January
  out.slip = pay::computePayslip(in);
  out.belowMinimumWage = out.slip.paidDays == in.daysInMonth && out.slip.gross < terms.minimumWage;
  return out;
}

}  // namespace sr::payroll
