#pragma once
// Certificates and continuing education per person. Hours required for a renewal come from the
// policy of the station where the person works now (the national default when they work nowhere).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "certification/CertificationRules.h"
#include "org/Org.h"
#include "people/People.h"
#include "policy/Policy.h"

namespace sr::certification {

struct Certificate {
  int64_t id = 0, personId = 0;
  Level level = Level::assistant;
  std::string number;
  Date passedOn, registeredUntil;
};

struct EducationInput {
  Date takenOn;
  int hours = 0;
  std::string provider;
};

// Reads {"level","number","passed_on","registered_until"}; problems under `prefix`.
std::optional<CertificateInput> readCertificate(const json::Obj& obj, Validator& v, const std::string& prefix);

class CertificationService {
 public:
  CertificationService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                       const policy::PolicyService& policy, const people::PeopleService& people)
      : db_(db), audit_(audit), org_(org), policy_(policy), people_(people) {}

  // Inside another transaction (hiring): a 409 names `field` when the number is taken.
  Certificate addInTx(db::Connection& c, const http::Actor& actor, int64_t personId, const CertificateInput& in,
                      const std::string& scopePath, const std::string& field) const;
  bool anyValidOn(db::Connection& c, int64_t personId, const Date& on) const;

  // The new certificate as GET shows it (hours, window).
  json::Obj add(const http::Principal& p, const http::Actor& actor, int64_t personId, const CertificateInput& in);
  json::Obj addEducation(const http::Principal& p, const http::Actor& actor, int64_t personId, const EducationInput& in);
  // The person's certificates with hours earned and required in the current period and the window.
  json::Obj overview(const http::Principal& p, int64_t personId) const;
  json::Obj renew(const http::Principal& p, const http::Actor& actor, int64_t certificateId);
  // Registrations in scope that end within `days` from today (already expired ones are not listed).
  json::Arr expiring(const http::Principal& p, int days, int limit) const;

 private:
  int hoursRequired(db::Connection& c, int64_t personId, Level level, const Date& on) const;
  std::optional<db::Row> workplaceOf(db::Connection& c, int64_t personId) const;
  std::string scopePathOf(db::Connection& c, int64_t personId) const;
  void requireVisible(const http::Principal& p, int64_t personId) const;
  json::Obj toJson(db::Connection& c, const Certificate& cert, const Date& today) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const people::PeopleService& people_;
};

void registerRoutes(http::RouteTable& routes, CertificationService& certs);

}  // namespace sr::certification
