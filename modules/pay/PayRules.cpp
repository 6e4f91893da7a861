#include "pay/PayRules.h"

#include <algorithm>
#include <limits>

#include "common/Text.h"

namespace sr::pay {

using namespace std::chrono;

// 128-bit intermediate: amount × num may pass 2^63 for yearly sums × basis points.
__extension__ using Wide = __int128;

int64_t mulDivRound(int64_t amount, int64_t num, int64_t den) {
  Wide p = static_cast<Wide>(amount) * num;
  return static_cast<int64_t>((p * 2 + den) / (2 * static_cast<Wide>(den)));
}

std::vector<FieldError> scaleProblems(const Scale& s) {
  std::vector<FieldError> out;
  if (s.posts.empty()) out.push_back({"posts", "needs at least one post"});
  if (s.grades < 1 || s.grades > 30) out.push_back({"grades", "must be between 1 and 30"});
  for (std::size_t i = 0; i < s.posts.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (s.posts[i] == s.posts[j]) out.push_back({"posts[" + std::to_string(i) + "].code", "is used twice"});
  for (std::size_t i = 0; i < s.postAllowances.size(); ++i)
    if (s.postAllowances[i] < 0)
      out.push_back({"posts[" + std::to_string(i) + "].fixed_allowance_fen", "must not be negative"});
  if (s.amounts.size() != s.posts.size()) {
    out.push_back({"amounts_fen", "needs one row per post"});
    return out;
  }
  for (std::size_t p = 0; p < s.amounts.size(); ++p) {
    const auto& row = s.amounts[p];
    std::string at = "amounts_fen[" + std::to_string(p) + "]";
    if (row.size() != static_cast<std::size_t>(s.grades)) {
      out.push_back({at, "needs one amount per grade (" + std::to_string(s.grades) + ")"});
      continue;
    }
    for (std::size_t g = 0; g < row.size(); ++g) {
      if (row[g] <= 0) out.push_back({at + "[" + std::to_string(g) + "]", "must be a positive amount of fen"});
      if (g > 0 && row[g] < row[g - 1])
        out.push_back({at + "[" + std::to_string(g) + "]", "is less than the grade below it"});
    }
  }
  return out;
}

namespace {
int64_t postAllowance(const Scale& s, std::size_t post) {
  return post < s.postAllowances.size() ? s.postAllowances[post] : 0;
}
}  // namespace

std::optional<Cell> lowestCell(const Scale& s) {
  std::optional<Cell> low;
  for (std::size_t p = 0; p < s.posts.size() && p < s.amounts.size(); ++p)
    for (std::size_t g = 0; g < s.amounts[p].size(); ++g) {
      auto month = s.amounts[p][g] + postAllowance(s, p);
      if (!low || month < low->amount) low = Cell{s.posts[p], static_cast<int>(g) + 1, month};
    }
  return low;
}

std::optional<int64_t> baseFor(const Scale& s, const std::string& post, int grade) {
  if (grade < 1 || grade > s.grades) return std::nullopt;
  for (std::size_t p = 0; p < s.posts.size(); ++p)
    if (s.posts[p] == post && p < s.amounts.size() && static_cast<std::size_t>(grade) <= s.amounts[p].size())
      return s.amounts[p][static_cast<std::size_t>(grade - 1)] + postAllowance(s, p);
  return std::nullopt;
}

int daysInMonth(year_month ym) { return static_cast<int>(static_cast<unsigned>((ym / last).day())); }
Date firstDay(year_month ym) { return Date{ym / 1}; }
Date lastDay(year_month ym) { return Date{ym / last}; }

int weekdaysBetween(const Date& from, const Date& to) {
  if (to < from) return 0;
  // Whole weeks hold five each; the at most six days left over are counted one by one.
  const auto days = static_cast<int>(daysBetween(from, to)) + 1;
  int n = days / 7 * 5;
  auto wd = std::chrono::weekday{std::chrono::sys_days{from}}.c_encoding();  // 0 = Sunday
  for (int i = 0; i < days % 7; ++i, wd = (wd + 1) % 7) n += wd != 0 && wd != 6;
  return n;
}

int daysWithin(year_month ym, const Date& from, const std::optional<Date>& to) {
  auto a = std::max(from, firstDay(ym));
  auto b = to ? std::min(*to, lastDay(ym)) : lastDay(ym);
  return b < a ? 0 : static_cast<int>(daysBetween(a, b)) + 1;
}

int64_t probationMonthly(int64_t base, int pct, int64_t minimumWage) {
  return std::min(base, std::max(mulDivRound(base, pct, 100), minimumWage));
}

int64_t proratedBase(int64_t base, int64_t probationBase, int dim, int paidDays, int probationDays) {
  int regular = paidDays - probationDays;
  return mulDivRound(base * regular + probationBase * probationDays, 1, dim);
}

int64_t clampBase(int64_t base, int64_t floor, int64_t ceiling) {
  if (floor > 0) base = std::max(base, floor);
  if (ceiling > 0) base = std::min(base, ceiling);
  return base;
}

Contributions contributions(int64_t siBase, int64_t hfBase, const Rates& r) {
  return {mulDivRound(siBase, r.pension, 10000), mulDivRound(siBase, r.medical, 10000),
          mulDivRound(siBase, r.unemployment, 10000), mulDivRound(siBase, r.injury, 10000),
          mulDivRound(hfBase, r.housingFund, 10000)};
}

const std::array<Bracket, 7>& taxTable() {
  static const std::array<Bracket, 7> t = {{{3600000, 3, 0},
                                            {14400000, 10, 252000},
                                            {30000000, 20, 1692000},
                                            {42000000, 25, 3192000},
                                            {66000000, 30, 5292000},
                                            {96000000, 35, 8592000},
                                            {std::numeric_limits<int64_t>::max(), 45, 18192000}}};
  return t;
}

int64_t cumulativeTax(int64_t taxable) {
  if (taxable <= 0) return 0;
  for (const auto& b : taxTable())
    if (taxable <= b.upToFen) return std::max<int64_t>(0, mulDivRound(taxable, b.ratePct, 100) - b.quickDeductionFen);
  return 0;  // unreachable: the top bracket has no limit
}

Withholding withhold(const YearToDate& y) {
  Withholding w;
  const int64_t basic = y.basicDeduction.value_or(kMonthlyAllowanceFen * y.monthsEmployed);
  w.taxableYtd = std::max<int64_t>(0, y.income - basic - y.insurance - y.specialDeductions - y.otherDeductions);
  w.taxYtd = cumulativeTax(w.taxableYtd);
  w.taxThisMonth = std::max<int64_t>(0, w.taxYtd - y.taxWithheld);
  return w;
}

const std::array<Bracket, 7>& monthlyTaxTable() {
  static const std::array<Bracket, 7> t = {{{300000, 3, 0},
                                            {1200000, 10, 21000},
                                            {2500000, 20, 141000},
                                            {3500000, 25, 266000},
                                            {5500000, 30, 441000},
                                            {8000000, 35, 716000},
                                            {std::numeric_limits<int64_t>::max(), 45, 1516000}}};
  return t;
}

int64_t separateBonusTax(int64_t bonus) {
  if (bonus <= 0) return 0;
  for (const auto& b : monthlyTaxTable())
    // bonus ÷ 12 within the bracket, compared exactly: bonus ≤ 12 × its upper limit.
    if (b.upToFen == std::numeric_limits<int64_t>::max() || bonus <= 12 * b.upToFen)
      return std::max<int64_t>(0, mulDivRound(bonus, b.ratePct, 100) - b.quickDeductionFen);
  return 0;  // unreachable
}

int64_t severanceTax(int64_t severance, int64_t exempt) { return cumulativeTax(severance - exempt); }

Payslip computePayslip(const PayslipInput& in) {
  Payslip p;
  Wide sum = 0;
  for (const auto& s : in.segments) {
    sum += static_cast<Wide>(s.monthly) * (s.days - s.probationDays) + static_cast<Wide>(s.probationMonthly) * s.probationDays;
    p.paidDays += s.days;
  }
  p.base = static_cast<int64_t>((sum * 2 + in.daysInMonth) / (2 * static_cast<Wide>(in.daysInMonth)));
  int64_t certificate = mulDivRound(in.certificateAllowance, p.paidDays, in.daysInMonth);
  if (in.workingDays && p.paidDays < in.daysInMonth) {
    // 21.75 paid days a month: 2,175 hundredths; rounded once, capped at a full month.
    Wide byWorkingDays = 0;
    int64_t fullMonth = 0;
    int working = 0;
    for (const auto& s : in.segments) {
      byWorkingDays += static_cast<Wide>(s.monthly) * (s.workingDays - s.probationWorkingDays) +
                       static_cast<Wide>(s.probationMonthly) * s.probationWorkingDays;
      fullMonth = std::max(fullMonth, s.monthly);
      working += s.workingDays;
    }
    p.base = std::min(fullMonth, static_cast<int64_t>((byWorkingDays * 200 + 2175) / 4350));
    certificate = std::min(in.certificateAllowance, mulDivRound(in.certificateAllowance, int64_t{working} * 100, 2175));
  }
  p.allowances = certificate + in.otherAllowances;
  p.annualBonus = in.annualBonus;
  p.bonusSeparate = in.bonusSeparate && in.annualBonus > 0;
  p.severance = in.severance;
  const int64_t wages = p.base + p.allowances;
  p.gross = wages + p.annualBonus + p.severance;
  p.siBase = in.siBase > 0 ? clampBase(in.siBase, in.rates.siFloor, in.rates.siCeiling) : 0;
  p.hfBase = in.hfBase > 0 ? clampBase(in.hfBase, in.rates.hfFloor, in.rates.hfCeiling) : 0;
  p.insurance = contributions(p.siBase, p.hfBase, in.rates.employee);
  p.employer = contributions(p.siBase, p.hfBase, in.rates.employer);
  p.specialDeductions = in.specialDeductions;
  p.otherDeductions = in.otherDeductions;
  YearToDate ytd = in.before;
  ytd.income += wages + (p.bonusSeparate ? 0 : p.annualBonus);
  ytd.wages += wages + p.annualBonus;
  ytd.insurance += p.insurance.total();
  ytd.specialDeductions += p.specialDeductions;
  ytd.otherDeductions += p.otherDeductions;
  auto w = withhold(ytd);
  p.taxableYtd = w.taxableYtd;
  p.iit = w.taxThisMonth;
  p.annualBonusIit = p.bonusSeparate ? separateBonusTax(p.annualBonus) : 0;
  p.severanceIit = severanceTax(p.severance, in.severanceExempt);
  p.severanceExempt = std::min(p.severance, in.severanceExempt);
  p.net = p.gross - p.insurance.total() - p.otherDeductions - p.iit - p.annualBonusIit - p.severanceIit;
  ytd.taxWithheld += p.iit;
  ytd.paidMonths += 1;
  p.after = ytd;
  return p;
}

Payslip Payslip::minus(const Payslip& o) const {
  Payslip d = *this;
  d.base -= o.base;
  d.allowances -= o.allowances;
  d.gross -= o.gross;
  d.annualBonus -= o.annualBonus;
  d.annualBonusIit -= o.annualBonusIit;
  d.severance -= o.severance;
  d.severanceIit -= o.severanceIit;
  d.insurance = insurance - o.insurance;
  d.employer = employer - o.employer;
  d.specialDeductions -= o.specialDeductions;
  d.otherDeductions -= o.otherDeductions;
  d.iit -= o.iit;
  d.net -= o.net;
  return d;
}

bool Payslip::anyAmount() const {
  return gross != 0 || insurance.total() != 0 || employer.total() != 0 || specialDeductions != 0 ||
         otherDeductions != 0 || iit != 0 || annualBonusIit != 0 || severanceIit != 0 || net != 0;
}

Severance art47Severance(const Date& start, const Date& lastDay, int64_t averageMonthly,
                         const std::optional<int64_t>& capMonthly) {
  Severance s;
  // Whole months from the start to the day after the last day worked, and whether days remain.
  const Date end = addDays(lastDay, 1);
  int months = (static_cast<int>(end.year()) - static_cast<int>(start.year())) * 12 +
               static_cast<int>(static_cast<unsigned>(end.month())) - static_cast<int>(static_cast<unsigned>(start.month()));
  bool days = end.day() != start.day();
  if (end.day() < start.day()) --months;
  months = std::max(0, months);
  s.fullYears = months / 12;
  s.extraMonths = months % 12;
  s.partYear = s.extraMonths > 0 || days;
  s.halfMonths = 2 * s.fullYears + (s.extraMonths >= 6 ? 2 : s.partYear ? 1 : 0);
  s.averageMonthly = s.monthly = averageMonthly;
  if (capMonthly && averageMonthly > *capMonthly) {
    s.capped = true;
    s.monthly = *capMonthly;
    s.halfMonths = std::min(s.halfMonths, 24);
  }
  s.amount = mulDivRound(s.monthly, s.halfMonths, 2);
  return s;
}

int suggestedGrade(const PlacementRules& r, const std::string& education, const std::optional<std::string>& cert,
                   int topGrade) {
  int grade = 1;
  if (auto it = r.educationGrades.find(education); it != r.educationGrades.end()) grade += it->second;
  if (cert)
    if (auto it = r.certificateGrades.find(*cert); it != r.certificateGrades.end()) grade += it->second;
  return std::clamp(grade, 1, topGrade);
}

namespace {
constexpr const char* kRatings[] = {"incompetent", "basic", "competent", "excellent"};
}

std::optional<Rating> parseRating(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kRatings); ++i)
    if (name == kRatings[i]) return static_cast<Rating>(i);
  return std::nullopt;
}

std::string_view ratingName(Rating r) { return kRatings[static_cast<std::size_t>(r)]; }

IncrementOutcome applyIncrement(const IncrementRule& rule, const std::optional<Rating>& rating, int grade, int topGrade,
                                int64_t factorBp) {
  IncrementOutcome o{false, grade, factorBp, ""};
  if (!rating) {
    o.reason = "no assessment for the year";
    return o;
  }
  if (*rating < rule.minRating) {
    o.reason = "rated " + std::string(ratingName(*rating)) + ", below " + std::string(ratingName(rule.minRating));
    return o;
  }
  if (rule.kind == "percent") {
    if (rule.percentHundredths <= 0) {
      o.reason = "the policy's percent raise is 0";
      return o;
    }
    o.factorBp = mulDivRound(factorBp, 10000 + rule.percentHundredths, 10000);
    o.changed = true;
    o.reason = "rated " + std::string(ratingName(*rating)) + ": pay raised " + hundredthsText(rule.percentHundredths) + " %";
    return o;
  }
  if (grade >= topGrade) {
    o.reason = "already at the top grade " + std::to_string(topGrade);
    return o;
  }
  o.grade = std::min(topGrade, grade + rule.steps);
  o.changed = o.grade != grade;
  o.reason = "rated " + std::string(ratingName(*rating)) + ": grade " + std::to_string(grade) + " to " + std::to_string(o.grade);
  return o;
}

}  // namespace sr::pay
