#pragma once
// Oversight for bureaus (and agencies about themselves): yearly staffing reports per
// jurisdiction, agency or station, and the automatic flags a bureau reviews. Everything is
// computed on request from a handful of scoped queries; nothing but reviews is stored.
#include "common/Sheet.h"
#include "audit/AuditLog.h"
#include "blacklist/Blacklist.h"
#include "leaving/Leaving.h"
#include "org/Org.h"
#include "oversight/OversightRules.h"
#include "policy/Policy.h"
#include "procurement/Procurement.h"

namespace sr::oversight {

enum class GroupBy { jurisdiction, agency, station };

struct ReportQuery {
  int year = 0;
  GroupBy by = GroupBy::station;
  std::optional<int64_t> jurisdictionId;  // narrows to a subtree in scope; by=jurisdiction groups its children
};

class OversightService {
 public:
  OversightService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                   const policy::PolicyService& policy, const leaving::ResignationService& resignations,
                   const people::PeopleService& people, const blacklist::BlacklistService& blacklist,
                   const procurement::ContractService& contracts)
      : db_(db), audit_(audit), org_(org), policy_(policy), resignations_(resignations), people_(people),
        blacklist_(blacklist), contracts_(contracts) {}

  json::Obj report(const http::Principal& p, const ReportQuery& q) const;
  // The report as CSV or .xlsx (Excel-safe, headers in the caller's language, a total row).
  std::string reportFile(const http::Principal& p, const ReportQuery& q, const sheet::Choice& choice) const;
  // Flags for the year (late filings, turnover above the policy's maximum, stations below their
  // staffing minimum longer than the policy allows, resignations still waiting for a replacement
  // after their latest date, people in post who are on the blacklist, a purchase contract's funded
  // posts still empty after the place's on-post deadline), each with its review if any.
  json::Obj flags(const http::Principal& p, int year) const;
  // Records a review of a flag the caller currently sees (404 otherwise).
  json::Obj review(const http::Principal& p, const http::Actor& actor, int year, const std::string& key, const std::string& note);

 private:
  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const leaving::ResignationService& resignations_;
  const people::PeopleService& people_;
  const blacklist::BlacklistService& blacklist_;
  const procurement::ContractService& contracts_;
};

void registerRoutes(http::RouteTable& routes, OversightService& oversight);

}  // namespace sr::oversight
