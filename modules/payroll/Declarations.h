#pragma once
// What an agency or a worker declares for an employment and a year, that the payroll run then
// reads: the contribution bases and the tax profile (issue #11). Each is one row per employment and year, written by
// a conditional update or, the first time, an insert the unique key keeps single.
#include "policy/Policy.h"
#include "workforce/Workforce.h"

namespace sr::payroll {

class DeclarationService {
 public:
  DeclarationService(db::Database& db, const audit::AuditLog& audit, const workforce::EmploymentService& employments)
      : db_(db), audit_(audit), employments_(employments) {}

  struct Bases {
    int year = 0;
    int64_t socialInsurance = 0, housingFund = 0;
  };
  // The agency's declared bases for a year; they replace the computed ones for that year's runs.
  json::Obj setContributionBase(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                const Bases& bases);
  struct TaxProfile {
    int year = 0;
    std::optional<std::string> annualBonus, basicDeduction;  // nullopt: the default
  };
  // The worker's (or their employer's) choices for a year's withholding.
  json::Obj setTaxProfile(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                          const TaxProfile& profile);

 private:
  // Sets the employment's row of `table` for the year to `values` (columns), audited as `action`.
  json::Obj setYearRow(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year,
                       const std::string& table, const std::string& action,
                       const std::vector<std::pair<std::string, db::Param>>& values);

  db::Database& db_;
  const audit::AuditLog& audit_;
  const workforce::EmploymentService& employments_;
};

void registerDeclarationRoutes(http::RouteTable& routes, DeclarationService& declarations);

}  // namespace sr::payroll
