#pragma once
// What needs doing, for the signed-in user (issue #16: 43 of 208 contracts had ended unnoticed;
// no screen said what was waiting). Reads nothing itself: it asks each module's service, in the
// caller's scope, and lists {kind, subject, subject_id, due_on, link}, soonest first.
#include "certification/Certification.h"
#include "discipline/Discipline.h"
#include "filing/Filing.h"
#include "leaving/Leaving.h"
#include "org/Org.h"
#include "oversight/Oversight.h"
#include "payroll/Runs.h"
#include "workforce/Workforce.h"

namespace sr::todos {

class TodoService {
 public:
  struct Services {
    const org::OrgService& org;
    const workforce::EmploymentService& employments;
    const certification::CertificationService& certs;
    const filing::FilingService& filings;
    const payroll::RunService& runs;
    const leaving::ResignationService& resignations;
    const discipline::CaseService& cases;
    const oversight::OversightService& oversight;
  };
  explicit TodoService(const Services& s)
      : org_(s.org), employments_(s.employments), certs_(s.certs), filings_(s.filings), runs_(s.runs),
        resignations_(s.resignations), cases_(s.cases), oversight_(s.oversight) {}

  json::Arr todos(const http::Principal& p) const;
  // The landing screen's figures: how many to-dos of each kind, people in post per station, and
  // the latest month's pay (an agency: its latest run; a bureau: approved pay against funding).
  json::Obj home(const http::Principal& p) const;

 private:
  const org::OrgService& org_;
  const workforce::EmploymentService& employments_;
  const certification::CertificationService& certs_;
  const filing::FilingService& filings_;
  const payroll::RunService& runs_;
  const leaving::ResignationService& resignations_;
  const discipline::CaseService& cases_;
  const oversight::OversightService& oversight_;
};

void registerRoutes(http::RouteTable& routes, const TodoService& todos);

}  // namespace sr::todos
