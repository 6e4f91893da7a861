#pragma once
// What an agency or a worker declares for an employment and a year, that the payroll run then
// reads: the contribution bases and the tax profile (issue #11). Each is one row per employment and year, written by
// a conditional update or, the first time, an insert the unique key keeps single.
#include "payroll/DeductionRules.h"
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

  // The year's special additional deductions, replacing its declaration (caps and exclusions
  // checked: 422 naming the item). The worker's own, or their employer's on their word.
  json::Obj setDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year,
                          const std::vector<DeductionItem>& items);
  // Confirms a year: its declaration if made, else last year's items still running in December,
  // carried from January (操作办法 Art. 27). Until then the year deducts nothing.
  json::Obj confirmDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year);
  // The year's declaration as stored: {"employment_id", "year", "declared", "items"} (a person's page).
  json::Obj deductions(const http::Principal& p, int64_t employmentId, int year) const;

 private:
  // The employment in the caller's scope, acted on for its agency (or by its worker), in that year.
  workforce::Employment employmentForYear(const http::Principal& p, int64_t employmentId, int year) const;
  // Writes a year's declaration: items replace the year's (nothing when they are the same).
  json::Obj writeDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year,
                            const std::optional<std::vector<DeductionItem>>& items);
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
