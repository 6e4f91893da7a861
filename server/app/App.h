#pragma once
#include <memory>

#include "app/Settings.h"
#include "audit/AuditLog.h"
#include "audit/Verifications.h"
#include "http/HttpServer.h"
#include "http/Router.h"
#include "blacklist/Blacklist.h"
#include "certification/Certification.h"
#include "common/DataProtection.h"
#include "compliance/Compliance.h"
#include "filing/Filing.h"
#include "identity/Identity.h"
#include "leaving/Leaving.h"
#include "oversight/Oversight.h"
#include "setup/Setup.h"
#include "todos/Todos.h"
#include "payroll/Assessments.h"
#include "payroll/Declarations.h"
#include "payroll/Payroll.h"
#include "payroll/Runs.h"
#include "people/People.h"
#include "workforce/Workforce.h"
#include "org/Org.h"
#include "policy/Policy.h"
#include "procurement/Procurement.h"

namespace sr::app {

// The whole server, wired: database (migrated), services, routes, HTTP. Tests build one
// in-process on a free port; `socialroll serve` builds one and waits for SIGTERM.
class App {
 public:
  explicit App(Settings settings);
  ~App();
  void start();
  void stop();
  int port() const { return http_->port(); }

  db::Database& database() { return *db_; }
  const server::Router& router() const { return *router_; }
  identity::IdentityService& identity() { return *identity_; }
  const audit::AuditLog& audit() const { return *audit_; }
  const Settings& settings() const { return settings_; }
  payroll::RunService& payrollRuns() { return *runs_; }
  workforce::EmploymentService& employments() { return *employments_; }
  // Whether this start created the `admin` user (the database had no users).
  bool createdAdmin() const { return createdAdmin_; }

 private:
  void addSystemRoutes(http::RouteTable& routes);

  Settings settings_;
  bool createdAdmin_ = false;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<audit::AuditLog> audit_;
  std::unique_ptr<audit::Verifications> auditChecks_;  // before its queue: the queue stops first
  std::unique_ptr<JobQueue> auditJobs_;
  std::unique_ptr<org::OrgService> org_;
  std::unique_ptr<policy::PolicyService> policy_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<protect::DataProtection> protection_;
  std::unique_ptr<people::PeopleService> people_;
  std::unique_ptr<filing::FilingService> filings_;
  std::unique_ptr<blacklist::BlacklistService> blacklist_;
  std::unique_ptr<certification::CertificationService> certs_;
  std::unique_ptr<pay::ScaleService> scales_;
  std::unique_ptr<workforce::EmploymentService> employments_;
  std::unique_ptr<compliance::ComplianceService> compliance_;
  std::unique_ptr<payroll::PayService> pay_;
  std::unique_ptr<payroll::AssessmentService> assessments_;
  std::unique_ptr<payroll::DeclarationService> declarations_;
  std::unique_ptr<JobQueue> jobs_;
  std::unique_ptr<payroll::RunService> runs_;
  std::unique_ptr<discipline::CaseService> cases_;
  std::unique_ptr<leaving::ResignationService> resignations_;
  std::unique_ptr<oversight::OversightService> oversight_;
  std::unique_ptr<setup::SetupService> setup_;
  std::unique_ptr<todos::TodoService> todos_;
  std::unique_ptr<procurement::ContractService> contracts_;
  std::unique_ptr<procurement::HandOverService> handOvers_;
  std::unique_ptr<server::Router> router_;
  std::unique_ptr<server::HttpServer> http_;
};

// The data key from the settings (env, or the key file, created with mode 0600 on first start),
// checked against the check value stored in the database: a wrong key stops the start.
std::string loadDataKey(const Settings& settings);
void checkDataKey(db::Database& db, const protect::DataProtection& protection);
// Both: the protection every start and admin command uses.
protect::DataProtection dataProtection(const Settings& settings, db::Database& db);

// Opens the database named by the settings and brings its schema up to date.
std::unique_ptr<db::Database> openAndMigrate(const Settings& settings);

}  // namespace sr::app
