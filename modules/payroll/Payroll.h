#pragma once
// What an employment is paid: the assignment in force, the scale amount for its post and grade,
// the personal pay factor, probation pay and allowances, each with the rule or table row it came from.
#include "certification/Certification.h"
#include "pay/Scales.h"
#include "policy/Policy.h"
#include "workforce/Workforce.h"

namespace sr::payroll {

class PayService {
 public:
  PayService(db::Database& db, const org::OrgService& org, const policy::PolicyService& policy,
             const pay::ScaleService& scales, const workforce::EmploymentService& employments)
      : db_(db), org_(org), policy_(policy), scales_(scales), employments_(employments) {}

  json::Obj payFor(const http::Principal& p, int64_t employmentId, const Date& on) const;
  // The severance Labor Contract Law Art. 47 suggests for an employment ended for `reason` (null
  // for a reason that owes none), with its working: service, the last twelve months' average wage,
  // the 3 × local average cap (iit.severance_exempt_fen / 12) and the 12-year cap.
  Poco::Dynamic::Var severanceSuggestion(const http::Principal& p, const workforce::Employment& ended) const;

 private:
  db::Database& db_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const pay::ScaleService& scales_;
  const workforce::EmploymentService& employments_;
};

void registerRoutes(http::RouteTable& routes, PayService& pay);

}  // namespace sr::payroll
