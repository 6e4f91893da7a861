#include <algorithm>

#include "common/Time.h"
#include "org/Org.h"
#include "org/OrgRules.h"

namespace sr::org {

namespace sql {
constexpr std::string_view kJurisdictionCols = "SELECT id, code, name, level, parent_id, path FROM jurisdictions";
constexpr std::string_view kAgencyCols =
    "SELECT a.id, a.name, a.credit_code, a.rating, a.kind, a.jurisdiction_id, j.path, a.bank_template "
    "FROM agencies a JOIN jurisdictions j ON j.id = a.jurisdiction_id";
constexpr std::string_view kStationCols =
    "SELECT s.id, s.name, s.jurisdiction_id, s.agency_id, j.path "
    "FROM stations s JOIN jurisdictions j ON j.id = s.jurisdiction_id";
}  // namespace sql

namespace {
Jurisdiction jurisdictionFrom(const db::Row& r) {
  return {r.i64("id"), r.str("code"), r.str("name"), r.str("level"), r.optI64("parent_id"), r.str("path")};
}
Agency agencyFrom(const db::Row& r) {
  return {r.i64("id"), r.str("name"), r.str("credit_code"), r.optStr("rating"), r.str("kind"), r.i64("jurisdiction_id"),
          r.str("path"), r.optStr("bank_template")};
}
Station stationFrom(const db::Row& r) {
  return {r.i64("id"), r.str("name"), r.i64("jurisdiction_id"), r.i64("agency_id"), r.str("path")};
}

void requireValid(const Validator& v) { v.throwIfAny(); }
}  // namespace

json::Obj toJson(const Jurisdiction& j) {
  auto o = json::object();
  o->set("id", j.id);
  o->set("code", j.code);
  o->set("name", j.name);
  o->set("level", j.level);
  o->set("parent_id", json::orNull(j.parentId));
  return o;
}

json::Obj toJson(const Agency& a) {
  auto o = json::object();
  o->set("id", a.id);
  o->set("name", a.name);
  o->set("credit_code", a.creditCode);
  o->set("rating", json::orNull(a.rating));
  o->set("kind", a.kind);
  o->set("jurisdiction_id", a.jurisdictionId);
  o->set("bank_template", a.bankTemplate.value_or("generic"));
  return o;
}

void OrgService::setBankTemplate(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                                 const std::string& templateId) const {
  auto before = agencyFor(p, agencyId);
  db_.transact<int>([&](db::Connection& c) {
    c.execute("UPDATE agencies SET bank_template = ? WHERE id = ?", {templateId, agencyId});
    auto after = before;
    after.bankTemplate = templateId;
    audit_.append(c, actor, {"agency.bank_template", "agency", agencyId, before.jurisdictionPath, toJson(before), toJson(after)});
    return 0;
  });
}

json::Obj toJson(const Station& s) {
  auto o = json::object();
  o->set("id", s.id);
  o->set("name", s.name);
  o->set("jurisdiction_id", s.jurisdictionId);
  o->set("agency_id", s.agencyId);
  return o;
}

std::optional<Jurisdiction> OrgService::findJurisdiction(int64_t id) const {
  auto lease = db_.acquire();
  auto row = lease->queryOne(std::string(sql::kJurisdictionCols) + " WHERE id = ?", {id});
  return row ? std::optional(jurisdictionFrom(*row)) : std::nullopt;
}

std::optional<Jurisdiction> OrgService::findJurisdictionByCode(const std::string& code) const {
  auto lease = db_.acquire();
  auto row = lease->queryOne(std::string(sql::kJurisdictionCols) + " WHERE code = ?", {code});
  return row ? std::optional(jurisdictionFrom(*row)) : std::nullopt;
}

std::vector<Jurisdiction> OrgService::listJurisdictions(const std::string& pathPrefix, int64_t after, int limit) const {
  auto lease = db_.acquire();
  std::vector<Jurisdiction> out;
  for (auto& r : lease->query(std::string(sql::kJurisdictionCols) + " WHERE path LIKE ? AND id > ? ORDER BY id LIMIT ?",
                              {pathPrefix + "%", after, int64_t{limit}}))
    out.push_back(jurisdictionFrom(r));
  return out;
}

std::vector<Jurisdiction> OrgService::lineage(const Jurisdiction& j) const {
  {
    std::lock_guard lock(lineageMutex_);
    if (auto it = lineages_.find(j.path); it != lineages_.end()) return it->second;
  }
  db::Params codes;
  std::string marks;
  for (std::size_t start = 1; start < j.path.size();) {
    auto end = j.path.find('/', start);
    codes.emplace_back(j.path.substr(start, end - start));
    marks += marks.empty() ? "?" : ", ?";
    start = end + 1;
  }
  auto lease = db_.acquire();
  std::vector<Jurisdiction> out;
  for (auto& r : lease->query(std::string(sql::kJurisdictionCols) + " WHERE code IN (" + marks + ")", codes))
    out.push_back(jurisdictionFrom(r));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.path.size() < b.path.size(); });
  if (out.size() == codes.size()) {  // whole: every code of the path found
    std::lock_guard lock(lineageMutex_);
    if (lineages_.size() >= 100000) lineages_.clear();  // a crude bound, far above a province's places
    lineages_.emplace(j.path, out);
  }
  return out;
}

Jurisdiction OrgService::jurisdictionFor(const http::Principal& p, int64_t id) const {
  auto j = findJurisdiction(id);
  if (!j) throwNotFound("Jurisdiction");
  access::require(p, {j->path, std::nullopt, std::nullopt});
  return *j;
}

Jurisdiction OrgService::createJurisdiction(const http::Principal& p, const http::Actor& actor,
                                            const JurisdictionInput& in, Validator v) {
  auto level = parseLevel(in.level);
  if (level && !v.has("code"))
    if (auto problem = jurisdictionCodeProblem(in.code, *level)) v.add("code", *problem);
  std::optional<Jurisdiction> parent;
  if (in.parentId) {
    parent = findJurisdiction(*in.parentId);
    if (!parent || !access::inScope(p, {parent->path, std::nullopt, std::nullopt}))
      v.add("parent_id", "no such jurisdiction");
  }
  if (level && !v.has("parent_id"))
    if (auto problem = parentProblem(*level, parent ? parseLevel(parent->level) : std::nullopt))
      v.add("parent_id", *problem);
  requireValid(v);
  Jurisdiction j{0, in.code, in.name, in.level, in.parentId, (parent ? parent->path : "/") + in.code + "/"};
  db_.transaction([&](db::Connection& c) {
    try {  // the unique key decides: two sent at once record one
      j.id = c.insert("INSERT INTO jurisdictions (code, name, level, parent_id, path, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                      {j.code, j.name, j.level, db::nullable(j.parentId), j.path, nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "A jurisdiction with this code exists.", {{"code", "is already used"}});
    }
    audit_.append(c, actor, {"jurisdiction.create", "jurisdiction", j.id, j.path, nullptr, toJson(j)});
  });
  return j;
}

std::optional<Agency> OrgService::findAgency(int64_t id) const {
  auto lease = db_.acquire();
  auto row = lease->queryOne(std::string(sql::kAgencyCols) + " WHERE a.id = ?", {id});
  return row ? std::optional(agencyFrom(*row)) : std::nullopt;
}

Agency OrgService::agencyFor(const http::Principal& p, int64_t id) const {
  auto a = findAgency(id);
  if (!a) throwNotFound("Agency");
  access::require(p, a->owner());
  return *a;
}

namespace {
// Names by id from one of org's tables, in one query per 500 ids.
std::map<int64_t, std::string> namesIn(db::Database& db, std::string_view table, const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  auto lease = db.acquire();
  db::forChunks(ids.size(), [&](std::size_t from, std::size_t to) {
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(to));
    for (const auto& r : lease->query("SELECT id, name FROM " + std::string(table) + " WHERE id IN (" +
                                          db::placeholders(to - from) + ")",
                                      params))
      out[r.i64("id")] = r.str("name");
  });
  return out;
}
}  // namespace

std::map<int64_t, std::string> OrgService::agencyNames(const std::vector<int64_t>& ids) const {
  return namesIn(db_, "agencies", ids);
}

std::map<int64_t, std::string> OrgService::stationNames(const std::vector<int64_t>& ids) const {
  return namesIn(db_, "stations", ids);
}

std::vector<Agency> OrgService::listAgencies(const http::Principal& p, int64_t after, int limit) const {
  std::string where = " WHERE a.id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"j.path", "a.id", ""}, where, params);
  params.emplace_back(int64_t{limit});
  auto lease = db_.acquire();
  std::vector<Agency> out;
  for (auto& r : lease->query(std::string(sql::kAgencyCols) + where + " ORDER BY a.id LIMIT ?", params))
    out.push_back(agencyFrom(r));
  return out;
}

Agency OrgService::createAgency(const http::Principal& p, const http::Actor& actor, const AgencyInput& in,
                                Validator v) {
  if (!v.has("credit_code"))
    if (auto problem = creditCodeProblem(in.creditCode)) v.add("credit_code", *problem);
  auto j = findJurisdiction(in.jurisdictionId);
  if (!v.has("jurisdiction_id") && (!j || !access::inScope(p, {j->path, std::nullopt, std::nullopt})))
    v.add("jurisdiction_id", "no such jurisdiction");
  requireValid(v);
  Agency a{0, in.name, in.creditCode, in.rating, in.kind, j->id, j->path, std::nullopt};
  db_.transaction([&](db::Connection& c) {
    try {  // the unique key decides: two sent at once record one
      a.id = c.insert(
          "INSERT INTO agencies (name, credit_code, rating, kind, jurisdiction_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
          {a.name, a.creditCode, db::nullable(a.rating), a.kind, a.jurisdictionId, nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "An agency with this credit code exists.", {{"credit_code", "is already registered"}});
    }
    audit_.append(c, actor, {"agency.create", "agency", a.id, a.jurisdictionPath, nullptr, toJson(a)});
  });
  return a;
}

std::optional<Station> OrgService::findStation(int64_t id) const {
  auto lease = db_.acquire();
  auto row = lease->queryOne(std::string(sql::kStationCols) + " WHERE s.id = ?", {id});
  return row ? std::optional(stationFrom(*row)) : std::nullopt;
}

std::map<int64_t, Station> OrgService::findStations(const std::vector<int64_t>& ids) const {
  std::map<int64_t, Station> out;
  if (ids.empty()) return out;
  auto lease = db_.acquire();
  for (auto& r : lease->query(std::string(sql::kStationCols) + " WHERE s.id IN (" + db::placeholders(ids.size()) + ")",
                              db::Params(ids.begin(), ids.end()))) {
    auto st = stationFrom(r);
    out.emplace(st.id, st);
  }
  return out;
}

Station OrgService::stationFor(const http::Principal& p, int64_t id) const {
  auto s = findStation(id);
  if (!s) throwNotFound("Station");
  access::require(p, s->owner());
  return *s;
}

std::vector<Station> OrgService::listStations(const http::Principal& p, int64_t after, int limit) const {
  std::string where = " WHERE s.id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"j.path", "s.agency_id", ""}, where, params);
  params.emplace_back(int64_t{limit});
  auto lease = db_.acquire();
  std::vector<Station> out;
  for (auto& r : lease->query(std::string(sql::kStationCols) + where + " ORDER BY s.id LIMIT ?", params))
    out.push_back(stationFrom(r));
  return out;
}

std::vector<Station> OrgService::stationsOfAgency(int64_t agencyId, bool ever) const {
  auto lease = db_.acquire();
  std::vector<Station> out;
  std::string where = ever ? " WHERE s.agency_id = ? OR s.id IN (SELECT station_id FROM station_operators WHERE agency_id = ?)"
                           : " WHERE s.agency_id = ?";
  db::Params params{agencyId};
  if (ever) params.emplace_back(agencyId);
  for (auto& r : lease->query(std::string(sql::kStationCols) + where + " ORDER BY s.id", params))
    out.push_back(stationFrom(r));
  return out;
}

std::vector<Jurisdiction> OrgService::placesOfAgency(int64_t agencyId) const {
  auto lease = db_.acquire();
  std::vector<Jurisdiction> out;
  for (auto& r : lease->query("SELECT j.id, j.code, j.name, j.level, j.parent_id, j.path FROM jurisdictions j WHERE j.id IN "
                              "(SELECT s.jurisdiction_id FROM stations s WHERE s.agency_id = ? OR s.id IN "
                              "(SELECT o.station_id FROM station_operators o WHERE o.agency_id = ?)) ORDER BY j.id",
                              {agencyId, agencyId}))
    out.push_back(jurisdictionFrom(r));
  return out;
}

Station OrgService::createStation(const http::Principal& p, const http::Actor& actor, const StationInput& in,
                                  Validator v) {
  auto j = findJurisdiction(in.jurisdictionId);
  if (v.has("jurisdiction_id")) {
  } else if (!j || !access::inScope(p, {j->path, std::nullopt, std::nullopt}))
    v.add("jurisdiction_id", "no such jurisdiction");
  else if (j->level != "town" && j->level != "county")
    v.add("jurisdiction_id", "must be a town or street (or a county for its total station)");
  auto a = findAgency(in.agencyId);
  // A bureau contracts agencies of its own area; an agency registered elsewhere is first
  // registered here by the admin, and the place's policy decides whether it may (stationRule_).
  if (!v.has("agency_id") && (!a || !access::inScope(p, a->owner()))) v.add("agency_id", "no such agency");
  requireValid(v);
  Station s{0, in.name, j->id, a->id, j->path};
  if (stationRule_) stationRule_(s, *a, v);
  requireValid(v);
  db_.transaction([&](db::Connection& c) {
    const int64_t now = nowSeconds();
    s.id = c.insert("INSERT INTO stations (name, jurisdiction_id, agency_id, created_at) VALUES (?, ?, ?, ?)",
                    {s.name, s.jurisdictionId, s.agencyId, now});
    c.execute("INSERT INTO station_operators (station_id, agency_id, from_date, to_date, created_at) VALUES (?, ?, ?, NULL, ?)",
              {s.id, s.agencyId, formatDate(dateInChina(now)), now});
    audit_.append(c, actor, {"station.create", "station", s.id, s.jurisdictionPath, nullptr, toJson(s)});
  });
  return s;
}

void OrgService::handOver(db::Connection& c, const http::Actor& actor, const Station& station, int64_t newAgencyId,
                          const Date& from) const {
  // Conditional on the agency read: of two hand-overs at once, one finds the station changed.
  if (c.execute("UPDATE stations SET agency_id = ? WHERE id = ? AND agency_id = ?", {newAgencyId, station.id, station.agencyId}) != 1)
    throw Error(Code::conflict, "The station was handed over meanwhile; reload it.");
  // An operator recorded from a day later than this hand-over (the day the station was registered,
  // when it was running before) ran it since a day not known.
  auto dayBefore = formatDate(addDays(from, -1));
  c.execute("UPDATE station_operators SET to_date = ?, from_date = CASE WHEN from_date > ? THEN NULL ELSE from_date END "
            "WHERE station_id = ? AND to_date IS NULL",
            {dayBefore, dayBefore, station.id});
  c.execute("INSERT INTO station_operators (station_id, agency_id, from_date, to_date, created_at) VALUES (?, ?, ?, NULL, ?)",
            {station.id, newAgencyId, formatDate(from), nowSeconds()});
  auto after = station;
  after.agencyId = newAgencyId;
  auto details = toJson(after);
  details->set("from", formatDate(from));
  audit_.append(c, actor, {"station.hand_over", "station", station.id, station.jurisdictionPath, toJson(station), details});
}

std::vector<StationOperator> OrgService::operatorsOf(const http::Principal& p, int64_t stationId) const {
  auto station = stationFor(p, stationId);
  auto lease = db_.acquire();
  std::vector<StationOperator> out;
  for (const auto& r : lease->query("SELECT o.agency_id, a.name, o.from_date, o.to_date, o.created_at FROM station_operators o "
                                    "JOIN agencies a ON a.id = o.agency_id WHERE o.station_id = ? ORDER BY o.id",
                                    {station.id}))
    out.push_back({r.i64("agency_id"), r.str("name"),
                   r.isNull("from_date") ? std::nullopt : parseDate(r.str("from_date")),
                   r.isNull("to_date") ? std::nullopt : parseDate(r.str("to_date"))});
  return out;
}

}  // namespace sr::org
