#pragma once
// Annual assessments (one rating per employment and year) and the increments they earn. An
// increment run covers every employment of an agency in post on its date, applies the policy's
// rule (a grade step, or a percent raise), and happens once per agency and year: a second run
// changes nothing and says so.
#include "pay/Scales.h"
#include "policy/Policy.h"
#include "workforce/Workforce.h"

namespace sr::payroll {

class AssessmentService {
 public:
  AssessmentService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                    const workforce::EmploymentService& employments)
      : db_(db), audit_(audit), org_(org), employments_(employments) {}

  json::Obj assess(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year,
                   pay::Rating rating);
  // Many ratings of one year at once (issue #16: a clerk rates a county's 200 in a sitting), in one
  // transaction: every employment is checked first (one outside the caller's reach is 404, one not
  // employed that year names its place in `ratings`) and then nothing or all is recorded; one
  // already rated is left as it was and listed in already_rated.
  struct Rated {
    std::vector<int64_t> rated, alreadyRated;
  };
  Rated assessMany(const http::Principal& p, const http::Actor& actor, int year,
                   const std::vector<std::pair<int64_t, pay::Rating>>& ratings);
  json::Arr list(const http::Principal& p, const std::optional<int64_t>& employmentId, const std::optional<int>& year,
                 int limit) const;
  // {"run_id","already_applied","changes":[{"employment_id","changed","before","after","reason"}]}
  json::Obj runIncrements(const http::Principal& p, const http::Actor& actor, int64_t agencyId, int year,
                          const Date& effectiveOn, bool dryRun = false);

 private:
  // The refusal of rating `e` for `year` (the year outside the employment, or not yet begun).
  static std::optional<std::string> yearProblem(const workforce::Employment& e, int year);
  // Records one rating unless the employment has one for the year (the unique key decides a race);
  // returns the record, or nullopt when it was already rated.
  std::optional<json::Obj> record(db::Connection& c, const http::Actor& actor, const workforce::Employment& e, int year,
                                  pay::Rating rating) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const workforce::EmploymentService& employments_;
};

void registerAssessmentRoutes(http::RouteTable& routes, AssessmentService& assessments);

}  // namespace sr::payroll
