#pragma once
// Rules of hiring and of the labour contract, as pure functions (PRC Labor Contract Law and the
// place's policy). Every problem is reported under the request field it concerns.
#include <optional>
#include <string>
#include <vector>

#include "common/Error.h"
#include "common/Time.h"
#include "people/PersonRules.h"

namespace sr::workforce {

// Labour Law Art. 15: no one under 16 may be employed.
inline constexpr int kMinimumWorkingAge = 16;
// Labor Contract Law Art. 20: probation pay at least 80 % of the contract wage.
inline constexpr int kMinProbationPayPct = 80;

struct EligibilityRules {
  int maxAge = 0;  // 0 = no limit; otherwise the oldest age allowed on the start date
  people::Education minEducation = people::Education::secondary;
  bool qualificationRequired = false;  // a social-work major or a certificate valid on the start date
};

struct Candidate {
  Date birthDate;
  people::Education education = people::Education::secondary;
  bool socialWorkMajor = false;
  bool certified = false;
};

// Every rule the candidate fails on `start`, under "person.*" fields. `maxAge` 40 admits someone
// who is 40 on the start date and refuses someone who has turned 41: the PRC reading of
// "40周岁以下", where 以下 includes the number itself.
std::vector<FieldError> eligibilityProblems(const EligibilityRules& rules, const Candidate& c, const Date& start);

// Art. 19: the longest probation for a contract from `start` to `end` (inclusive; nullopt = open-ended):
// under 3 months none; 3 months to under 1 year 1; 1 to under 3 years 2; 3 years or more, or
// open-ended, 6 months.
int maxProbationMonths(const Date& start, const std::optional<Date>& end);
// The last day of probation, or nullopt for none.
std::optional<Date> probationEnd(const Date& start, int months);

struct ContractTerms {
  Date start;
  std::optional<Date> end;
  int probationMonths = 0;
  int probationPayPct = kMinProbationPayPct;
  bool hadProbationWithEmployer = false;  // Art. 19: probation only once per employer and worker
};
std::vector<FieldError> contractProblems(const ContractTerms& t);

// A place that fixes the labour contract's term (广东“双百”: 镇(街)直接与社工签订五年劳动合同):
// a fixed term shorter than `years` years is a problem on "end_date"; an open-ended contract is
// longer than any term. `years` 0: the place sets none.
std::optional<std::string> contractTermProblem(int years, const Date& start, const std::optional<Date>& end);

// The status a client sees, derived from the stored state and the dates.
// state: employed | notice | ended. "expired": the contract's end date has passed with neither a
// renewal nor an ending recorded (issue #11); it is not paid after that day.
std::string employmentStatus(const std::string& state, const std::optional<Date>& probationEnd,
                             const std::optional<Date>& endedOn, const Date& today,
                             const std::optional<Date>& contractEnd = std::nullopt);

// Labor Contract Law Art. 14(3): after two consecutive fixed-term contracts the employer concludes
// an open-ended one unless the worker asks for a fixed term. True when a renewal to a fixed term
// (`fixedTerm`) after `fixedTermsSoFar` consecutive fixed-term contracts needs the worker's request.
bool openEndedRequired(int fixedTermsSoFar, bool fixedTerm);
// Labor Contract Law Art. 14(1): ten full years of continuous service by a new term's first day.
bool tenYearsServed(const Date& serviceStart, const Date& newTermStart);

}  // namespace sr::workforce
