#pragma once
// Resignations: the worker (or their agency) gives notice; the answer states the statutory, policy
// and latest dates. A replacement hired at the same station releases the commitment; completing
// ends the employment on the last day (final pay is prorated by the payroll run) and files the
// departure. Leaving before the allowed day, or staying past the latest day, opens a misconduct case.
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
  // Opens a late-leaving case for every resignation in scope (nullptr: everywhere) whose worker is
  // still employed after the latest date; each resignation opens one at most. Returns how many.
  int openOverdueCases(const http::Principal* scope, const Date& today);

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
void registerSanctionRoutes(http::RouteTable& routes, db::Database& db, const audit::AuditLog& audit,
                            const org::OrgService& org);

}  // namespace sr::leaving
