#pragma once
// Misconduct cases. Leaving before the allowed day or staying past the latest day (opened by the
// leaving module), or an agency's report, opens a case for the bureau of the station's
// jurisdiction. The bureau dismisses it or lists the person on the sector blacklist for the
// policy's blacklist_years. The worker sees their case and entry and may appeal a listing once;
// upholding the appeal lifts the entry. Agencies see their own cases and outcomes, never the entry.
#include "blacklist/Blacklist.h"
#include "discipline/CaseRules.h"
#include "workforce/Workforce.h"

namespace sr::discipline {

// A new case, already tied to an employment.
struct Opening {
  std::string kind;  // early_leaving | late_leaving | reported
  int64_t employmentId = 0, agencyId = 0, stationId = 0, personId = 0;
  std::string jurisdictionPath;
  std::optional<int64_t> resignationId;
  std::optional<std::string> category;
  std::string description;
  std::optional<std::string> evidence;
  Date occurredOn;
};

struct ReportInput {
  int64_t employmentId = 0;
  std::string category, description;
  std::optional<std::string> evidence;
  Date occurredOn;
};

struct ListingInput {
  std::optional<std::string> reason;
  std::optional<Date> listedOn;
  std::optional<int> years;
};

struct CaseFilter {
  std::optional<std::string> status, kind;
  std::optional<int64_t> agencyId;
};

class CaseService {
 public:
  CaseService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org, const policy::PolicyService& policy,
              const people::PeopleService& people, blacklist::BlacklistService& blacklist,
              workforce::EmploymentService& employments)
      : db_(db), audit_(audit), org_(org), policy_(policy), people_(people), blacklist_(blacklist), employments_(employments) {}

  // Inside the caller's transaction; returns the case id.
  int64_t open(db::Connection& c, const http::Actor& actor, const Opening& o) const;
  json::Obj report(const http::Principal& p, const http::Actor& actor, const ReportInput& in);
  json::Obj get(const http::Principal& p, int64_t id) const;
  struct Listed {
    int64_t id = 0;
    json::Obj json;
  };
  std::vector<Listed> list(const http::Principal& p, const CaseFilter& filter, int64_t after, int limit) const;
  json::Obj dismiss(const http::Principal& p, const http::Actor& actor, int64_t id, const std::string& reason);
  json::Obj listPerson(const http::Principal& p, const http::Actor& actor, int64_t id, const ListingInput& in);
  json::Obj appeal(const http::Principal& p, const http::Actor& actor, int64_t id, const std::string& note);
  json::Obj decideAppeal(const http::Principal& p, const http::Actor& actor, int64_t id, bool upheld, const std::string& reason);

 private:
  db::Row rowFor(const http::Principal& p, int64_t id) const;
  json::Obj toJson(const db::Row& r) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const people::PeopleService& people_;
  blacklist::BlacklistService& blacklist_;
  workforce::EmploymentService& employments_;
};

void registerRoutes(http::RouteTable& routes, CaseService& cases);

}  // namespace sr::discipline
