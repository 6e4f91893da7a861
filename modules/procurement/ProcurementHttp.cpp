// Routes of purchase contracts: the bureau keeps them, an agency reads its own.
#include "procurement/Procurement.h"

namespace sr::procurement {

namespace {
using http::Permission;
using http::Request;
using http::Response;
using http::Role;

// The list `key` of objects, each read by `item` with problems under key[i]; "is required" when
// absent and required.
template <class Item>
void readList(const json::Obj& body, Validator& v, const std::string& key, const Item& item) {
  if (!body->has(key)) return v.add(key, "is required");
  auto list = body->getArray(key);
  if (!list) return v.add(key, "must be an array");
  if (list->size() == 0) return v.add(key, "must not be empty");
  for (std::size_t i = 0; i < list->size(); ++i) {
    std::string at = key + "[" + std::to_string(i) + "]";
    auto o = list->getObject(static_cast<unsigned>(i));
    if (!o) {
      v.add(at, "must be an object");
      continue;
    }
    json::Reader in(o, v, at);
    item(in);
  }
}

ContractInput readContract(const json::Obj& body, Validator& v) {
  json::Reader in(body, v);
  in.rejectUnknown({"jurisdiction_id", "agency_id", "reference", "start_date", "end_date", "annual_standard_fen", "sources",
                    "schedule", "stations"});
  ContractInput c;
  c.jurisdictionId = in.id("jurisdiction_id", false);
  c.agencyId = in.id("agency_id", true).value_or(0);
  c.reference = in.name("reference", false, 100);
  c.start = in.date("start_date", true).value_or(Date{});
  c.end = in.date("end_date", true).value_or(Date{});
  c.annualStandardFen = in.integer("annual_standard_fen", true, 1, 100'000'000'00).value_or(0);
  c.schedule = in.oneOf("schedule", false, {"monthly", "quarterly", "half_yearly", "yearly"});
  readList(body, v, "sources", [&](json::Reader& s) {
    s.rejectUnknown({"source", "pct"});
    auto name = s.oneOf("source", true, {"central", "province", "city", "county", "town", "local", "other"});
    auto pct = s.integer("pct", true, 1, 100);
    if (name && pct) c.sources.push_back({*name, *pct});
  });
  readList(body, v, "stations", [&](json::Reader& s) {
    s.rejectUnknown({"station_id", "funded_posts"});
    auto station = s.id("station_id", true);
    auto posts = s.integer("funded_posts", true, 1, 100);
    if (station && posts) c.stations.push_back({*station, *posts});
  });
  return c;
}
}  // namespace

void registerRoutes(http::RouteTable& routes, ContractService& contracts) {
  const auto keepers = Permission::only({Role::admin, Role::bureau});
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});
  routes.add("POST", "/api/v1/purchase-contracts", keepers,
             "Record a signed purchase-of-service contract: {\"agency_id\", \"start_date\", \"end_date\", \"stations\": "
             "[{\"station_id\", \"funded_posts\"}], \"annual_standard_fen\" (per funded worker a year), \"sources\": "
             "[{\"source\", \"pct\"}] adding up to 100, \"schedule\" (monthly|quarterly|half_yearly|yearly), "
             "\"reference\", \"jurisdiction_id\" (default the bureau's own)}; a station under another contract for part "
             "of the term is 409",
             [&contracts](const Request& r) {
               Validator v;
               auto in = readContract(r.json(), v);
               return Response::json(contracts.create(r.who(), r.actor(), in, std::move(v)), 201);
             });
  routes.add("GET", "/api/v1/purchase-contracts", readers,
             "Contracts in scope (an agency: its own): ?status=signed|active|ended|terminated, ?agency_id=, "
             "?station_id=, ?cursor=",
             [&contracts](const Request& r) {
               ContractFilter f;
               f.status = r.choiceQuery("status", {"signed", "active", "ended", "terminated"});
               f.agencyId = r.idQuery("agency_id");
               f.stationId = r.idQuery("station_id");
               int limit = r.limit();
               auto rows = contracts.list(r.who(), f, http::cursorAfter(r), limit + 1);
               return Response::json(http::pageOf(rows, limit, [](const ContractService::Listed& c) { return c.json; }));
             });
  routes.add("GET", "/api/v1/purchase-contracts/{id}", readers, "One contract, with the stations it covers",
             [&contracts](const Request& r) { return Response::json(contracts.get(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/activate", keepers,
             "A signed contract's service begins (from the first day of its term)",
             [&contracts](const Request& r) { return Response::json(contracts.activate(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/end", keepers,
             "An active contract has run its term (from its last day)",
             [&contracts](const Request& r) { return Response::json(contracts.end(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/terminate", keepers,
             "End a signed or active contract early: {\"on\" (the last day of service), \"reason\"}; its stations' "
             "cover stops that day",
             [&contracts](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"on", "reason"});
               auto on = in.date("on", true);
               auto reason = in.string("reason", true, 1000);
               v.throwIfAny();
               return Response::json(contracts.terminate(r.who(), r.actor(), r.pathId("id"), *on, *reason));
             });
}

}  // namespace sr::procurement
