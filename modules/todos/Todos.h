#pragma once
// What needs doing, for the signed-in user (issue #16: 43 of 208 contracts had ended unnoticed;
// no screen said what was waiting). Reads nothing itself: it asks each module's service, in the
// caller's scope, and lists {kind, subject, subject_id, due_on, link}, soonest first.
#include "certification/Certification.h"
#include "filing/Filing.h"
#include "leaving/Leaving.h"
#include "payroll/Runs.h"
#include "workforce/Workforce.h"

namespace sr::todos {

class TodoService {
 public:
  TodoService(const workforce::EmploymentService& employments, const certification::CertificationService& certs,
              const filing::FilingService& filings, const payroll::RunService& runs,
              const leaving::ResignationService& resignations)
      : employments_(employments), certs_(certs), filings_(filings), runs_(runs), resignations_(resignations) {}

  json::Arr todos(const http::Principal& p) const;

 private:
  const workforce::EmploymentService& employments_;
  const certification::CertificationService& certs_;
  const filing::FilingService& filings_;
  const payroll::RunService& runs_;
  const leaving::ResignationService& resignations_;
};

void registerRoutes(http::RouteTable& routes, const TodoService& todos);

}  // namespace sr::todos
