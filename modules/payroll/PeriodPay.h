#pragma once
// The pay of one employment for one month: one pure function over typed facts and a typed policy
// snapshot (issue #10, finding 6). The payroll run and the pay view both call it, so a worker's
// screen and their payslip cannot disagree; both read the facts and the snapshot in one database
// snapshot (readPayInputs), so a hire committed meanwhile is either wholly seen or not at all.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "certification/CertificationRules.h"
#include "pay/PayRules.h"
#include "payroll/DeductionRules.h"

namespace sr::payroll {

// An assignment: from a day, at a station, on a post and grade, with a personal pay factor.
struct Placement {
  Date effectiveOn;
  int64_t stationId = 0;
  std::string post;
  int grade = 1;
  int64_t factorBp = 10000;
};

struct EmploymentFacts {
  int64_t employmentId = 0, personId = 0;
  Date start;
  std::optional<Date> probationEnd, endedOn;
  // The contract's end: with no ending recorded, nothing is paid after it (an expired contract,
  // issue #11); an ending recorded later than it (work went on) pays to the ending.
  std::optional<Date> contractEnd;
  int probationPct = 100;
  std::vector<Placement> placements;                // by effectiveOn, those on or before the period's end
  std::vector<certification::Held> certificates;    // every certificate the person holds
  int64_t allowances = 0, deductions = 0;           // entered for the period
  int64_t annualBonus = 0, severance = 0;           // pay items of those kinds for the period
  // The year's tax profile (PUT /employments/{id}/tax-profile); unset fields take the defaults.
  struct TaxProfile {
    std::optional<std::string> annualBonus;     // separate | combined
    std::optional<std::string> basicDeduction;  // standard | first_income_of_year | annual_60000
  };
  TaxProfile taxProfile;
  // The person already had a bonus taxed on its own this year, by any employer here (once a year).
  bool separateBonusUsed = false;
  // The year's declared special additional deductions: months declared late are caught up by
  // the cumulative method; a year without a declaration deducts nothing.
  std::vector<DeductionItem> deductionItems;
  std::optional<pay::YearToDate> before;            // the latest earlier payslip this year with this employer
  // Contribution bases (issue #11): declared for the year, else last year's average monthly gross
  // with this employer (its latest payslip of that year), else the first full month's contract pay.
  struct Bases {
    int64_t socialInsurance = 0, housingFund = 0;
  };
  std::optional<Bases> declaredBases;
  struct YearTotal {
    int64_t income = 0;  // wages (bonuses included, 工资总额)
    int months = 0;      // months paid
    int monthsEmployed = 0;
  };
  std::optional<YearTotal> previousYear;
  // A first job pays no housing fund in its first month (住房公积金管理条例 Art. 15).
  bool firstJob = false;
  // Continues an employment with the station's previous agency (a hand-over, issue #17).
  bool transferred = false;
  std::optional<std::string> bankSealed;            // the account a payslip pays; not used by the arithmetic
};

// What a place's policy says, typed. Amounts in fen, rates in hundredths of a percent.
struct PlaceTerms {
  // Keys a run needs that the place's policy lacks: a run there is refused (policy_incomplete).
  std::vector<std::string> missing;
  int64_t minimumWage = 0;
  std::optional<Date> bonusSeparateUntil;   // iit.annual_bonus_separate_until
  std::optional<int64_t> severanceExempt;   // iit.severance_exempt_fen: the place's 3 × average annual wage
  bool workingDays = false;  // payroll.proration = working_days: part months by the 21.75-day rule
  // Enrolment cut-offs (0: a hire contributes from its first month whatever the day).
  int siEnrolCutoffDay = 0, hfEnrolCutoffDay = 0;
  std::map<certification::Level, int64_t> certificateAllowance;
  pay::InsuranceRates rates;
  // The scale in force from each day the month needs (nullopt: no scale there).
  std::map<Date, std::optional<pay::Scale>> scales;
};
struct StationPlace {
  int64_t jurisdictionId = 0;
  std::string jurisdictionPath;
};
struct PolicySnapshot {
  std::map<int64_t, StationPlace> stations;
  std::map<int64_t, PlaceTerms> places;  // by jurisdiction
  const PlaceTerms* termsOf(int64_t stationId) const;
  const pay::Scale* scaleOn(int64_t stationId, const Date& day) const;
};

// The days a month's pay looks a scale up on for these facts: the first day in post and each
// change of assignment within the month (plus `alsoOn`, for the pay view's day).
std::vector<std::pair<int64_t, Date>> scaleDaysNeeded(const EmploymentFacts& f, std::chrono::year_month ym,
                                                      const std::optional<Date>& alsoOn = std::nullopt);

// Monthly amounts in force on a day under one placement.
struct DayRates {
  std::optional<int64_t> scaleAmount;  // the scale's cell; nullopt when no scale or no such cell
  int64_t base = 0;                    // the cell × the personal factor, half up
  int64_t probationMonthly = 0;        // Labor Contract Law Art. 20
};
DayRates ratesUnder(const Placement& p, const EmploymentFacts& f, const PolicySnapshot& s, const Date& day);

// The placement in force on a day, if the employment had started.
const Placement* placementOn(const EmploymentFacts& f, const Date& day);

// The year's contribution bases for an employment, before clamping, and how they were found.
struct ContributionBasis {
  int64_t socialInsurance = 0, housingFund = 0;
  std::string source;  // declared | previous_year_average | first_full_month
  std::string detail;  // the working, for the pay view
  bool socialInsuranceDue = true, housingFundDue = true;
  std::optional<std::string> problem;
};
// The day whose contract pay is the base when nothing else is (the first full month this year; the
// month's last day in post when that month is still ahead), if the facts need one.
std::optional<Date> firstFullMonthDay(const EmploymentFacts& f, std::chrono::year_month ym);
ContributionBasis contributionBasis(const EmploymentFacts& f, const PolicySnapshot& s, std::chrono::year_month ym);

// The year's basic deduction rule for the facts (the profile's, else standard), and the server's
// proposal of 2020年第19号 when its own records prove eligibility: paid by this employer every month
// of last year, 60,000 or less in all.
struct BasicDeductionRule {
  std::string rule;  // standard | first_income_of_year | annual_60000
  std::optional<std::string> proposal;  // why annual_60000 applies, when the records prove it
};
BasicDeductionRule basicDeductionRule(const EmploymentFacts& f, std::chrono::year_month ym);

struct MonthPay {
  bool inPost = false;                // false: not employed on any day of the month, nothing to pay
  std::optional<std::string> problem; // why it cannot be paid (a post or grade missing from the scale)
  int64_t stationId = 0;              // the last station of the month
  std::optional<certification::Level> certificate;
  pay::Payslip slip;
  ContributionBasis basis;
  // A full month whose gross is below the place's minimum wage (issue #11): the run flags it.
  bool belowMinimumWage = false;
};
// Base: each day at the amount in force that day; certificate allowance for the highest level valid
// on the last day worked; insurance and allowances by the last station's place; tax cumulative.
MonthPay payForMonth(const EmploymentFacts& f, const PolicySnapshot& s, std::chrono::year_month ym);

}  // namespace sr::payroll
