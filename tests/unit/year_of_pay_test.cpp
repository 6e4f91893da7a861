// Issue #11: a year of months for four workers through the one pay function, each month's year so
// far carried into the next as the run carries it, checked against figures worked out by hand
// (the working is beside each expectation). Worker A's bonus is taxed on its own, B's with the
// wages; C is a mid-year hire in a first job on the first-income rule with a severance above the
// exemption; D qualifies for the 60,000 basic deduction from January.
#include <gtest/gtest.h>

#include <numeric>

#include "payroll/PeriodPay.h"

using namespace sr;
using namespace sr::payroll;
using std::chrono::year_month;

namespace {
constexpr int64_t kStation = 1, kPlace = 10;
Date day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
year_month month(int y, unsigned m) { return year_month{std::chrono::year{y}, std::chrono::month{m}}; }

// One post "S": grade 1 4,000.00, grade 2 6,000.00, grade 3 20,000.00. Employee 8 / 2 / 0.5 %
// and fund 5 %; the agency 16 / 9.5 / 0.5 / 0.2 / 5 %. Social insurance base 4,500–25,000, the
// fund's 2,500–30,000; severance exempt up to 250,000.00; a bonus on its own until 2027-12-31.
PolicySnapshot place() {
  PolicySnapshot s;
  s.stations[kStation] = {kPlace, "/330000/"};
  PlaceTerms t;
  t.minimumWage = 249000;
  t.rates.employee = {800, 200, 50, 0, 500};
  t.rates.employer = {1600, 950, 50, 20, 500};
  t.rates.siFloor = 450000;
  t.rates.siCeiling = 2500000;
  t.rates.hfFloor = 250000;
  t.rates.hfCeiling = 3000000;
  t.severanceExempt = 25000000;
  t.bonusSeparateUntil = day(2027, 12, 31);
  t.scales[day(2020, 1, 1)] = pay::Scale{{"S"}, 3, {{400000, 600000, 2000000}}, {}};
  s.places[kPlace] = t;
  return s;
}

EmploymentFacts worker(const Date& start, int grade) {
  EmploymentFacts f;
  f.employmentId = grade;
  f.start = start;
  f.placements = {{start, kStation, "S", grade, 10000}};
  return f;
}

// Runs the months of 2026 from `from`, carrying each payslip's year-to-date into the next, with
// `itemsOf(month)` setting that month's pay items; answers each month's payslip.
std::vector<pay::Payslip> year(EmploymentFacts f, unsigned from, const std::function<void(EmploymentFacts&, unsigned)>& itemsOf) {
  const auto policy = place();
  std::vector<pay::Payslip> slips;
  for (unsigned m = from; m <= 12; ++m) {
    f.allowances = f.annualBonus = f.severance = 0;
    itemsOf(f, m);
    auto pay = payForMonth(f, policy, month(2026, m));
    EXPECT_FALSE(pay.problem) << m << ": " << pay.problem.value_or("");
    slips.push_back(pay.slip);
    f.before = pay.slip.after;
  }
  return slips;
}

std::vector<int64_t> iitOf(const std::vector<pay::Payslip>& slips) {
  std::vector<int64_t> out;
  for (const auto& s : slips) out.push_back(s.iit);
  return out;
}

const auto decemberBonus = [](EmploymentFacts& f, unsigned m) {
  if (m == 12) f.annualBonus = 3000000;  // 30,000.00
};
}  // namespace

// A: 20,000.00 a month on a declared base of 20,000.00: contributions 1,600 + 400 + 100 + 1,000 =
// 3,100.00, so 11,900.00 taxable a month. Cumulative: Jan–Mar 11,900 × n × 3 % = 357.00 each; April
// 47,600 × 10 % − 2,520 = 2,240 − 1,071 = 1,169.00; then 1,190.00 a month (10 % of 11,900). The
// December bonus on its own: 30,000 ÷ 12 = 2,500 → 3 %, 900.00, outside the wage tax.
TEST(YearOfPay, ABonusTaxedOnItsOwn) {
  auto a = worker(day(2025, 1, 1), 3);
  a.declaredBases = EmploymentFacts::Bases{2000000, 2000000};
  auto slips = year(a, 1, decemberBonus);
  EXPECT_EQ(iitOf(slips), (std::vector<int64_t>{35700, 35700, 35700, 116900, 119000, 119000, 119000, 119000, 119000,
                                                119000, 119000, 119000}));
  const auto& dec = slips.back();
  EXPECT_TRUE(dec.bonusSeparate);
  EXPECT_EQ(dec.annualBonusIit, 90000);
  EXPECT_EQ(dec.gross, 2000000 + 3000000);
  EXPECT_EQ(dec.insurance.total(), 310000);  // the bonus is not charged contributions
  EXPECT_EQ(dec.net, 5000000 - 310000 - 119000 - 90000);
  EXPECT_EQ(dec.after.income, 12 * 2000000);             // taxable wages: the bonus stays out
  EXPECT_EQ(dec.after.wages, 12 * 2000000 + 3000000);    // 工资总额: it counts
  EXPECT_EQ(dec.employer.total(), 624000);  // 31.2 % of the 20,000.00 base
}

// B: the same pay with the bonus taxed with the wages: December's cumulative taxable is
// 12 × 11,900 + 30,000 = 172,800 → 20 % − 16,920 = 17,640.00, less 10,570.00 withheld to November:
// 7,070.00. The year: 17,640.00 against A's 11,760.00 + 900.00 — 4,980.00 more.
TEST(YearOfPay, ABonusTaxedWithTheWages) {
  auto b = worker(day(2025, 1, 1), 3);
  b.declaredBases = EmploymentFacts::Bases{2000000, 2000000};
  b.taxProfile.annualBonus = "combined";
  auto slips = year(b, 1, decemberBonus);
  EXPECT_FALSE(slips.back().bonusSeparate);
  EXPECT_EQ(slips.back().annualBonusIit, 0);
  EXPECT_EQ(slips.back().iit, 707000);
  auto total = iitOf(slips);
  EXPECT_EQ(std::accumulate(total.begin(), total.end(), int64_t{0}), 1764000);
  // Once per person and year: a second bonus taxed on its own is taxed with the wages instead; and
  // not after the rule's last day.
  b.taxProfile.annualBonus.reset();
  b.separateBonusUsed = true;
  b.annualBonus = 3000000;
  EXPECT_FALSE(payForMonth(b, place(), month(2026, 12)).slip.bonusSeparate);
  b.separateBonusUsed = false;
  EXPECT_TRUE(payForMonth(b, place(), month(2027, 12)).slip.bonusSeparate);
  EXPECT_FALSE(payForMonth(b, place(), month(2028, 1)).slip.bonusSeparate);
}

// C: hired 2026-07-01 in a first job at 6,000.00. The base is July's contract pay, 6,000.00:
// 480 + 120 + 30 = 630.00 a month, and the fund's 300.00 only from August (Art. 15). On the
// first-income rule (2020年第13号) the basic deduction is 5,000 × the month's number (35,000 in July),
// so nothing is withheld all year; on the standard rule July alone would withhold
// (6,000 − 5,000 − 630) × 3 % = 11.10. December's severance of 300,000.00 is 50,000.00 above the
// exemption, taxed on its own on the annual table: 10 % − 2,520 = 2,480.00.
TEST(YearOfPay, AMidYearFirstJobOnTheFirstIncomeRuleWithSeveranceAboveTheExemption) {
  auto c = worker(day(2026, 7, 1), 2);
  c.firstJob = true;
  c.taxProfile.basicDeduction = "first_income_of_year";
  auto slips = year(c, 7, [](EmploymentFacts& f, unsigned m) {
    if (m == 12) f.severance = 30000000;
  });
  EXPECT_EQ(iitOf(slips), (std::vector<int64_t>{0, 0, 0, 0, 0, 0}));
  EXPECT_EQ(slips[0].insurance.housingFund, 0);
  EXPECT_EQ(slips[0].insurance.total(), 63000);
  EXPECT_EQ(slips[1].insurance.housingFund, 30000);
  EXPECT_EQ(slips.back().severanceIit, 248000);
  EXPECT_EQ(slips.back().net, 600000 + 30000000 - 93000 - 248000);
  EXPECT_EQ(slips.back().after.wages, 6 * 600000);  // severance is not wages
  c.taxProfile.basicDeduction = "standard";
  EXPECT_EQ(year(c, 7, [](EmploymentFacts&, unsigned) {})[0].iit, 1110);
}

// D: paid by this employer every month of 2025, 54,000.00 in all: the 60,000 rule (2020年第19号)
// applies from January unasked. 4,000.00 a month on a base of 4,500.00 (last year's average, at the
// floor): 360 + 90 + 22.50 + 225 = 697.50. A 20,000.00 allowance in March. Standard: March's
// cumulative taxable 32,000 − 15,000 − 2,092.50 = 14,907.50 → 447.23 withheld (then nothing, the
// excess refunded at the annual reconciliation). With 60,000 from January: nothing all year.
TEST(YearOfPay, TheSixtyThousandRuleFromJanuary) {
  auto d = worker(day(2024, 1, 1), 1);
  d.previousYear = EmploymentFacts::YearTotal{5400000, 12, 12};
  auto rule = basicDeductionRule(d, month(2026, 1));
  EXPECT_EQ(rule.rule, "annual_60000");
  ASSERT_TRUE(rule.proposal);
  EXPECT_NE(rule.proposal->find("54000.00"), std::string::npos) << *rule.proposal;
  auto march = [](EmploymentFacts& f, unsigned m) {
    if (m == 3) f.allowances = 2000000;
  };
  auto slips = year(d, 1, march);
  EXPECT_EQ(iitOf(slips), std::vector<int64_t>(12, 0));
  EXPECT_EQ(slips[0].siBase, 450000);
  EXPECT_EQ(slips[0].insurance.total(), 69750);
  d.taxProfile.basicDeduction = "standard";  // the worker declined it
  EXPECT_EQ(iitOf(year(d, 1, march)), (std::vector<int64_t>{0, 0, 44723, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
  // Not proven: eleven months paid, or more than 60,000.
  d.taxProfile.basicDeduction.reset();
  d.previousYear = EmploymentFacts::YearTotal{5400000, 11, 12};
  EXPECT_EQ(basicDeductionRule(d, month(2026, 1)).rule, "standard");
  d.previousYear = EmploymentFacts::YearTotal{6000001, 12, 12};
  EXPECT_EQ(basicDeductionRule(d, month(2026, 1)).rule, "standard");
  d.previousYear = EmploymentFacts::YearTotal{6000000, 12, 12};
  EXPECT_EQ(basicDeductionRule(d, month(2026, 1)).rule, "annual_60000");
}

// The separate bonus tax at the monthly table's edges: 36,000 ÷ 12 = 3,000 is still 3 %; a fen
// more is 10 % − 210.
TEST(YearOfPay, TheSeparateBonusTableAtItsEdges) {
  EXPECT_EQ(pay::separateBonusTax(3600000), 108000);
  EXPECT_EQ(pay::separateBonusTax(3600001), 339000);  // 3,600.0001 − 210 → 3,390.00
  EXPECT_EQ(pay::separateBonusTax(14400000), 1419000);  // 144,000 × 10 % − 210
  EXPECT_EQ(pay::separateBonusTax(0), 0);
  EXPECT_EQ(pay::severanceTax(25000000, 25000000), 0);  // at the exemption
  EXPECT_EQ(pay::severanceTax(25000100, 25000000), 3);  // a yuan above: 3 %
}

// E: 6,000.00 a month on a declared 6,000.00 base (contributions 930.00): 70.00 taxable a month,
// 2.10 withheld each month to July. A child born in March is declared in August: August's
// cumulative deduction is March–August, 12,000.00, so nothing is taxable and nothing withheld from
// August on (the 14.70 withheld before is settled in the annual reconciliation). In 2027 nothing is
// deducted until the worker confirms; confirmed, January deducts 2,000.00 again.
TEST(YearOfPay, ACategoryDeclaredLateIsCaughtUpAndAnUnconfirmedJanuaryDeductsNothing) {
  auto e = worker(day(2025, 1, 1), 2);
  e.declaredBases = EmploymentFacts::Bases{600000, 600000};
  std::vector<DeductionItem> child{{"children_education", 200000, month(2026, 3), month(2026, 12)}};
  auto slips = year(e, 1, [&](EmploymentFacts& f, unsigned m) { f.deductionItems = m >= 8 ? child : std::vector<DeductionItem>{}; });
  EXPECT_EQ(iitOf(slips), (std::vector<int64_t>{210, 210, 210, 210, 210, 210, 210, 0, 0, 0, 0, 0}));
  EXPECT_EQ(slips[6].specialDeductions, 0);
  EXPECT_EQ(slips[7].specialDeductions, 1200000);  // March to August at once
  EXPECT_EQ(slips[8].specialDeductions, 200000);
  EXPECT_EQ(slips.back().after.specialDeductions, 2000000);

  auto january = [&](const std::vector<DeductionItem>& items) {
    auto f = e;
    f.deductionItems = items;
    return payForMonth(f, place(), month(2027, 1)).slip;
  };
  EXPECT_EQ(january({}).specialDeductions, 0);  // not confirmed: paused
  EXPECT_EQ(january({}).iit, 210);
  EXPECT_EQ(january(carriedInto(child, 2027)).specialDeductions, 200000);
  EXPECT_EQ(january(carriedInto(child, 2027)).iit, 0);
}
