// Pure rules of the workforce: ID numbers, age, eligibility, Labor Contract Law Art. 19/20,
// blacklist terms, certificate periods, filings, and the sealing of personal data.
#include <gtest/gtest.h>

#include "blacklist/BlacklistRules.h"
#include "certification/CertificationRules.h"
#include "common/DataProtection.h"
#include "common/Text.h"
#include "compliance/ComplianceRules.h"
#include "filing/Filing.h"
#include "people/PersonRules.h"
#include "workforce/HireRules.h"

using namespace sr;

namespace {
Date d(const char* text) { return *parseDate(text); }
const Date kToday = d("2026-11-23");
}  // namespace

TEST(IdNumber, TheStandardExampleIsValidAndItsFactsAreRead) {
  // GB 11643-1999's own example, with X as check character.
  EXPECT_EQ(people::idNumberProblem("11010519491231002X", kToday), std::nullopt);
  EXPECT_EQ(people::idNumberProblem("11010519491231002x", kToday), std::nullopt);  // lower-case x accepted
  EXPECT_EQ(people::normalizeIdNumber("11010519491231002x"), "11010519491231002X");
  auto facts = people::idFacts("11010519491231002X");
  EXPECT_EQ(facts.birthDate, d("1949-12-31"));
  EXPECT_EQ(facts.sex, 'F');  // 17th digit 2 is even
}

TEST(IdNumber, EachKindOfMistakeIsNamed) {
  EXPECT_EQ(people::idNumberProblem("11010519491231002", kToday), "must be 18 characters");
  EXPECT_EQ(people::idNumberProblem("110105194912310021", kToday), "has a wrong check character");
  EXPECT_EQ(people::idNumberProblem("1101051949123100AX", kToday), "the first 17 characters must be digits");
  EXPECT_EQ(people::idNumberProblem("99010519491231002X", kToday), "does not start with a province code");
  std::string feb29of2001 = "33048120010229001";
  EXPECT_EQ(people::idNumberProblem(feb29of2001 + people::idCheckCharacter(feb29of2001), kToday),
            "does not contain a real birth date");
  std::string future = "33048120270101001";
  EXPECT_EQ(people::idNumberProblem(future + people::idCheckCharacter(future), kToday),
            "contains a birth date in the future");
}

TEST(IdNumber, TwentyNinthOfFebruaryInALeapYearIsARealBirthDate) {
  std::string first17 = "33048120000229001";
  EXPECT_EQ(people::idNumberProblem(first17 + people::idCheckCharacter(first17), kToday), std::nullopt);
}

TEST(Age, CountsFullYearsAndA29FebruaryBirthdayFallsOn1March) {
  EXPECT_EQ(people::ageOn(d("1990-06-15"), d("2030-06-14")), 39);
  EXPECT_EQ(people::ageOn(d("1990-06-15"), d("2030-06-15")), 40);
  EXPECT_EQ(people::ageOn(d("2000-02-29"), d("2018-02-28")), 17);
  EXPECT_EQ(people::ageOn(d("2000-02-29"), d("2018-03-01")), 18);
  EXPECT_EQ(people::ageOn(d("2000-02-29"), d("2020-02-28")), 19);
  EXPECT_EQ(people::ageOn(d("2000-02-29"), d("2020-02-29")), 20);
}

TEST(Eligibility, MaxAgeAdmitsTheLimitItselfAndRefusesTheDayTheNextYearBegins) {
  workforce::EligibilityRules rules{40, people::Education::college, false};
  workforce::Candidate c{d("1986-03-10"), people::Education::college, false, false};
  EXPECT_TRUE(workforce::eligibilityProblems(rules, c, d("2026-03-10")).empty());  // 40 on the start date
  EXPECT_TRUE(workforce::eligibilityProblems(rules, c, d("2027-03-09")).empty());  // the last day at 40
  auto refused = workforce::eligibilityProblems(rules, c, d("2027-03-10"));        // turns 41 that day
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].field, "person.id_number");
  EXPECT_NE(refused[0].message.find("41"), std::string::npos);
}

TEST(Eligibility, EveryFailedRuleIsListed) {
  workforce::EligibilityRules rules{40, people::Education::bachelor, true};
  workforce::Candidate c{d("1980-01-01"), people::Education::college, false, false};
  auto problems = workforce::eligibilityProblems(rules, c, d("2026-01-01"));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].field, "person.id_number");
  EXPECT_EQ(problems[1].field, "person.education");
  EXPECT_EQ(problems[2].field, "person.social_work_major");
  c.certified = true;  // a certificate is as good as the degree
  EXPECT_EQ(workforce::eligibilityProblems(rules, c, d("2026-01-01")).size(), 2u);
}

TEST(Eligibility, NoOneUnderSixteenAndNoLimitWhenMaxAgeIsZero) {
  workforce::EligibilityRules rules{0, people::Education::secondary, false};
  EXPECT_EQ(workforce::eligibilityProblems(rules, {d("2010-12-01"), people::Education::secondary, false, false}, d("2026-11-30")).size(), 1u);
  EXPECT_TRUE(workforce::eligibilityProblems(rules, {d("2010-12-01"), people::Education::secondary, false, false}, d("2026-12-01")).empty());
  EXPECT_TRUE(workforce::eligibilityProblems(rules, {d("1950-01-01"), people::Education::secondary, false, false}, d("2026-01-01")).empty());
}

TEST(ProbationArt19, LimitsFollowTheContractTermAtEachBoundary) {
  using workforce::maxProbationMonths;
  auto start = d("2026-01-01");
  EXPECT_EQ(maxProbationMonths(start, d("2026-03-30")), 0);  // one day short of 3 months
  EXPECT_EQ(maxProbationMonths(start, d("2026-03-31")), 1);  // exactly 3 months
  EXPECT_EQ(maxProbationMonths(start, d("2026-12-30")), 1);  // one day short of a year
  EXPECT_EQ(maxProbationMonths(start, d("2026-12-31")), 2);  // exactly one year
  EXPECT_EQ(maxProbationMonths(start, d("2028-12-30")), 2);  // one day short of 3 years
  EXPECT_EQ(maxProbationMonths(start, d("2028-12-31")), 6);  // exactly 3 years
  EXPECT_EQ(maxProbationMonths(start, std::nullopt), 6);     // open-ended
}

TEST(ProbationArt19, ExactlyTheLimitIsAllowedAndOneMoreIsNot) {
  workforce::ContractTerms t{d("2026-01-01"), d("2026-12-31"), 2, 80, false};
  EXPECT_TRUE(workforce::contractProblems(t).empty());
  t.probationMonths = 3;
  auto p = workforce::contractProblems(t);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].field, "probation_months");
}

TEST(ProbationArt19, OncePerEmployerAndPayAtLeastEightyPercent) {
  workforce::ContractTerms t{d("2026-01-01"), d("2028-12-31"), 1, 79, true};
  auto p = workforce::contractProblems(t);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].field, "probation_months");
  EXPECT_EQ(p[1].field, "probation_pay_pct");
  t.probationMonths = 0;
  t.probationPayPct = 80;
  EXPECT_TRUE(workforce::contractProblems(t).empty());
}

TEST(ProbationArt19, EndsTheDayBeforeTheSameDateOrOnAShortMonthsLastDay) {
  EXPECT_EQ(workforce::probationEnd(d("2026-01-15"), 2), d("2026-03-14"));
  EXPECT_EQ(workforce::probationEnd(d("2026-01-01"), 6), d("2026-06-30"));
  EXPECT_EQ(workforce::probationEnd(d("2026-01-31"), 1), d("2026-02-28"));
  EXPECT_EQ(workforce::probationEnd(d("2026-01-31"), 0), std::nullopt);
}

TEST(EmploymentStatus, DerivedFromStateAndDates) {
  using workforce::employmentStatus;
  EXPECT_EQ(employmentStatus("employed", d("2026-11-23"), std::nullopt, kToday), "probation");
  EXPECT_EQ(employmentStatus("employed", d("2026-11-22"), std::nullopt, kToday), "active");
  EXPECT_EQ(employmentStatus("employed", std::nullopt, std::nullopt, kToday), "active");
  EXPECT_EQ(employmentStatus("ended", std::nullopt, d("2026-11-23"), kToday), "notice");  // the last day is still worked
  EXPECT_EQ(employmentStatus("ended", std::nullopt, d("2026-11-22"), kToday), "ended");
}

TEST(BlacklistTerm, InForceFromListingUpToButNotIncludingTheEndDate) {
  blacklist::Term t{d("2024-03-01"), blacklist::endsOn(d("2024-03-01"), 2), std::nullopt};
  EXPECT_EQ(t.endsOn, d("2026-03-01"));
  EXPECT_FALSE(blacklist::inForce(t, d("2024-02-29")));
  EXPECT_TRUE(blacklist::inForce(t, d("2024-03-01")));
  EXPECT_TRUE(blacklist::inForce(t, d("2026-02-28")));  // the day before the end date
  EXPECT_FALSE(blacklist::inForce(t, d("2026-03-01")));  // the end date itself
  t.liftedOn = d("2025-01-10");
  EXPECT_TRUE(blacklist::inForce(t, d("2025-01-09")));
  EXPECT_FALSE(blacklist::inForce(t, d("2025-01-10")));
  EXPECT_EQ(blacklist::freeFrom(t), d("2025-01-10"));
}

TEST(BlacklistTerm, ListedOn29FebruaryEndsOn28FebruaryOfACommonYear) {
  EXPECT_EQ(blacklist::endsOn(d("2024-02-29"), 2), d("2026-02-28"));
}

TEST(Certificate, RegistrationPeriodAndRenewalWindow) {
  using namespace certification;
  EXPECT_EQ(registeredFrom(d("2026-12-31")), d("2024-01-01"));
  EXPECT_EQ(renewalOpensOn(d("2026-12-31")), d("2026-10-01"));
  EXPECT_FALSE(inRenewalWindow(d("2026-12-31"), d("2026-09-30")));
  EXPECT_TRUE(inRenewalWindow(d("2026-12-31"), d("2026-10-01")));
  EXPECT_TRUE(inRenewalWindow(d("2026-12-31"), d("2026-12-31")));
  EXPECT_FALSE(inRenewalWindow(d("2026-12-31"), d("2027-01-01")));
  EXPECT_TRUE(validOn(d("2024-06-01"), d("2026-12-31"), d("2026-12-31")));
  EXPECT_FALSE(validOn(d("2024-06-01"), d("2026-12-31"), d("2027-01-01")));
}

TEST(Certificate, RenewalNeedsTheWindowAndTheHours) {
  using namespace certification;
  EXPECT_TRUE(renewalProblems({72, 72, true}, d("2026-12-31")).empty());
  auto p = renewalProblems({71, 72, false}, d("2026-12-31"));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].field, "registered_until");
  EXPECT_EQ(p[1].field, "hours");
}

TEST(FilingRules, DueAfterTheDeadlineOverdueOnlyWhilePending) {
  auto due = filing::dueOn(d("2026-11-01"), 7);
  EXPECT_EQ(due, d("2026-11-08"));
  EXPECT_FALSE(filing::isOverdue("pending", due, d("2026-11-08")));
  EXPECT_TRUE(filing::isOverdue("pending", due, d("2026-11-09")));
  EXPECT_FALSE(filing::isOverdue("accepted", due, d("2026-11-09")));
  EXPECT_TRUE(filing::isLate(d("2026-11-09"), due));
  EXPECT_FALSE(filing::isLate(d("2026-11-08"), due));
}

TEST(DataProtection, SealedValuesOpenOnlyWithTheSameKeyAndColumn) {
  protect::DataProtection p(std::string(32, 'k'));
  auto sealed = p.seal("id_number", "11010519491231002X");
  EXPECT_EQ(sealed.find("1101051949"), std::string::npos);
  EXPECT_EQ(p.open("id_number", sealed), "11010519491231002X");
  EXPECT_NE(p.seal("id_number", "11010519491231002X"), sealed);  // a fresh nonce every time
  EXPECT_THROW(p.open("bank_account", sealed), std::runtime_error);  // moved to another column
  protect::DataProtection other(std::string(32, 'q'));
  EXPECT_THROW(other.open("id_number", sealed), std::runtime_error);
  auto tampered = sealed;
  tampered[10] = tampered[10] == 'A' ? 'B' : 'A';
  EXPECT_THROW(p.open("id_number", tampered), std::runtime_error);
}

TEST(DataProtection, LookupHashIsStablePerKeyAndField) {
  protect::DataProtection p(std::string(32, 'k')), other(std::string(32, 'q'));
  EXPECT_EQ(p.lookupHash("id_number", "x"), p.lookupHash("id_number", "x"));
  EXPECT_NE(p.lookupHash("id_number", "x"), p.lookupHash("bank_account", "x"));
  EXPECT_NE(p.lookupHash("id_number", "x"), other.lookupHash("id_number", "x"));
  EXPECT_NE(p.keyCheck(), other.keyCheck());
  EXPECT_THROW(protect::parseMasterKey("c2hvcnQ="), std::invalid_argument);
  EXPECT_EQ(protect::parseMasterKey(protect::newMasterKeyText()).size(), 32u);
}

TEST(StationCompliance, CountsQualifiedAndNamesEachViolation) {
  compliance::StaffingRules rules{6, 0, 4, {2, 3}, 40, people::Education::college};
  std::vector<compliance::StaffMember> staff = {
      {1, d("1990-01-01"), d("2024-01-01"), people::Education::college, true, true},
      {2, d("1990-01-01"), d("2024-01-01"), people::Education::bachelor, true, false},
      {3, d("1980-01-01"), d("2024-01-01"), people::Education::college, false, false},  // 44 at hire
      {4, d("1995-01-01"), d("2024-01-01"), people::Education::secondary, false, true},
  };
  auto r = compliance::evaluate(rules, staff);
  EXPECT_EQ(r.headcount, 4);
  EXPECT_EQ(r.certified, 2);
  EXPECT_EQ(r.qualified, 3);
  EXPECT_EQ(r.qualifiedRatioHundredths, 7500);
  EXPECT_EQ(r.ageBreaches, 1);
  EXPECT_EQ(r.educationBreaches, 1);
  EXPECT_FALSE(r.meetsMinimums);
  std::vector<std::string> codes;
  for (const auto& v : r.violations) codes.push_back(v.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"understaffed", "too_few_certified", "age_over_limit", "education_below_minimum"}));
  EXPECT_EQ(r.violations[2].employmentIds, std::vector<int64_t>{3});
}

// 济南: 具备社会工作专业资质人员不少于总人数的三分之二. "Not less than two-thirds" is an exact fraction:
// 2 of 3 meets it (measured before issue #12: reported "66.66 % < 66.67 %", non-compliant), 3 of 5 does not.
TEST(StationCompliance, TwoThirdsIsAnExactFractionSoTwoOfThreeMeetIt) {
  compliance::StaffingRules rules{0, 0, 0, {2, 3}, 0, people::Education::secondary};
  auto member = [](int64_t id, bool qualified) {
    return compliance::StaffMember{id, d("1990-01-01"), d("2024-01-01"), people::Education::college, qualified, false};
  };
  std::vector<compliance::StaffMember> staff = {member(1, true), member(2, true), member(3, false)};
  auto r = compliance::evaluate(rules, staff);
  EXPECT_EQ(r.qualifiedRatioHundredths, 6666);  // shown rounded down, never compared
  EXPECT_TRUE(r.meetsMinimums);
  staff = {member(1, true), member(2, true), member(3, true), member(4, false), member(5, false)};
  r = compliance::evaluate(rules, staff);
  ASSERT_FALSE(r.meetsMinimums);  // 3/5 < 2/3
  EXPECT_EQ(r.violations[0].message, "3 of 5 qualified (60.00 %); at least 2/3 required");
  staff.push_back(member(6, true));  // 4 of 6: exactly two-thirds
  EXPECT_TRUE(compliance::evaluate(rules, staff).meetsMinimums);
  EXPECT_EQ(hundredthsText(6666), "66.66");
  EXPECT_EQ(hundredthsText(705), "7.05");
  EXPECT_EQ(hundredthsText(-27742), "-277.42");  // an adjustment that recovers pay
}

// Issue #11: a contract whose end date has passed with neither a renewal nor an ending is expired.
TEST(ContractEnd, PastItsEndDateUnrenewedAContractIsExpired) {
  auto end = *parseDate("2026-06-30");
  EXPECT_EQ(workforce::employmentStatus("employed", std::nullopt, std::nullopt, end, end), "active");  // its last day
  EXPECT_EQ(workforce::employmentStatus("employed", std::nullopt, std::nullopt, *parseDate("2026-07-01"), end), "expired");
  EXPECT_EQ(workforce::employmentStatus("notice", std::nullopt, std::nullopt, *parseDate("2026-07-01"), end), "expired");
  EXPECT_EQ(workforce::employmentStatus("ended", std::nullopt, end, *parseDate("2026-07-01"), end), "ended");
  EXPECT_EQ(workforce::employmentStatus("employed", std::nullopt, std::nullopt, *parseDate("2030-01-01"), std::nullopt), "active");
}

// Labor Contract Law Art. 14(3): after two consecutive fixed terms the next is open-ended unless the worker asks.
TEST(ContractEnd, TheThirdConsecutiveFixedTermNeedsTheWorkersRequest) {
  EXPECT_FALSE(workforce::openEndedRequired(1, true));   // the second contract may be fixed-term
  EXPECT_TRUE(workforce::openEndedRequired(2, true));    // the third may not, without the request
  EXPECT_TRUE(workforce::openEndedRequired(5, true));
  EXPECT_FALSE(workforce::openEndedRequired(2, false));  // open-ended is always allowed
}

// Art. 14(1): ten full years of continuous service, counted from the service start a transfer with
// a handed-over station carries (Implementing Regulations Art. 10; issue #17).
TEST(ContractEnd, TenYearsInARowCountFromTheCarriedServiceStart) {
  EXPECT_TRUE(workforce::tenYearsServed(*parseDate("2016-03-16"), *parseDate("2026-03-16")));
  EXPECT_FALSE(workforce::tenYearsServed(*parseDate("2016-03-17"), *parseDate("2026-03-16")));
}

// 海宁: 市外机构须 3A 及以上 — decided on the agency's home, at the rating's boundary.
TEST(StationRules, AnOutOfAreaAgencyNeedsTheRatingAndALocalOneDoesNot) {
  const std::string county = "/330000/330400/330481/";
  EXPECT_TRUE(compliance::outOfAreaRatingTooLow(3, county, "/330000/330400/330482/", std::string("2A")));
  EXPECT_FALSE(compliance::outOfAreaRatingTooLow(3, county, "/330000/330400/330482/", std::string("3A")));
  EXPECT_TRUE(compliance::outOfAreaRatingTooLow(3, county, "/330000/", std::nullopt));  // unrated, from the province
  EXPECT_FALSE(compliance::outOfAreaRatingTooLow(3, county, county, std::string("1A")));
  EXPECT_FALSE(compliance::outOfAreaRatingTooLow(3, county, county + "330481001/", std::nullopt));  // registered in a town of it
  EXPECT_FALSE(compliance::outOfAreaRatingTooLow(0, county, "/110000/", std::nullopt));  // no rule
}

// 济南: the county total station and the town stations are not run by one agency.
TEST(StationRules, TheCountyStationAndATownStationNeverGoToOneAgency) {
  const std::string county = "/370000/370100/370112/", town = county + "370112001/";
  EXPECT_TRUE(compliance::countyAndTownByOneAgency(county, county, {town}));
  EXPECT_TRUE(compliance::countyAndTownByOneAgency(town, county, {county}));
  EXPECT_FALSE(compliance::countyAndTownByOneAgency(town, county, {county + "370112002/"}));  // two towns: fine
  EXPECT_FALSE(compliance::countyAndTownByOneAgency(county, county, {"/370000/370100/370113/370113001/"}));  // another county
}

// 广东“双百”: 镇(街)直接与社工签订五年劳动合同 — five years to the day before, open-ended or longer.
TEST(ContractTerm, APlaceThatFixesTheTermRefusesAShorterFixedTerm) {
  using workforce::contractTermProblem;
  auto start = d("2026-03-01");
  EXPECT_EQ(contractTermProblem(5, start, d("2031-02-28")), std::nullopt);
  EXPECT_EQ(*contractTermProblem(5, start, d("2031-02-27")),
            "must be on or after 2031-02-28: the place's labour contracts run 5 years");
  EXPECT_EQ(contractTermProblem(5, start, std::nullopt), std::nullopt);
  EXPECT_EQ(contractTermProblem(0, start, d("2026-03-31")), std::nullopt);
  EXPECT_EQ(contractTermProblem(5, d("2028-02-29"), d("2033-02-27")), std::nullopt);  // from a leap day
}

// Coverage of towns: an area counts the towns below its path, a town counts once.
TEST(StationRules, CoverageIsOfTheTownsUnderTheArea) {
  std::vector<std::pair<std::string, bool>> towns = {
      {"/1/10/101/101001/", true}, {"/1/10/101/101002/", false}, {"/1/10/102/102001/", true}};
  auto county = compliance::coverageUnder("/1/10/101/", towns);
  EXPECT_EQ(county.towns, 2);
  EXPECT_EQ(county.covered, 1);
  EXPECT_EQ(county.pctHundredths(), 5000);
  auto city = compliance::coverageUnder("/1/10/", towns);
  EXPECT_EQ(city.pctHundredths(), 6666);  // 2 of 3, shown rounded down
  EXPECT_EQ(compliance::coverageUnder("/2/", towns).pctHundredths(), 0);  // no towns: 0, never a division by zero
}
