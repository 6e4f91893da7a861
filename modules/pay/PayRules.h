#pragma once
// The arithmetic of pay, as pure functions on integer fen: salary scales, proration, probation
// pay, social insurance, cumulative income-tax withholding (累计预扣法), placement and increments.
// Rounding is stated once: every computed amount is rounded half up to the fen (mulDivRound).
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/Time.h"

namespace sr::pay {

// amount × num / den, rounded half up (amount, num ≥ 0; den > 0).
int64_t mulDivRound(int64_t amount, int64_t num, int64_t den);

// ---- Salary scale: posts × grades of monthly base pay.
struct Scale {
  std::vector<std::string> posts;               // post codes, in order
  int grades = 11;
  std::vector<std::vector<int64_t>> amounts;    // [post][grade-1]
  // A post's fixed monthly allowance (岗位津贴), paid with every grade of the post and part of its
  // full month; empty or shorter than posts means none. Kept apart from the cells so a bureau sees
  // the scale as its document prints it.
  std::vector<int64_t> postAllowances;          // [post]
};
// Every cell positive, pay non-decreasing with grade, one row per post, one column per grade; a post
// allowance is never negative.
std::vector<FieldError> scaleProblems(const Scale& s);
// The full month of a post and grade: the cell plus the post's fixed allowance.
std::optional<int64_t> baseFor(const Scale& s, const std::string& post, int grade);
// The scale's lowest full month (cell plus post allowance) and where it is (pay never falls with
// grade: grade 1 of some post).
struct Cell {
  std::string post;
  int grade = 1;
  int64_t amount = 0;
};
std::optional<Cell> lowestCell(const Scale& s);

// ---- Days and proration.
int daysInMonth(std::chrono::year_month ym);
Date firstDay(std::chrono::year_month ym);
Date lastDay(std::chrono::year_month ym);
// How many days of [from, to] (to = nullopt: open) fall in the month.
int daysWithin(std::chrono::year_month ym, const Date& from, const std::optional<Date>& to);

// Probation pay (Labor Contract Law Art. 20): at least `pct` % of the contract wage and at least
// the local minimum wage, never more than the contract wage itself.
int64_t probationMonthly(int64_t base, int pct, int64_t minimumWage);
// The month's base pay: each day worked is 1/daysInMonth of the monthly amount in force that day
// (probation days at the probation amount), rounded once at the end.
int64_t proratedBase(int64_t base, int64_t probationBase, int daysInMonth, int paidDays, int probationDays);

// ---- Social insurance and housing fund. Rates in hundredths of a percent.
// Contributions are charged on a base fixed for the year (not on the month's gross), clamped to the
// place's floor and ceiling, which differ for social insurance and for the housing fund (issue #11).
struct Rates {
  int64_t pension = 0, medical = 0, unemployment = 0, injury = 0, housingFund = 0;
};
struct InsuranceRates {
  Rates employee{800, 200, 50, 0, 500};  // the worker pays no work-injury insurance
  Rates employer;
  int64_t siFloor = 0, siCeiling = 0, hfFloor = 0, hfCeiling = 0;  // 0 = no limit
};
// A base clamped to [floor, ceiling]; a limit of 0 is none.
int64_t clampBase(int64_t base, int64_t floor, int64_t ceiling);
struct Contributions {  // one side's
  int64_t pension = 0, medical = 0, unemployment = 0, injury = 0, housingFund = 0;
  int64_t total() const { return pension + medical + unemployment + injury + housingFund; }
  Contributions operator+(const Contributions& o) const {
    return {pension + o.pension, medical + o.medical, unemployment + o.unemployment, injury + o.injury,
            housingFund + o.housingFund};
  }
  Contributions operator-(const Contributions& o) const {
    return {pension - o.pension, medical - o.medical, unemployment - o.unemployment, injury - o.injury,
            housingFund - o.housingFund};
  }
};
// One side's contributions on the (already clamped) bases; a base of 0 charges nothing.
Contributions contributions(int64_t siBase, int64_t hfBase, const Rates& r);

// ---- Individual income tax on wages, cumulative withholding over the calendar year.
inline constexpr int64_t kMonthlyAllowanceFen = 500000;  // 5,000 yuan per month employed
struct Bracket {
  int64_t upToFen;  // annual cumulative taxable income, inclusive; INT64_MAX for the top
  int ratePct;
  int64_t quickDeductionFen;
};
const std::array<Bracket, 7>& taxTable();
// Tax due on a year's cumulative taxable income (table rate − quick deduction, half up to the fen).
int64_t cumulativeTax(int64_t taxableFen);

struct YearToDate {  // with this employer, this calendar year, including the current month
  int64_t income = 0, insurance = 0, specialDeductions = 0, otherDeductions = 0;
  int monthsEmployed = 0;
  int64_t taxWithheld = 0;  // before this month
  int paidMonths = 0;       // months with a payslip (monthsEmployed counts from the start, paid or not)
  int64_t wages = 0;        // all wage income, bonuses however taxed included (工资总额; not severance)
  // The year's basic deduction so far, when a rule other than 5,000 × monthsEmployed applies
  // (国家税务总局公告2020年第13号: 5,000 × months of the year; 2020年第19号: 60,000 from January).
  std::optional<int64_t> basicDeduction = std::nullopt;
};
struct Withholding {
  int64_t taxableYtd = 0, taxYtd = 0, taxThisMonth = 0;
};
// Never negative: an over-withheld amount is settled in the annual reconciliation, not refunded here.
Withholding withhold(const YearToDate& ytd);

// The monthly table (按月换算后的综合所得税率表): an annual one-off bonus taxed on its own looks its
// rate up here with bonus ÷ 12 (财政部 税务总局公告2023年第30号, until 2027-12-31):
// tax = bonus × rate − the bracket's quick deduction, once per person and year.
const std::array<Bracket, 7>& monthlyTaxTable();
int64_t separateBonusTax(int64_t bonus);
// Severance (经济补偿) up to `exempt` (3 × the local average annual wage) is free of tax; the excess
// is taxed on its own on the annual table (财税〔2018〕164号 Art. 5(1)).
int64_t severanceTax(int64_t severance, int64_t exempt);

// ---- One month's payslip.
struct Segment {  // days of the month under one assignment
  int days = 0, probationDays = 0;
  int64_t monthly = 0, probationMonthly = 0;
  int workingDays = 0, probationWorkingDays = 0;  // Monday to Friday among those days
};
// Monday to Friday from `from` to `to`, both included (0 when to < from). Statutory holidays are
// paid days in the 21.75-day rule and are not subtracted.
int weekdaysBetween(const Date& from, const Date& to);
struct PayslipInput {
  int daysInMonth = 30;
  std::vector<Segment> segments;
  // A part month at 21.75 paid days a month (劳社部发〔2008〕3号): monthly ÷ 21.75 × working days,
  // never above the month; else calendar days (monthly × days ÷ days in the month).
  bool workingDays = false;
  int64_t certificateAllowance = 0;  // monthly amount, prorated like the base
  int64_t otherAllowances = 0, otherDeductions = 0;  // entered for the period
  int64_t specialDeductions = 0;                     // declared monthly amount
  int64_t annualBonus = 0;                           // 全年一次性奖金 paid this month
  bool bonusSeparate = false;                        // taxed on its own, else with the month's wages
  int64_t severance = 0, severanceExempt = 0;        // 经济补偿 and its tax-free part
  InsuranceRates rates;
  // The year's contribution bases before clamping; the housing fund's is 0 in a month it is not due.
  int64_t siBase = 0, hfBase = 0;
  YearToDate before;  // earlier payslips this year with this employer; monthsEmployed includes this month
};
struct Payslip {
  // gross = base + allowances + annual bonus + severance: everything the month pays.
  int64_t base = 0, allowances = 0, gross = 0;
  int64_t annualBonus = 0, annualBonusIit = 0, severance = 0, severanceIit = 0;
  int64_t severanceExempt = 0;  // the part of the severance within the place's exempt figure
  bool bonusSeparate = false;
  int64_t siBase = 0, hfBase = 0;  // the bases charged, clamped
  Contributions insurance;         // the worker's, withheld from pay
  Contributions employer;          // the agency's, on top of gross (单位缴纳)
  int64_t specialDeductions = 0, otherDeductions = 0, taxableYtd = 0, iit = 0, net = 0;
  int paidDays = 0;
  // What goes into next month's year-to-date.
  YearToDate after;
  int64_t labourCost() const { return gross + employer.total(); }
  // The amounts of this payslip less another's (an adjustment pays the difference); the bases and
  // the year-to-date stay this one's.
  Payslip minus(const Payslip& o) const;
  bool anyAmount() const;
};
// Base: each day at the monthly amount in force that day (probation days at the probation amount),
// rounded once. Contributions on the year's bases, clamped. Tax on wages (and a bonus taxed with
// them) by cumulative withholding; a separate bonus and severance taxed on their own.
Payslip computePayslip(const PayslipInput& in);

// ---- Severance (经济补偿, Labor Contract Law Art. 47): a month's wage per full year of service; six
// months or more of a further year count as a year, less as half a month. The wage is the average
// monthly wage of the last twelve months; above three times the local average monthly wage it is
// capped there and the years at twelve.
struct Severance {
  int fullYears = 0, extraMonths = 0;  // service: full years, then whole months of the part-year
  bool partYear = false;               // some service beyond the full years
  int halfMonths = 0;                  // months owed × 2
  int64_t averageMonthly = 0, monthly = 0;
  bool capped = false;
  int64_t amount = 0;
};
// `capMonthly`: three times the local average monthly wage, when the place's figure is known.
Severance art47Severance(const Date& start, const Date& lastDay, int64_t averageMonthly,
                         const std::optional<int64_t>& capMonthly);

// ---- Placement on hire.
struct PlacementRules {
  std::map<std::string, int> educationGrades;    // education -> grades above grade 1
  std::map<std::string, int> certificateGrades;  // certificate level -> extra grades (highest only)
};
int suggestedGrade(const PlacementRules& r, const std::string& education, const std::optional<std::string>& highestCertificate,
                   int topGrade);

// ---- Annual assessment and increments.
enum class Rating { incompetent, basic, competent, excellent };
std::optional<Rating> parseRating(std::string_view name);
std::string_view ratingName(Rating r);

struct IncrementRule {
  std::string kind = "grade_step";  // grade_step | percent
  int steps = 1;
  Rating minRating = Rating::competent;
  int64_t percentHundredths = 0;  // 5 % -> 500
};
struct IncrementOutcome {
  bool changed = false;
  int grade = 1;
  int64_t factorBp = 10000;  // personal pay factor, basis points (10000 = the scale amount)
  std::string reason;
};
// One employment's increment for a year: the rating must reach the rule's minimum; a grade step is
// capped at the top grade; a percent raise compounds the personal pay factor.
IncrementOutcome applyIncrement(const IncrementRule& rule, const std::optional<Rating>& rating, int grade, int topGrade,
                                int64_t factorBp);

}  // namespace sr::pay
