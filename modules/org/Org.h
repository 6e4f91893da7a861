#pragma once
#include <functional>
#include <map>
#include <mutex>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/Access.h"
#include "common/Database.h"
#include "common/Http.h"

namespace sr::org {

struct Jurisdiction {
  int64_t id = 0;
  std::string code, name, level;
  std::optional<int64_t> parentId;
  std::string path;
};

struct Agency {
  int64_t id = 0;
  std::string name, creditCode;
  std::optional<std::string> rating;
  std::string kind;
  int64_t jurisdictionId = 0;
  std::string jurisdictionPath;
  std::optional<std::string> bankTemplate;  // the bank-file template it pays with (payroll checks the id)
  access::Owner owner() const { return {jurisdictionPath, id, std::nullopt}; }
};

struct Station {
  int64_t id = 0;
  std::string name;
  int64_t jurisdictionId = 0;
  int64_t agencyId = 0;
  std::string jurisdictionPath;
  access::Owner owner() const { return {jurisdictionPath, agencyId, std::nullopt}; }
};

// An agency's time running a station: from the day it took over (or the station was set up; none
// when that is not known: a station that was running before its records, handed over before the
// day it was registered) to its last day (none while it still runs it).
struct StationOperator {
  int64_t agencyId = 0;
  std::string agencyName;
  std::optional<Date> from;
  std::optional<Date> to;
};

struct JurisdictionInput {
  std::string code, name, level;
  std::optional<int64_t> parentId;
};
struct AgencyInput {
  std::string name, creditCode, kind;
  std::optional<std::string> rating;
  int64_t jurisdictionId = 0;
};
struct StationInput {
  std::string name;
  int64_t jurisdictionId = 0, agencyId = 0;
};

json::Obj toJson(const Jurisdiction& j);
json::Obj toJson(const Agency& a);
json::Obj toJson(const Station& s);

// Organisations: the jurisdiction tree, agencies, stations. Other modules ask it for paths and
// owners so that they never read these tables themselves.
class OrgService {
 public:
  OrgService(db::Database& db, const audit::AuditLog& audit) : db_(db), audit_(audit) {}

  // Each create takes the field errors the adapter already found, adds its own, and reports them
  // all together.
  Jurisdiction createJurisdiction(const http::Principal& p, const http::Actor& actor, const JurisdictionInput& in,
                                  Validator v = {});
  std::optional<Jurisdiction> findJurisdiction(int64_t id) const;
  std::optional<Jurisdiction> findJurisdictionByCode(const std::string& code) const;
  // Jurisdictions whose path starts with `pathPrefix` (empty = all), by id, after the cursor.
  std::vector<Jurisdiction> listJurisdictions(const std::string& pathPrefix, int64_t after, int limit) const;
  // The jurisdiction and every ancestor, root first.
  std::vector<Jurisdiction> lineage(const Jurisdiction& j) const;

  Agency createAgency(const http::Principal& p, const http::Actor& actor, const AgencyInput& in, Validator v = {});
  std::optional<Agency> findAgency(int64_t id) const;
  // Names of these agencies in one query (a report's rows name their agencies).
  std::map<int64_t, std::string> agencyNames(const std::vector<int64_t>& ids) const;
  std::map<int64_t, std::string> stationNames(const std::vector<int64_t>& ids) const;
  // The agency's bank-file template (scope-checked; payroll, which owns the templates, checks the id).
  void setBankTemplate(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                       const std::string& templateId) const;
  std::vector<Agency> listAgencies(const http::Principal& p, int64_t after, int limit) const;

  Station createStation(const http::Principal& p, const http::Actor& actor, const StationInput& in, Validator v = {});
  // A place's rules on who may run a station are policy, which org cannot read (policy builds on
  // org): the app installs the check, which adds its refusals to `v`.
  using StationRule = std::function<void(const Station& proposed, const Agency& agency, Validator& v)>;
  void setStationRule(StationRule rule) { stationRule_ = std::move(rule); }
  // The same rule for a station about to pass to `agency` (a hand-over, issue #17).
  void checkStationRule(const Station& proposed, const Agency& agency, Validator& v) const {
    if (stationRule_) stationRule_(proposed, agency, v);
  }
  std::optional<Station> findStation(int64_t id) const;
  // These stations by id, in one query (a contract names several); unknown ids are left out.
  std::map<int64_t, Station> findStations(const std::vector<int64_t>& ids) const;
  std::vector<Station> listStations(const http::Principal& p, int64_t after, int limit) const;
  // The stations the agency runs now, or with `ever` also those it ran before another agency took
  // them over (payroll pays the months before a hand-over, issue #17).
  std::vector<Station> stationsOfAgency(int64_t agencyId, bool ever = false) const;
  // Every agency that has run the station, oldest first (scope-checked like the station).
  std::vector<StationOperator> operatorsOf(const http::Principal& p, int64_t stationId) const;
  // Inside the caller's transaction: the station passes from the agency running it to `newAgencyId`
  // from `from` (issue #17). The current operator's time ends the day before and the new one's
  // begins; the station's agency changes only if it is still `station.agencyId` (else 409).
  void handOver(db::Connection& c, const http::Actor& actor, const Station& station, int64_t newAgencyId,
                const Date& from) const;
  // The places an agency runs or ran a station in, each once, in one query (payroll asks per run).
  std::vector<Jurisdiction> placesOfAgency(int64_t agencyId) const;

  // Looks the resource up and applies the scope rule: 404 when missing or out of scope.
  Jurisdiction jurisdictionFor(const http::Principal& p, int64_t id) const;
  Agency agencyFor(const http::Principal& p, int64_t id) const;
  Station stationFor(const http::Principal& p, int64_t id) const;

 private:
  db::Database& db_;
  const audit::AuditLog& audit_;
  StationRule stationRule_;
  // Jurisdictions are never changed or removed once made, and a place's ancestors exist before it:
  // a lineage read once is the lineage for good, on every server sharing the database. Kept by
  // path, so a payroll run's policy and scale lookups do not each ask for it again.
  mutable std::mutex lineageMutex_;
  mutable std::map<std::string, std::vector<Jurisdiction>> lineages_;
};

void registerRoutes(http::RouteTable& routes, OrgService& org);

}  // namespace sr::org
