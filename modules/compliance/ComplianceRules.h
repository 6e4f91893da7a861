#pragma once
// Whether a station meets its place's staffing rules on a day, as a pure function over its staff.
#include <optional>
#include <string>
#include <vector>

#include "common/Time.h"
#include "people/PersonRules.h"

namespace sr::compliance {

struct StaffingRules {
  int minStaff = 0, maxStaff = 0, minCertified = 0;  // 0 = no rule
  // At least num/den of the staff qualified, compared exactly (济南: 不少于总人数的三分之二 is 2/3);
  // num 0 = no rule.
  struct Fraction {
    int num = 0, den = 1;
  } minQualified;
  int maxAge = 0;
  people::Education minEducation = people::Education::secondary;
};

struct StaffMember {
  int64_t employmentId = 0;
  Date birthDate, startDate;
  people::Education education = people::Education::secondary;
  bool socialWorkMajor = false, certified = false;  // certified: a certificate valid on the day
};

struct Violation {
  std::string code, message;
  std::vector<int64_t> employmentIds = {};  // whom it concerns, for per-person rules
};

struct Result {
  int headcount = 0, certified = 0, qualified = 0;
  int qualifiedRatioHundredths = 0;  // for display only, rounded down; 0 with no staff
  int ageBreaches = 0, educationBreaches = 0;
  bool meetsMinimums = true;
  std::vector<Violation> violations;
};

// Who may run a station, where a place's document says (issue #12). Paths are jurisdiction paths
// ("/330000/330400/330481/"). `rating` is the agency's "1A".."5A", if rated.
// 海宁: an agency from outside the county must be rated `minRating`A or above (0: no rule).
bool outOfAreaRatingTooLow(int minRating, const std::string& countyPath, const std::string& agencyPath,
                           const std::optional<std::string>& rating);
// 济南: the county total station and the town stations are not run by one agency. The station is
// at `placePath` (the county's own path when it is the county station, `countyPath`); the agency
// already runs stations at `agencyStationPaths`.
bool countyAndTownByOneAgency(const std::string& placePath, const std::string& countyPath,
                              const std::vector<std::string>& agencyStationPaths);

// Coverage ("161个街道(镇)实现全覆盖"): of the town-level jurisdictions under an area, how many have
// a station. `towns`: each town's path and whether it has one.
struct Coverage {
  int towns = 0, covered = 0;
  int pctHundredths() const { return towns == 0 ? 0 : static_cast<int>(int64_t{covered} * 10000 / towns); }  // rounded down
};
Coverage coverageUnder(const std::string& areaPath, const std::vector<std::pair<std::string, bool>>& towns);

// Qualified = certified or a social-work graduate. Age and education are judged as at hiring: a
// worker who was over the age limit on their start date, or whose education is below the minimum
// now in force, is a breach (staff imported from before the rules, or hired under older ones).
Result evaluate(const StaffingRules& rules, const std::vector<StaffMember>& staff);

}  // namespace sr::compliance
