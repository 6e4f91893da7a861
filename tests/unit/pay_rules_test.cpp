// Pure pay rules: cumulative income-tax withholding month by month, proration, probation pay,
// contributions, scales, placement and increments. Expected figures are worked by hand.
#include <gtest/gtest.h>

#include "pay/PayRules.h"

using namespace sr;
using namespace sr::pay;
using std::chrono::year;
using std::chrono::month;

namespace {
Date d(const char* t) { return *parseDate(t); }
constexpr int64_t Y = 100;  // fen per yuan
std::chrono::year_month ym(int y, unsigned m) { return year{y} / month{m}; }
}  // namespace

TEST(IncomeTax, TableHasTheSevenStatutoryBrackets) {
  EXPECT_EQ(cumulativeTax(36000 * Y), 1080 * Y);               // top of 3 %
  EXPECT_EQ(cumulativeTax(36001 * Y), 3600 * Y + 10 - 2520 * Y);  // 10 % minus 2,520 from the next fen
  EXPECT_EQ(cumulativeTax(144000 * Y), 14400 * Y - 2520 * Y);
  EXPECT_EQ(cumulativeTax(300000 * Y), 60000 * Y - 16920 * Y);
  EXPECT_EQ(cumulativeTax(420000 * Y), 105000 * Y - 31920 * Y);
  EXPECT_EQ(cumulativeTax(660000 * Y), 198000 * Y - 52920 * Y);
  EXPECT_EQ(cumulativeTax(960000 * Y), 336000 * Y - 85920 * Y);
  EXPECT_EQ(cumulativeTax(1000000 * Y), 450000 * Y - 181920 * Y);
  EXPECT_EQ(cumulativeTax(0), 0);
  EXPECT_EQ(cumulativeTax(33), 1);  // 0.99 fen rounds half up to 1 fen
}

TEST(IncomeTax, AWholeYearCrossingTwoBrackets) {
  // 30,000 a month, 4,500 insurance, 4,000 special deductions: 16,500 taxable each month.
  const std::vector<int64_t> expected = {495, 495, 1440, 1650, 1650, 1650, 1650, 1650, 2100, 3300, 3300, 3300};
  YearToDate y;
  int64_t withheld = 0;
  for (int m = 1; m <= 12; ++m) {
    y.income += 30000 * Y;
    y.insurance += 4500 * Y;
    y.specialDeductions += 4000 * Y;
    y.monthsEmployed = m;
    y.taxWithheld = withheld;
    auto w = withhold(y);
    EXPECT_EQ(w.taxableYtd, 16500 * Y * m) << "month " << m;
    EXPECT_EQ(w.taxThisMonth, expected[static_cast<std::size_t>(m - 1)] * Y) << "month " << m;
    withheld += w.taxThisMonth;
  }
  EXPECT_EQ(withheld, cumulativeTax(198000 * Y));  // the year adds up to the annual table
}

TEST(IncomeTax, AMidYearHireCountsOnlyMonthsWithThisEmployer) {
  // Hired in July: 10,000 a month, 1,000 insurance.
  YearToDate y{10000 * Y, 1000 * Y, 0, 0, 1, 0};
  EXPECT_EQ(withhold(y).taxThisMonth, 120 * Y);
  y = {20000 * Y, 2000 * Y, 0, 0, 2, 120 * Y};
  EXPECT_EQ(withhold(y).taxThisMonth, 120 * Y);
}

TEST(IncomeTax, AMonthWithoutPayWithholdsNothingAndRefundsNothing) {
  YearToDate jan{10000 * Y, 0, 0, 0, 1, 0};
  EXPECT_EQ(withhold(jan).taxThisMonth, 150 * Y);
  YearToDate feb{10000 * Y, 0, 0, 0, 2, 150 * Y};  // employed, unpaid: the allowance still counts
  EXPECT_EQ(withhold(feb).taxableYtd, 0);
  EXPECT_EQ(withhold(feb).taxThisMonth, 0);
  YearToDate mar{20000 * Y, 0, 0, 0, 3, 150 * Y};
  EXPECT_EQ(withhold(mar).taxThisMonth, 0);  // 5,000 taxable so far: 150, already withheld
}

TEST(Proration, MonthEndsAndLeapFebruary) {
  EXPECT_EQ(daysInMonth(ym(2028, 2)), 29);
  EXPECT_EQ(daysInMonth(ym(2026, 2)), 28);
  EXPECT_EQ(daysWithin(ym(2026, 1), d("2026-01-31"), std::nullopt), 1);
  EXPECT_EQ(proratedBase(600000, 600000, 31, 1, 0), 19355);  // 19,354.84 rounds up
  EXPECT_EQ(daysWithin(ym(2028, 2), d("2028-02-15"), std::nullopt), 15);
  EXPECT_EQ(proratedBase(600000, 600000, 29, 15, 0), 310345);  // 310,344.83
  EXPECT_EQ(daysWithin(ym(2026, 2), d("2026-02-15"), std::nullopt), 14);
  EXPECT_EQ(proratedBase(600000, 600000, 28, 14, 0), 300000);
  EXPECT_EQ(daysWithin(ym(2026, 3), d("2025-01-01"), d("2026-03-31")), 31);
  EXPECT_EQ(daysWithin(ym(2026, 4), d("2025-01-01"), d("2026-03-31")), 0);
  EXPECT_EQ(daysWithin(ym(2026, 3), d("2026-03-10"), d("2026-03-20")), 11);
}

TEST(Proration, ProbationDaysAtTheProbationAmountNeverBelowMinimumWage) {
  EXPECT_EQ(probationMonthly(600000, 80, 249000), 480000);
  EXPECT_EQ(probationMonthly(300000, 80, 249000), 249000);  // Art. 20: the minimum wage wins
  EXPECT_EQ(probationMonthly(200000, 80, 249000), 200000);  // never above the contract wage
  // Probation ends 10 March: 10 days at 4,800, 21 at 6,000.
  EXPECT_EQ(proratedBase(600000, 480000, 31, 31, 10), 561290);
}

TEST(Contributions, RatesOnTheBaseClampedToFloorAndCeiling) {
  EXPECT_EQ(clampBase(1000000, 400000, 800000), 800000);
  EXPECT_EQ(clampBase(200000, 400000, 800000), 400000);
  EXPECT_EQ(clampBase(400000, 400000, 800000), 400000);  // on the floor: unchanged
  EXPECT_EQ(clampBase(333333, 0, 0), 333333);            // 0 is no limit
  Rates employee{800, 200, 50, 0, 1200};
  auto c = contributions(800000, 700000, employee);
  EXPECT_EQ(c.pension, 64000);
  EXPECT_EQ(c.medical, 16000);
  EXPECT_EQ(c.unemployment, 4000);
  EXPECT_EQ(c.injury, 0);
  EXPECT_EQ(c.housingFund, 84000);  // on the housing fund's own base
  EXPECT_EQ(contributions(333333, 0, employee).unemployment, 1667);  // 1,666.665 fen half up
  EXPECT_EQ(contributions(333333, 0, employee).housingFund, 0);      // no base: not due
}

// Issue #11: the base is the year's, not the month's gross, and the two limits are separate.
TEST(Contributions, OnTheYearsBasesClampedToSeparateSocialInsuranceAndHousingFundLimits) {
  PayslipInput in;
  in.daysInMonth = 30;
  in.segments = {{30, 0, 500000, 500000}};
  in.otherAllowances = 300000;  // a bonus month: gross 8,000, the base stays 5,000
  in.rates.employee = {800, 200, 50, 0, 700};
  in.rates.employer = {1600, 950, 50, 20, 700};
  in.rates.siFloor = 450000;
  in.rates.siCeiling = 2500000;
  in.rates.hfFloor = 520000;  // the fund's floor is above social insurance's here
  in.rates.hfCeiling = 3000000;
  in.siBase = in.hfBase = 500000;
  in.before.monthsEmployed = 1;
  auto p = computePayslip(in);
  EXPECT_EQ(p.gross, 800000);
  EXPECT_EQ(p.siBase, 500000);
  EXPECT_EQ(p.hfBase, 520000);
  EXPECT_EQ(p.insurance.pension, 40000);       // 8 % of 5,000, not of 8,000
  EXPECT_EQ(p.insurance.housingFund, 36400);   // 7 % of 5,200
  EXPECT_EQ(p.employer.pension, 80000);        // 16 % of 5,000
  EXPECT_EQ(p.employer.medical, 47500);        // 9.5 %
  EXPECT_EQ(p.employer.unemployment, 2500);
  EXPECT_EQ(p.employer.injury, 1000);          // 0.2 %
  EXPECT_EQ(p.employer.housingFund, 36400);
  EXPECT_EQ(p.employer.total(), 167400);
  EXPECT_EQ(p.labourCost(), 967400);
  EXPECT_EQ(p.net, p.gross - p.insurance.total() - p.iit);  // the agency's side never touches net
  in.hfBase = 0;  // a first job's first month
  auto first = computePayslip(in);
  EXPECT_EQ(first.insurance.housingFund, 0);
  EXPECT_EQ(first.employer.housingFund, 0);
  EXPECT_EQ(first.insurance.pension, 40000);
}

TEST(SalaryScale, CellsPositiveAndNonDecreasingWithGrade) {
  Scale s{{"A", "B"}, 3, {{300000, 320000, 340000}, {300000, 290000, 0}}, {}};
  auto p = scaleProblems(s);
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].field, "amounts_fen[1][1]");
  EXPECT_EQ(p[1].field, "amounts_fen[1][2]");
  EXPECT_EQ(p[2].field, "amounts_fen[1][2]");
  s.amounts[1] = {300000, 300000, 310000};
  EXPECT_TRUE(scaleProblems(s).empty());
  EXPECT_EQ(baseFor(s, "B", 3), 310000);
  EXPECT_EQ(baseFor(s, "B", 4), std::nullopt);
  EXPECT_EQ(baseFor(s, "C", 1), std::nullopt);
  s.amounts.pop_back();
  EXPECT_EQ(scaleProblems(s)[0].field, "amounts_fen");
}

// 最低工资规定 Art. 12 measures a full month of normal work with the post's fixed allowances: the
// lowest full month is the cell plus its post's allowance, so the lowest cell need not be the lowest month.
TEST(SalaryScale, APostsFixedAllowanceIsPartOfEveryFullMonthOfThePost) {
  Scale s{{"A", "B"}, 2, {{200000, 210000}, {190000, 200000}}, {0, 30000}};
  EXPECT_TRUE(scaleProblems(s).empty());
  EXPECT_EQ(baseFor(s, "B", 1), 220000);
  EXPECT_EQ(baseFor(s, "A", 2), 210000);
  auto low = lowestCell(s);
  ASSERT_TRUE(low);
  EXPECT_EQ(low->post, "A");
  EXPECT_EQ(low->amount, 200000);
  s.postAllowances = {5000};  // shorter than the posts: the rest have none
  EXPECT_EQ(baseFor(s, "A", 1), 205000);
  EXPECT_EQ(lowestCell(s)->post, "B");
  EXPECT_EQ(lowestCell(s)->amount, 190000);
  s.postAllowances = {0, -1};
  ASSERT_EQ(scaleProblems(s).size(), 1u);
  EXPECT_EQ(scaleProblems(s)[0].field, "posts[1].fixed_allowance_fen");
}

TEST(Placement, EducationYearsPlusTheHighestCertificateCappedAtTheTop) {
  PlacementRules r{{{"college", 0}, {"bachelor", 1}, {"master", 3}, {"doctorate", 5}},
                   {{"assistant", 1}, {"intermediate", 2}, {"senior", 3}}};
  EXPECT_EQ(suggestedGrade(r, "college", std::nullopt, 11), 1);
  EXPECT_EQ(suggestedGrade(r, "bachelor", std::string("intermediate"), 11), 4);
  EXPECT_EQ(suggestedGrade(r, "doctorate", std::string("senior"), 8), 8);
}

TEST(Increments, EachRatingAgainstAGradeStepRule) {
  IncrementRule rule{"grade_step", 1, Rating::competent, 0};
  EXPECT_EQ(applyIncrement(rule, Rating::excellent, 3, 11, 10000).grade, 4);
  EXPECT_EQ(applyIncrement(rule, Rating::competent, 3, 11, 10000).grade, 4);
  EXPECT_FALSE(applyIncrement(rule, Rating::basic, 3, 11, 10000).changed);
  EXPECT_FALSE(applyIncrement(rule, Rating::incompetent, 3, 11, 10000).changed);
  EXPECT_FALSE(applyIncrement(rule, std::nullopt, 3, 11, 10000).changed);
  auto top = applyIncrement(rule, Rating::excellent, 11, 11, 10000);
  EXPECT_FALSE(top.changed);
  EXPECT_EQ(top.reason, "already at the top grade 11");
  rule.steps = 2;
  EXPECT_EQ(applyIncrement(rule, Rating::excellent, 10, 11, 10000).grade, 11);  // capped
}

TEST(Increments, GuangdongFivePercentCompounds) {
  IncrementRule rule{"percent", 0, Rating::competent, 500};
  auto first = applyIncrement(rule, Rating::competent, 1, 11, 10000);
  EXPECT_TRUE(first.changed);
  EXPECT_EQ(first.factorBp, 10500);
  EXPECT_EQ(applyIncrement(rule, Rating::excellent, 1, 11, first.factorBp).factorBp, 11025);
  EXPECT_FALSE(applyIncrement(rule, Rating::basic, 1, 11, 10500).changed);
}

TEST(PayslipMonth, AGradeChangeMidMonthAndProbationEndingInsideIt) {
  // March (31 days): 10 probation days at 4,000 × 80 %, then 11 regular days at 4,000, then a
  // grade step to 4,150 for the last 10 days; a 300 certificate allowance for the whole month.
  PayslipInput in;
  in.daysInMonth = 31;
  in.segments = {{21, 10, 400000, 320000}, {10, 0, 415000, 332000}};
  in.certificateAllowance = 30000;
  in.rates.employee = {800, 200, 50, 0, 500};
  in.siBase = in.hfBase = 409032;  // the year's base: here this month's gross
  in.before = {0, 0, 0, 0, 1, 0};
  auto p = computePayslip(in);
  // (4,000 × 11 + 3,200 × 10 + 4,150 × 10) / 31 = 3,790.32
  EXPECT_EQ(p.base, 379032);
  EXPECT_EQ(p.allowances, 30000);
  EXPECT_EQ(p.gross, 409032);
  EXPECT_EQ(p.insurance.pension, 32723);       // 8 % of 4,090.32 = 327.2256
  EXPECT_EQ(p.insurance.housingFund, 20452);   // 5 % = 204.516
  EXPECT_EQ(p.iit, 0);                         // under the 5,000 monthly allowance
  EXPECT_EQ(p.net, p.gross - p.insurance.total());
  EXPECT_EQ(p.paidDays, 31);
}

TEST(PayslipMonth, YearToDateCarriesIntoTheNextMonth) {
  PayslipInput in;
  in.daysInMonth = 30;
  in.segments = {{30, 0, 1500000, 1500000}};
  in.specialDeductions = 200000;
  in.otherDeductions = 10000;
  in.rates.employee = {};
  in.before = {0, 0, 0, 0, 1, 0};
  auto jan = computePayslip(in);
  // 15,000 − 5,000 − 2,000 − 100 = 7,900 taxable → 237.00
  EXPECT_EQ(jan.taxableYtd, 790000);
  EXPECT_EQ(jan.iit, 23700);
  EXPECT_EQ(jan.net, 1500000 - 10000 - 23700);
  in.before = jan.after;
  in.before.monthsEmployed = 2;
  auto feb = computePayslip(in);
  EXPECT_EQ(feb.taxableYtd, 1580000);
  EXPECT_EQ(feb.iit, 23700);
}

// Labor Contract Law Art. 47: a month per full year; six months or more of a part-year count as a
// year, less as half a month; above 3 × the local average monthly wage the wage is capped there
// and the years at twelve.
TEST(Severance, Art47ServiceRoundingAndTheCaps) {
  auto d = [](const char* s) { return *parseDate(s); };
  auto a = art47Severance(d("2024-03-10"), d("2026-10-20"), 500000, std::nullopt);
  EXPECT_EQ(a.fullYears, 2);
  EXPECT_EQ(a.extraMonths, 7);
  EXPECT_EQ(a.halfMonths, 6);  // 7 months count as a year: 3 months' wages
  EXPECT_EQ(a.amount, 1500000);
  auto b = art47Severance(d("2025-01-01"), d("2026-03-31"), 400000, std::nullopt);
  EXPECT_EQ(b.halfMonths, 3);  // a year and 3 months: 1.5 months
  EXPECT_EQ(b.amount, 600000);
  EXPECT_EQ(art47Severance(d("2025-01-01"), d("2025-12-31"), 400000, std::nullopt).halfMonths, 2);  // exactly a year
  EXPECT_EQ(art47Severance(d("2026-01-01"), d("2026-02-15"), 400000, std::nullopt).halfMonths, 1);  // under six months
  EXPECT_EQ(art47Severance(d("2025-01-01"), d("2025-06-30"), 400000, std::nullopt).halfMonths, 2);  // six months: a year
  // 15 years at 30,000 where three times the average is 25,000: 25,000 × 12.
  auto capped = art47Severance(d("2011-01-01"), d("2025-12-31"), 3000000, 2500000);
  EXPECT_TRUE(capped.capped);
  EXPECT_EQ(capped.amount, 2500000 * 12);
  auto under = art47Severance(d("2011-01-01"), d("2025-12-31"), 2000000, 2500000);
  EXPECT_FALSE(under.capped);
  EXPECT_EQ(under.amount, 2000000 * 15);  // below the cap the years are not capped either
}

// The working days of the 21.75-day rule, counted in closed form, agree with counting Monday to
// Friday one day at a time over every range starting in a fortnight and up to 40 days long.
TEST(PayslipMonth, WorkingDaysAreEveryMondayToFridayInTheRange) {
  const auto start = *parseDate("2026-02-16");
  for (int a = 0; a < 14; ++a)
    for (int len = -1; len < 40; ++len) {
      auto from = addDays(start, a), to = addDays(from, len);
      int byDay = 0;
      for (auto d = from; d <= to; d = addDays(d, 1)) {
        auto wd = std::chrono::weekday{std::chrono::sys_days{d}};
        byDay += wd != std::chrono::Saturday && wd != std::chrono::Sunday;
      }
      EXPECT_EQ(weekdaysBetween(from, to), byDay) << formatDate(from) << " to " << formatDate(to);
    }
}

// 劳社部发〔2008〕3号: 21.75 paid days a month. A place choosing it pays a part month as monthly ÷
// 21.75 × working days (Monday to Friday), never more than the month.
TEST(PayslipMonth, APartMonthByThe2175DayRule) {
  EXPECT_EQ(weekdaysBetween(*parseDate("2026-04-16"), *parseDate("2026-04-30")), 11);  // Thu 16 to Thu 30
  EXPECT_EQ(weekdaysBetween(*parseDate("2026-04-18"), *parseDate("2026-04-19")), 0);   // a weekend
  PayslipInput in;
  in.daysInMonth = 30;
  in.segments = {{15, 0, 400000, 400000, 11, 0}};
  in.certificateAllowance = 21750;
  EXPECT_EQ(computePayslip(in).base, 200000);  // calendar days: 15 / 30
  in.workingDays = true;
  auto p = computePayslip(in);
  EXPECT_EQ(p.base, 202299);        // 4,000 × 11 ÷ 21.75 = 2,022.988…
  EXPECT_EQ(p.allowances, 11000);   // 217.50 × 11 ÷ 21.75
  in.segments = {{29, 0, 400000, 400000, 22, 0}};
  EXPECT_EQ(computePayslip(in).base, 400000);  // 22 days would be 4,045.98: never above the month
  in.segments = {{30, 0, 400000, 400000, 22, 0}};
  EXPECT_EQ(computePayslip(in).base, 400000);  // a full month is the month
}
