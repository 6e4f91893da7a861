#include "workforce/HireRules.h"

namespace sr::workforce {

std::vector<FieldError> eligibilityProblems(const EligibilityRules& rules, const Candidate& c, const Date& start) {
  std::vector<FieldError> out;
  int age = people::ageOn(c.birthDate, start);
  if (age < kMinimumWorkingAge)
    out.push_back({"person.id_number", "is " + std::to_string(age) + " on the start date; the law requires at least 16"});
  if (rules.maxAge > 0 && age > rules.maxAge)
    out.push_back({"person.id_number", "is " + std::to_string(age) + " on the start date; the limit here is " +
                                           std::to_string(rules.maxAge)});
  if (c.education < rules.minEducation)
    out.push_back({"person.education", "is below the required " + std::string(people::educationName(rules.minEducation))});
  if (rules.qualificationRequired && !c.socialWorkMajor && !c.certified)
    out.push_back({"person.social_work_major",
                   "a social-work degree or a social-worker certificate valid on the start date is required here"});
  return out;
}

int maxProbationMonths(const Date& start, const std::optional<Date>& end) {
  if (!end) return 6;
  auto after = addDays(*end, 1);  // the term runs through its end date
  if (after < addMonths(start, 3)) return 0;
  if (after < addYears(start, 1)) return 1;
  if (after < addYears(start, 3)) return 2;
  return 6;
}

std::optional<Date> probationEnd(const Date& start, int months) {
  if (months <= 0) return std::nullopt;
  // Through the day before the same day `months` later; when that month has no such day
  // (31 January + 1 month), through its last day.
  auto to = addMonths(start, months);
  return to.day() != start.day() ? to : addDays(to, -1);
}

std::vector<FieldError> contractProblems(const ContractTerms& t) {
  std::vector<FieldError> out;
  if (t.end && *t.end < t.start) {
    out.push_back({"end_date", "is before the start date"});
    return out;
  }
  if (t.probationMonths > 0 && t.hadProbationWithEmployer)
    out.push_back({"probation_months", "must be 0: this worker already served a probation with this employer"});
  int limit = maxProbationMonths(t.start, t.end);
  if (t.probationMonths > limit)
    out.push_back({"probation_months", "is more than the legal limit of " + std::to_string(limit) +
                                           " month(s) for this contract term (Labor Contract Law Art. 19)"});
  if (t.probationPayPct < kMinProbationPayPct || t.probationPayPct > 100)
    out.push_back({"probation_pay_pct", "must be between 80 and 100 (Labor Contract Law Art. 20)"});
  return out;
}

std::string employmentStatus(const std::string& state, const std::optional<Date>& probationEnd,
                             const std::optional<Date>& endedOn, const Date& today, const std::optional<Date>& contractEnd) {
  if (state == "ended") return endedOn && today <= *endedOn ? "notice" : "ended";
  if (contractEnd && today > *contractEnd) return "expired";
  if (state == "notice") return "notice";
  if (probationEnd && today <= *probationEnd) return "probation";
  return "active";
}

bool openEndedRequired(int fixedTermsSoFar, bool fixedTerm) { return fixedTerm && fixedTermsSoFar >= 2; }

bool tenYearsServed(const Date& serviceStart, const Date& newTermStart) { return addYears(serviceStart, 10) <= newTermStart; }

std::optional<std::string> contractTermProblem(int years, const Date& start, const std::optional<Date>& end) {
  if (years <= 0 || !end) return std::nullopt;
  auto shortest = addDays(addYears(start, years), -1);  // 2026-01-01 for five years: to 2030-12-31
  if (*end >= shortest) return std::nullopt;
  return "must be on or after " + formatDate(shortest) + ": the place's labour contracts run " + std::to_string(years) +
         " years";
}

}  // namespace sr::workforce
