#pragma once
// Reads what payForMonth needs, for a whole agency (a run) or one employment (the pay view), in
// batched queries. Call it inside Database::snapshot: the facts and the policies then come from one
// consistent state, and the services it asks read through the same snapshot.
#include <chrono>

#include "pay/Scales.h"
#include "payroll/PeriodPay.h"
#include "policy/Policy.h"

namespace sr::payroll {

// Employments (alias e) of an agency in post on some day of a month; parameters: the agency, the
// month's last day, its first. The last day worked is the ending if recorded, else the contract's
// end (an expired contract is not paid after it, issue #11).
inline constexpr std::string_view kInPostInMonth =
    " e.agency_id = ? AND e.start_date <= ? AND COALESCE(e.ended_on, e.end_date, '9999-12-31') >= ?";

struct PayInputs {
  std::vector<EmploymentFacts> staff;  // by employment id
  PolicySnapshot policy;
};

struct PaySources {
  const org::OrgService& org;
  const policy::PolicyService& policy;
  const pay::ScaleService& scales;
};

// Everyone of the agency in post on some day of the month (or only `employmentId`); policies at the
// month's last day, scales on each day the month needs (and on `alsoOn`).
PayInputs readPayInputs(db::Connection& c, const PaySources& sources, int64_t agencyId, std::chrono::year_month ym,
                        const std::optional<int64_t>& employmentId = std::nullopt,
                        const std::optional<Date>& alsoOn = std::nullopt);

// A policy's terms as typed values.
PlaceTerms placeTerms(const json::Obj& policy);

}  // namespace sr::payroll
