#include "blacklist/Blacklist.h"

namespace sr::blacklist {

namespace {
using http::Permission;
using http::Request;
using http::Response;
using http::Role;
}  // namespace

void registerRoutes(http::RouteTable& routes, BlacklistService& blacklist) {
  const auto keepers = Permission::only({Role::admin, Role::bureau});

  routes.add("POST", "/api/v1/blacklist", keepers,
             "List a person (by ID number) on the sector blacklist; years default to the policy's blacklist_years",
             [&blacklist](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"id_number", "name", "reason", "listed_on", "years", "jurisdiction_id"});
               EntryInput e;
               if (auto id = in.string("id_number", true, 18); id && !id->empty())
                 e.idNumber = people::checkedIdNumber(*id, "id_number", v, todayInChina()).value_or("");
               e.name = in.name("name", false, 100);
               e.reason = in.string("reason", true, 500).value_or("");
               e.listedOn = in.date("listed_on", true).value_or(todayInChina());
               if (auto y = in.integer("years", false, 1, 50)) e.years = static_cast<int>(*y);
               e.jurisdictionId = in.id("jurisdiction_id", false);
               auto entry = blacklist.add(r.who(), r.actor(), e, std::move(v));
               return Response::json(blacklist.toJson(entry, todayInChina(), r.who().role), 201);
             });
  routes.add("GET", "/api/v1/blacklist", Permission::only({Role::admin, Role::bureau, Role::worker}),
             "Blacklist entries: a bureau's own area, a worker's own; ?in_force=true for those in force today",
             [&blacklist](const Request& r) {
               int limit = r.limit();
               auto rows = blacklist.list(r.who(), http::cursorAfter(r), limit + 1, r.flagQuery("in_force"));
               auto today = todayInChina();
               auto role = r.who().role;
               return Response::json(
                   http::pageOf(rows, limit, [&](const Entry& e) { return blacklist.toJson(e, today, role); }));
             });
  routes.add("GET", "/api/v1/blacklist/check", Permission::only({Role::admin, Role::bureau, Role::agency_admin}),
             "Is this ID number listed (on ?on=, default today), and until when; every check is audited",
             [&blacklist](const Request& r) {
               Validator v;
               auto id = people::checkedIdNumber(r.queryParam("id_number").value_or(""), "id_number", v, todayInChina());
               v.throwIfAny();
               auto result = blacklist.check(r.who(), r.actor(), *id, r.dateQuery("on").value_or(todayInChina()));
               auto o = json::object();
               o->set("listed", result.listed);
               o->set("until", json::orNull(result.until));
               return Response::json(o);
             });
  routes.add("GET", "/api/v1/blacklist/{id}", Permission::only({Role::admin, Role::bureau, Role::worker}),
             "One blacklist entry", [&blacklist](const Request& r) {
               return Response::json(blacklist.toJson(blacklist.entryFor(r.who(), r.pathId("id")), todayInChina(), r.who().role));
             });
  routes.add("POST", "/api/v1/blacklist/{id}/lift", keepers, "Lift an entry early: {\"reason\", \"lifted_on\"}",
             [&blacklist](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"reason", "lifted_on"});
               auto reason = in.string("reason", true, 500);
               auto on = in.date("lifted_on", false).value_or(todayInChina());
               v.throwIfAny();
               auto e = blacklist.lift(r.who(), r.actor(), r.pathId("id"), on, *reason);
               return Response::json(blacklist.toJson(e, todayInChina(), r.who().role));
             });
}

}  // namespace sr::blacklist
