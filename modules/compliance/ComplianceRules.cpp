#include "compliance/ComplianceRules.h"

#include "common/Text.h"

namespace sr::compliance {

Result evaluate(const StaffingRules& rules, const std::vector<StaffMember>& staff) {
  Result r;
  Violation age{"age_over_limit", "", {}}, education{"education_below_minimum", "", {}};
  for (const auto& m : staff) {
    ++r.headcount;
    r.certified += m.certified;
    r.qualified += m.certified || m.socialWorkMajor;
    if (rules.maxAge > 0 && people::ageOn(m.birthDate, m.startDate) > rules.maxAge) age.employmentIds.push_back(m.employmentId);
    if (m.education < rules.minEducation) education.employmentIds.push_back(m.employmentId);
  }
  // Shown rounded down; the rule itself compares the fraction exactly.
  r.qualifiedRatioHundredths = r.headcount == 0 ? 0 : r.qualified * 10000 / r.headcount;
  r.ageBreaches = static_cast<int>(age.employmentIds.size());
  r.educationBreaches = static_cast<int>(education.employmentIds.size());
  auto add = [&](std::string code, std::string message) { r.violations.push_back({std::move(code), std::move(message)}); };
  if (rules.minStaff > 0 && r.headcount < rules.minStaff)
    add("understaffed", std::to_string(r.headcount) + " staff; at least " + std::to_string(rules.minStaff) + " required");
  if (rules.maxStaff > 0 && r.headcount > rules.maxStaff)
    add("overstaffed", std::to_string(r.headcount) + " staff; at most " + std::to_string(rules.maxStaff) + " allowed");
  if (rules.minCertified > 0 && r.certified < rules.minCertified)
    add("too_few_certified", std::to_string(r.certified) + " certified; at least " + std::to_string(rules.minCertified) +
                                 " required");
  const auto& q = rules.minQualified;
  if (q.num > 0 && int64_t{r.qualified} * q.den < int64_t{r.headcount} * q.num)
    add("qualified_ratio_low", std::to_string(r.qualified) + " of " + std::to_string(r.headcount) + " qualified (" +
                                   hundredthsText(r.qualifiedRatioHundredths) + " %); at least " + std::to_string(q.num) +
                                   "/" + std::to_string(q.den) + " required");
  r.meetsMinimums = r.violations.empty();
  if (!age.employmentIds.empty()) {
    age.message = std::to_string(r.ageBreaches) + " hired above the age limit of " + std::to_string(rules.maxAge);
    r.violations.push_back(age);
  }
  if (!education.employmentIds.empty()) {
    education.message = std::to_string(r.educationBreaches) + " below the minimum education (" +
                        std::string(people::educationName(rules.minEducation)) + ")";
    r.violations.push_back(education);
  }
  return r;
}

Coverage coverageUnder(const std::string& areaPath, const std::vector<std::pair<std::string, bool>>& towns) {
  Coverage c;
  for (const auto& [path, hasStation] : towns)
    if (path.rfind(areaPath, 0) == 0) {
      ++c.towns;
      c.covered += hasStation;
    }
  return c;
}

bool outOfAreaRatingTooLow(int minRating, const std::string& countyPath, const std::string& agencyPath,
                           const std::optional<std::string>& rating) {
  if (minRating <= 0 || agencyPath.rfind(countyPath, 0) == 0) return false;  // no rule, or a local agency
  int stars = rating && !rating->empty() ? (*rating)[0] - '0' : 0;  // unrated counts as none
  return stars < minRating;
}

bool countyAndTownByOneAgency(const std::string& placePath, const std::string& countyPath,
                              const std::vector<std::string>& agencyStationPaths) {
  const bool countyStation = placePath == countyPath;
  for (const auto& other : agencyStationPaths) {
    if (countyStation && other != countyPath && other.rfind(countyPath, 0) == 0) return true;  // it runs a town below
    if (!countyStation && other == countyPath) return true;  // it runs the county station above
  }
  return false;
}

}  // namespace sr::compliance
