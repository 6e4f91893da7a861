// Issue #10, finding 6: one pure pay function (payroll::payForMonth), checked by properties over
// random facts and policies (rapidcheck) rather than a handful of hand-picked cases.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "payroll/PeriodPay.h"

using namespace sr;
using namespace sr::payroll;
using std::chrono::year_month;

namespace {
constexpr int64_t kStation = 1, kPlace = 10;

Date day(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }

// A valid scale: two posts, eleven grades, pay never falling with grade.
pay::Scale genScale() {
  pay::Scale s;
  s.posts = {"S1", "S2"};
  for (int p = 0; p < 2; ++p) {
    std::vector<int64_t> row;
    int64_t amount = *rc::gen::inRange<int64_t>(200000, 800000);
    for (int g = 0; g < 11; ++g) {
      row.push_back(amount);
      amount += *rc::gen::inRange<int64_t>(0, 50000);
    }
    s.amounts.push_back(row);
  }
  return s;
}

PolicySnapshot genPolicy(const Date& scaleFrom) {
  PolicySnapshot snap;
  snap.stations[kStation] = {kPlace, "/1/"};
  PlaceTerms t;
  t.minimumWage = *rc::gen::inRange<int64_t>(150000, 260000);
  for (auto level : {certification::Level::assistant, certification::Level::intermediate, certification::Level::senior})
    t.certificateAllowance[level] = *rc::gen::inRange<int64_t>(0, 100000);
  t.rates.employee.housingFund = *rc::gen::inRange<int64_t>(500, 1201);
  t.rates.employer = {1600, 950, 50, *rc::gen::inRange<int64_t>(20, 191), t.rates.employee.housingFund};
  t.rates.siFloor = *rc::gen::inRange<int64_t>(0, 400000);
  t.rates.siCeiling = *rc::gen::element<int64_t>(0, 3000000);
  t.rates.hfFloor = *rc::gen::inRange<int64_t>(0, 400000);
  t.rates.hfCeiling = *rc::gen::element<int64_t>(0, 3000000);
  t.scales[scaleFrom] = genScale();
  snap.places[kPlace] = t;
  return snap;
}

// An employment of the month's agency: started in 2025 or during the month, perhaps ended in it,
// perhaps in probation, with up to three placements and certificates.
EmploymentFacts genFacts(const year_month& ym) {
  EmploymentFacts f;
  f.employmentId = 7;
  const auto first = pay::firstDay(ym), last = pay::lastDay(ym);
  f.start = *rc::gen::element(day(2025, 1, 1), day(2025, 11, 15), first, addDays(first, 9), addDays(first, 20));
  if (*rc::gen::arbitrary<bool>()) f.endedOn = *rc::gen::element(addDays(first, 14), last);
  if (f.endedOn && *f.endedOn < f.start) f.endedOn.reset();
  if (*rc::gen::arbitrary<bool>()) f.probationEnd = addDays(f.start, *rc::gen::inRange(20, 180));
  f.probationPct = *rc::gen::inRange(80, 101);
  auto from = f.start;
  int placements = *rc::gen::inRange(1, 4);
  for (int i = 0; i < placements; ++i) {
    f.placements.push_back({from, kStation, *rc::gen::element<std::string>("S1", "S2"), *rc::gen::inRange(1, 11),
                            *rc::gen::inRange<int64_t>(10000, 13001)});
    from = addDays(from, *rc::gen::inRange(3, 12));
    if (from > last) break;
  }
  int certificates = *rc::gen::inRange(0, 3);
  for (int i = 0; i < certificates; ++i)
    f.certificates.push_back({*rc::gen::element(certification::Level::assistant, certification::Level::intermediate,
                                                certification::Level::senior),
                              day(2020, 1, 1), *rc::gen::element(addDays(first, 10), day(2028, 1, 1))});
  f.allowances = *rc::gen::inRange<int64_t>(0, 100000);
  f.deductions = *rc::gen::inRange<int64_t>(0, 50000);
  if (auto monthly = *rc::gen::element<int64_t>(0, 100000, 300000))
    f.deductionItems.push_back({"unspecified", monthly, ym.year() / std::chrono::January, ym.year() / std::chrono::December});
  return f;
}

year_month genMonth() { return year_month{std::chrono::year{2026}, std::chrono::month{*rc::gen::inRange(1u, 13u)}}; }
}  // namespace

// Conservation: gross = base + allowances; net = gross − contributions − tax − deductions.
RC_GTEST_PROP(OnePayFunction, ConservationGrossIsBasePlusAllowancesNetIsGrossLessWithholdings, ()) {
  auto ym = genMonth();
  auto facts = genFacts(ym);
  auto policy = genPolicy(day(2020, 1, 1));
  auto month = payForMonth(facts, policy, ym);
  RC_ASSERT(month.inPost);
  RC_ASSERT(!month.problem);
  const auto& s = month.slip;
  RC_ASSERT(s.gross == s.base + s.allowances);
  RC_ASSERT(s.net == s.gross - s.insurance.total() - s.iit - s.otherDeductions);
  RC_ASSERT(s.paidDays >= 1);
  RC_ASSERT(s.paidDays <= pay::daysInMonth(ym));
  RC_ASSERT(s.iit >= 0);
}

// Rounding: the month's base is rounded once, half up, from the exact day-weighted amount.
RC_GTEST_PROP(OnePayFunction, RoundingTheMonthsBaseIsRoundedOnceHalfUp, ()) {
  auto ym = genMonth();
  auto facts = genFacts(ym);
  facts.placements.resize(1);
  facts.probationEnd.reset();
  auto policy = genPolicy(day(2020, 1, 1));
  auto month = payForMonth(facts, policy, ym);
  RC_ASSERT(!month.problem);
  const auto& p = facts.placements.front();
  auto monthly = pay::mulDivRound(*pay::baseFor(*policy.scaleOn(kStation, p.effectiveOn), p.post, p.grade), p.factorBp, 10000);
  int dim = pay::daysInMonth(ym);
  RC_ASSERT(month.slip.base == pay::mulDivRound(monthly, month.slip.paidDays, dim));
  // Exactly: |base × days in month − monthly × days paid| ≤ half a day's fen.
  auto error = month.slip.base * dim - monthly * month.slip.paidDays;
  RC_ASSERT(2 * error <= dim);
  RC_ASSERT(-2 * error < dim);
}

// Monotonicity in grade: a higher grade never pays less gross nor has a lower contribution base;
// on the same bases it never pays (beyond a yuan of rounding) less net. (On its own higher base a
// few days' work can net less: contributions are a month's on the year's base, issue #11.)
RC_GTEST_PROP(OnePayFunction, MonotonicityAHigherGradeNeverPaysLess, ()) {
  auto ym = genMonth();
  auto facts = genFacts(ym);
  auto policy = genPolicy(day(2020, 1, 1));
  auto higher = facts;
  for (auto& p : higher.placements) p.grade = std::min(11, p.grade + *rc::gen::inRange(1, 4));
  auto a = payForMonth(facts, policy, ym), b = payForMonth(higher, policy, ym);
  RC_ASSERT(!a.problem);
  RC_ASSERT(!b.problem);
  RC_ASSERT(b.slip.base >= a.slip.base);
  RC_ASSERT(b.slip.gross >= a.slip.gross);
  RC_ASSERT(b.basis.socialInsurance >= a.basis.socialInsurance);
  facts.declaredBases = higher.declaredBases = EmploymentFacts::Bases{*rc::gen::inRange<int64_t>(100000, 2000000),
                                                                      *rc::gen::inRange<int64_t>(100000, 2000000)};
  a = payForMonth(facts, policy, ym);
  b = payForMonth(higher, policy, ym);
  RC_ASSERT(b.slip.insurance.total() == a.slip.insurance.total());
  if (b.slip.gross - a.slip.gross >= 100) RC_ASSERT(b.slip.net >= a.slip.net);
}

// The highest certificate valid on the last day worked pays its allowance; an expired higher one does not.
TEST(OnePayFunction, TheHighestCertificateValidOnTheLastDayWorkedCounts) {
  const year_month ym{std::chrono::year{2026}, std::chrono::March};
  std::vector<certification::Held> held{{certification::Level::senior, day(2020, 1, 1), day(2026, 3, 10)},
                                        {certification::Level::assistant, day(2020, 1, 1), day(2027, 1, 1)}};
  EXPECT_EQ(certification::highestValid(held, day(2026, 3, 10)), certification::Level::senior);
  EXPECT_EQ(certification::highestValid(held, day(2026, 3, 31)), certification::Level::assistant);
  EXPECT_EQ(certification::highestValid(held, day(2019, 12, 31)), std::nullopt);
  EmploymentFacts f;
  f.start = day(2025, 1, 1);
  f.placements = {{f.start, kStation, "S1", 1, 10000}};
  f.certificates = held;
  auto policy = PolicySnapshot{};
  policy.stations[kStation] = {kPlace, "/1/"};
  PlaceTerms t;
  t.minimumWage = 200000;
  t.certificateAllowance = {{certification::Level::assistant, 10000}, {certification::Level::senior, 50000}};
  t.scales[day(2020, 1, 1)] = pay::Scale{{"S1"}, 1, {{400000}}, {}};
  policy.places[kPlace] = t;
  auto month = payForMonth(f, policy, ym);
  ASSERT_FALSE(month.problem);
  EXPECT_EQ(month.certificate, certification::Level::assistant);
  EXPECT_EQ(month.slip.allowances, 10000);
  // Ended on the 10th, the senior certificate still held that day counts (prorated 10/31).
  f.endedOn = day(2026, 3, 10);
  month = payForMonth(f, policy, ym);
  EXPECT_EQ(month.certificate, certification::Level::senior);
  EXPECT_EQ(month.slip.allowances, pay::mulDivRound(50000, 10, 31));
  // A level the place sets no figure for is refused, not paid as zero.
  t.certificateAllowance.erase(certification::Level::senior);
  policy.places[kPlace] = t;
  EXPECT_TRUE(payForMonth(f, policy, ym).problem.has_value());
}

// Issue #11: an expired contract (no renewal, no ending) is paid to its end date and not after;
// an ending recorded after the contract's end (work went on) pays to the ending.
TEST(OnePayFunction, AnExpiredContractIsPaidToItsEndDateAndNotAfter) {
  EmploymentFacts f;
  f.start = day(2025, 1, 1);
  f.contractEnd = day(2026, 6, 15);
  f.placements = {{f.start, kStation, "S1", 1, 10000}};
  PolicySnapshot policy;
  policy.stations[kStation] = {kPlace, "/1/"};
  PlaceTerms t;
  t.minimumWage = 200000;
  t.scales[day(2020, 1, 1)] = pay::Scale{{"S1"}, 1, {{300000}}, {}};
  policy.places[kPlace] = t;
  auto june = payForMonth(f, policy, year_month{std::chrono::year{2026}, std::chrono::June});
  EXPECT_EQ(june.slip.paidDays, 15);
  EXPECT_EQ(june.slip.base, 150000);
  EXPECT_FALSE(payForMonth(f, policy, year_month{std::chrono::year{2026}, std::chrono::July}).inPost);
  f.endedOn = day(2026, 7, 10);
  EXPECT_EQ(payForMonth(f, policy, year_month{std::chrono::year{2026}, std::chrono::July}).slip.paidDays, 10);
}
