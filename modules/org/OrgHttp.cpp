#include "org/Org.h"

namespace sr::org {

namespace {
using http::Permission;
using http::Request;
using http::Response;
using http::Role;

template <class T>
Response page(const std::vector<T>& rows, int limit) {
  return Response::json(http::pageOf(rows, limit, [](const T& row) { return toJson(row); }));
}
}  // namespace

void registerRoutes(http::RouteTable& routes, OrgService& org) {
  const auto adminOrBureau = Permission::only({Role::admin, Role::bureau});
  const auto orgReaders = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});

  routes.add("POST", "/api/v1/jurisdictions", Permission::only({Role::admin}),
             "Create a jurisdiction (province > city > county > town)", [&org](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"code", "name", "level", "parent_id"});
               JurisdictionInput j{in.string("code", true, 9).value_or(""), in.name("name", true, 100).value_or(""),
                                   in.oneOf("level", true, {"province", "city", "county", "town"}).value_or(""),
                                   in.id("parent_id", false)};
               return Response::json(toJson(org.createJurisdiction(r.who(), r.actor(), j, std::move(v))), 201);
             });
  routes.add("GET", "/api/v1/jurisdictions", adminOrBureau, "Jurisdictions in the caller's subtree",
             [&org](const Request& r) {
               const auto& who = r.who();
               int limit = r.limit();
               return page(org.listJurisdictions(who.role == Role::admin ? "" : who.jurisdictionPath,
                                                 http::cursorAfter(r), limit + 1),
                           limit);
             });
  routes.add("GET", "/api/v1/jurisdictions/{id}", adminOrBureau, "One jurisdiction", [&org](const Request& r) {
    return Response::json(toJson(org.jurisdictionFor(r.who(), r.pathId("id"))));
  });

  routes.add("POST", "/api/v1/agencies", adminOrBureau, "Register an agency in a jurisdiction",
             [&org](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"name", "credit_code", "rating", "jurisdiction_id", "kind"});
               AgencyInput a{in.name("name", true).value_or(""), in.string("credit_code", true, 18).value_or(""),
                             in.oneOf("kind", true, {"ngo", "company", "government"}).value_or(""),
                             in.oneOf("rating", false, {"1A", "2A", "3A", "4A", "5A"}),
                             in.id("jurisdiction_id", true).value_or(0)};
               return Response::json(toJson(org.createAgency(r.who(), r.actor(), a, std::move(v))), 201);
             });
  routes.add("GET", "/api/v1/agencies", orgReaders, "Agencies in scope", [&org](const Request& r) {
    int limit = r.limit();
    return page(org.listAgencies(r.who(), http::cursorAfter(r), limit + 1), limit);
  });
  routes.add("GET", "/api/v1/agencies/{id}", orgReaders, "One agency", [&org](const Request& r) {
    return Response::json(toJson(org.agencyFor(r.who(), r.pathId("id"))));
  });

  routes.add("POST", "/api/v1/stations", adminOrBureau, "Open a station run by an agency",
             [&org](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"name", "jurisdiction_id", "agency_id"});
               StationInput s{in.name("name", true).value_or(""), in.id("jurisdiction_id", true).value_or(0),
                              in.id("agency_id", true).value_or(0)};
               return Response::json(toJson(org.createStation(r.who(), r.actor(), s, std::move(v))), 201);
             });
  routes.add("GET", "/api/v1/stations", orgReaders, "Stations in scope", [&org](const Request& r) {
    int limit = r.limit();
    return page(org.listStations(r.who(), http::cursorAfter(r), limit + 1), limit);
  });
  routes.add("GET", "/api/v1/stations/{id}", orgReaders,
             "One station, with `agencies`: every agency that has run it {agency_id, name, from, to}, oldest first",
             [&org](const Request& r) {
               auto o = toJson(org.stationFor(r.who(), r.pathId("id")));
               auto history = json::array();
               for (const auto& op : org.operatorsOf(r.who(), r.pathId("id"))) {
                 auto h = json::object();
                 h->set("agency_id", op.agencyId);
                 h->set("name", op.agencyName);
                 h->set("from", json::orNull(op.from));
                 h->set("to", json::orNull(op.to));
                 history->add(h);
               }
               o->set("agencies", history);
               return Response::json(o);
             });
}

}  // namespace sr::org
