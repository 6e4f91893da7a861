#pragma once
// Station compliance with the staffing rules of its place, per station and rolled up per
// jurisdiction. The staff of every station in the area are read in one query, whatever its size.
#include "compliance/ComplianceRules.h"
#include "org/Org.h"
#include "people/People.h"
#include "policy/Policy.h"

namespace sr::compliance {

class ComplianceService {
 public:
  ComplianceService(db::Database& db, const org::OrgService& org, const policy::PolicyService& policy,
                    const people::PeopleService& people)
      : db_(db), org_(org), policy_(policy), people_(people) {}

  json::Obj station(const http::Principal& p, int64_t stationId, const Date& on) const;
  // Every station in the jurisdiction and below, with totals.
  json::Obj jurisdiction(const http::Principal& p, int64_t jurisdictionId, const Date& on) const;
  // The place's rules on who may run a proposed station (out-of-area rating, one agency for the
  // county and its towns), each refusal on agency_id naming the rule and its source.
  void checkStation(const org::Station& proposed, const org::Agency& agency, Validator& v) const;

 private:
  StaffingRules rulesFor(int64_t jurisdictionId, const Date& on) const;

  db::Database& db_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const people::PeopleService& people_;
};

void registerRoutes(http::RouteTable& routes, ComplianceService& compliance);

}  // namespace sr::compliance
