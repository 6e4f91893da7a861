#pragma once
// Resignations: the worker (or their agency) gives notice; the answer states the statutory, policy
// and latest dates. Where the place requires a replacement, the worker leaves once it is in post
// (or on the latest date); completing ends the employment on the last day (final pay is prorated
// by the payroll run) and files the departure. Leaving before the allowed day opens a misconduct
// case; waiting past the latest date for a replacement is the agency's shortfall, a flag.
#include "discipline/Discipline.h"
#include "leaving/NoticeRules.h"
#include "policy/Policy.h"
#include "workforce/Workforce.h"

namespace sr::leaving {

struct ResignationInput {
  int64_t employmentId = 0;
  Date noticeDate, requestedLastDay;
  std::string reason;
};

struct OverdueReplacement {
  int64_t resignationId = 0, employmentId = 0, agencyId = 0, stationId = 0;
  Date noticeDate, latestDate;
};

class ResignationService {
 public:
  ResignationService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                     const policy::PolicyService& policy, workforce::EmploymentService& employments,
                     const discipline::CaseService& cases)
      : db_(db), audit_(audit), org_(org), policy_(policy), employments_(employments), cases_(cases) {}

  json::Obj create(const http::Principal& p, const http::Actor& actor, const ResignationInput& in);
  json::Obj get(const http::Principal& p, int64_t id) const;
  json::Arr list(const http::Principal& p, const std::optional<std::string>& status, int limit) const;
  json::Obj linkReplacement(const http::Principal& p, const http::Actor& actor, int64_t id, int64_t replacementEmploymentId);
  json::Obj complete(const http::Principal& p, const http::Actor& actor, int64_t id, const std::optional<Date>& lastDay);
  json::Obj withdraw(const http::Principal& p, const http::Actor& actor, int64_t id);
  // Resignations under a jurisdiction path still waiting for a replacement after their latest date
  // (for the bureau's replacement_overdue flags).
  std::vector<OverdueReplacement> overdueReplacements(const std::string& underPath, const Date& today) const;

 private:
  NoticePolicy policyFor(int64_t stationId, const Date& on) const;
  std::optional<db::Row> row(int64_t id) const;
  db::Row rowFor(const http::Principal& p, int64_t id) const;
  json::Obj toJson(const db::Row& r) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  workforce::EmploymentService& employments_;
  const discipline::CaseService& cases_;
};

void registerRoutes(http::RouteTable& routes, ResignationService& resignations);

}  // namespace sr::leaving
