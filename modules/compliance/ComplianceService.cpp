#include <algorithm>
#include <map>

#include "common/Text.h"
#include "compliance/Compliance.h"

namespace sr::compliance {

namespace {
// Staff in post on the day: started, and not past their last day.
constexpr std::string_view kStaffSql =
    "SELECT e.id, e.station_id, e.start_date, p.id_sealed, p.education, p.social_work_major, "
    "CASE WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = e.person_id AND c.passed_on <= ? "
    "AND c.registered_until >= ?) THEN 1 ELSE 0 END AS certified "
    "FROM employments e JOIN persons p ON p.id = e.person_id JOIN stations s ON s.id = e.station_id "
    "JOIN jurisdictions j ON j.id = s.jurisdiction_id "
    "WHERE e.start_date <= ? AND (e.ended_on IS NULL OR e.ended_on >= ?)";

StaffMember memberFrom(const db::Row& r, const people::PeopleService& people) {
  // The birth date is read from the sealed ID number; it is not kept in the clear (issue #13).
  return {r.i64("id"), people.idFactsOf(r.str("id_sealed")).birthDate, *parseDate(r.str("start_date")),
          people::parseEducation(r.str("education")).value_or(people::Education::secondary),
          r.i64("social_work_major") != 0, r.i64("certified") != 0};
}

json::Obj toJson(const Result& r) {
  auto o = json::object();
  o->set("headcount", r.headcount);
  o->set("certified", r.certified);
  o->set("qualified", r.qualified);
  o->set("qualified_ratio_pct", static_cast<double>(r.qualifiedRatioHundredths) / 100.0);
  o->set("age_breaches", r.ageBreaches);
  o->set("education_breaches", r.educationBreaches);
  o->set("meets_minimums", r.meetsMinimums);
  auto list = json::array();
  for (const auto& v : r.violations) {
    auto x = json::object();
    x->set("code", v.code);
    x->set("message", v.message);
    auto ids = json::array();
    for (auto id : v.employmentIds) ids->add(id);
    x->set("employment_ids", ids);
    list->add(x);
  }
  o->set("violations", list);
  return o;
}

std::map<int64_t, std::vector<StaffMember>> staffBy(db::Database& db, const people::PeopleService& people,
                                                    const std::string& filter, db::Params extra, const Date& on) {
  auto d = formatDate(on);
  db::Params params{d, d, d, d};
  params.insert(params.end(), extra.begin(), extra.end());
  return db.read<std::map<int64_t, std::vector<StaffMember>>>([&](db::Connection& c) {
    std::map<int64_t, std::vector<StaffMember>> out;
    for (auto& r : c.query(std::string(kStaffSql) + filter + " ORDER BY e.id", params))
      out[r.i64("station_id")].push_back(memberFrom(r, people));
    return out;
  });
}
}  // namespace

StaffingRules ComplianceService::rulesFor(int64_t jurisdictionId, const Date& on) const {
  auto j = org_.findJurisdiction(jurisdictionId);
  auto staffing = policy_.effective(*j, on).effective.policy->getObject("staffing");
  auto integer = [&](const char* key) { return static_cast<int>(staffing->getValue<int64_t>(key)); };
  StaffingRules r;
  r.minStaff = integer("min_staff");
  r.maxStaff = integer("max_staff");
  r.minCertified = integer("min_certified");
  if (auto q = staffing->getObject("min_qualified_ratio"))
    r.minQualified = {static_cast<int>(q->getValue<int64_t>("num")), static_cast<int>(q->getValue<int64_t>("den"))};
  r.maxAge = integer("max_age");
  r.minEducation = people::parseEducation(staffing->getValue<std::string>("min_education")).value_or(people::Education::secondary);
  return r;
}

void ComplianceService::checkStation(const org::Station& proposed, const org::Agency& agency, Validator& v) const {
  auto place = org_.findJurisdiction(proposed.jurisdictionId);
  if (!place) return;
  auto policy = policy_.effective(*place, todayInChina()).effective.policy;
  auto staffing = policy->getObject("staffing");
  auto lineage = org_.lineage(*place);
  auto county = std::find_if(lineage.begin(), lineage.end(), [](const auto& j) { return j.level == "county"; });
  if (!staffing || county == lineage.end()) return;
  auto cite = [&](const std::string& key) {
    auto source = policy::citation(policy, key);
    return " (" + key + (source.empty() ? "" : "; " + source) + ")";
  };
  if (staffing->has("out_of_area_min_rating")) {
    auto minRating = static_cast<int>(staffing->getValue<int64_t>("out_of_area_min_rating"));
    if (outOfAreaRatingTooLow(minRating, county->path, agency.jurisdictionPath, agency.rating))
      v.add("agency_id", "an agency from outside " + county->name + " must be rated " + std::to_string(minRating) +
                             "A or above; this one is " + agency.rating.value_or("unrated") +
                             cite("staffing.out_of_area_min_rating"));
  }
  if (staffing->has("county_and_town_same_agency") && !staffing->getValue<bool>("county_and_town_same_agency")) {
    std::vector<std::string> paths;
    for (const auto& s : org_.stationsOfAgency(agency.id)) paths.push_back(s.jurisdictionPath);
    if (countyAndTownByOneAgency(place->path, county->path, paths))
      v.add("agency_id", std::string("the agency already runs ") +
                             (place->path == county->path ? "a town station of " : "the county station of ") + county->name +
                             ": the county station and the town stations are not run by one agency" +
                             cite("staffing.county_and_town_same_agency"));
  }
}

json::Obj ComplianceService::station(const http::Principal& p, int64_t stationId, const Date& on) const {
  auto s = org_.stationFor(p, stationId);
  auto staff = staffBy(db_, people_, " AND e.station_id = ?", {s.id}, on);
  auto o = json::object();
  o->set("station_id", s.id);
  o->set("name", s.name);
  o->set("on", formatDate(on));
  auto result = toJson(evaluate(rulesFor(s.jurisdictionId, on), staff[s.id]));
  for (const auto& key : result->getNames()) o->set(key, result->get(key));
  return o;
}

json::Obj ComplianceService::jurisdiction(const http::Principal& p, int64_t jurisdictionId, const Date& on) const {
  auto j = org_.jurisdictionFor(p, jurisdictionId);
  auto stations = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query("SELECT s.id, s.name, s.jurisdiction_id, s.agency_id FROM stations s JOIN jurisdictions j "
                   "ON j.id = s.jurisdiction_id WHERE j.path LIKE ? ORDER BY s.id",
                   {j.path + "%"});
  });
  auto staff = staffBy(db_, people_, " AND j.path LIKE ?", {j.path + "%"}, on);
  std::map<int64_t, StaffingRules> rules;  // one policy lookup per place, not per station
  auto items = json::array();
  int headcount = 0, certified = 0, meeting = 0, violations = 0;
  for (const auto& s : stations) {
    auto jid = s.i64("jurisdiction_id");
    if (!rules.count(jid)) rules[jid] = rulesFor(jid, on);
    auto result = evaluate(rules[jid], staff[s.i64("id")]);
    headcount += result.headcount;
    certified += result.certified;
    meeting += result.meetsMinimums;
    violations += static_cast<int>(result.violations.size());
    auto o = json::object();
    o->set("station_id", s.i64("id"));
    o->set("name", s.str("name"));
    o->set("agency_id", s.i64("agency_id"));
    auto body = toJson(result);
    for (const auto& key : body->getNames()) o->set(key, body->get(key));
    items->add(o);
  }
  auto o = json::object();
  o->set("jurisdiction_id", j.id);
  o->set("on", formatDate(on));
  o->set("stations", static_cast<int>(stations.size()));
  o->set("stations_meeting_minimums", meeting);
  o->set("headcount", headcount);
  o->set("certified", certified);
  o->set("violations", violations);
  o->set("items", items);
  // Coverage is of towns, not stations (issue #12): every town-level jurisdiction in the area,
  // whether it has a station, and the ratio for the area and each county and city in it.
  std::map<int64_t, int> stationsIn;
  for (const auto& s : stations) ++stationsIn[s.i64("jurisdiction_id")];
  auto below = org_.listJurisdictions(j.path, 0, 1'000'000);
  std::vector<std::pair<std::string, bool>> towns;
  auto townList = json::array();
  for (const auto& x : below) {
    if (x.level != "town") continue;
    towns.emplace_back(x.path, stationsIn.count(x.id) > 0);
    auto t = json::object();
    t->set("jurisdiction_id", x.id);
    t->set("code", x.code);
    t->set("name", x.name);
    t->set("parent_id", json::orNull(x.parentId));
    t->set("stations", stationsIn.count(x.id) ? stationsIn[x.id] : 0);
    townList->add(t);
  }
  auto coverageJson = [&](const Coverage& c) {
    auto x = json::object();
    x->set("towns", c.towns);
    x->set("covered", c.covered);
    x->set("uncovered", c.towns - c.covered);
    x->set("coverage_pct", hundredthsText(c.pctHundredths()));  // display only, rounded down
    return x;
  };
  auto coverage = coverageJson(coverageUnder(j.path, towns));
  auto areas = json::array();
  for (const auto& x : below) {
    if (x.id == j.id || (x.level != "county" && x.level != "city")) continue;
    auto a = coverageJson(coverageUnder(x.path, towns));
    a->set("jurisdiction_id", x.id);
    a->set("code", x.code);
    a->set("name", x.name);
    a->set("level", x.level);
    areas->add(a);
  }
  coverage->set("areas", areas);
  o->set("coverage", coverage);
  o->set("towns", townList);
  return o;
}

}  // namespace sr::compliance
