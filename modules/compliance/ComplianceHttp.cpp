#include "compliance/Compliance.h"

namespace sr::compliance {

namespace {
Date onParam(const http::Request& r) {
  auto text = r.queryParam("on");
  if (!text) return todayInChina();
  auto d = parseDate(*text);
  if (!d) throw Error(Code::validation_failed, "Invalid query parameter.", {{"on", "must be a date YYYY-MM-DD"}});
  return *d;
}
}  // namespace

void registerRoutes(http::RouteTable& routes, ComplianceService& compliance) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("GET", "/api/v1/stations/{id}/compliance",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "A station against its staffing rules on ?on= (default today): headcount, certified, qualified ratio, "
             "breaches, violations",
             [&compliance](const Request& r) { return Response::json(compliance.station(r.who(), r.pathId("id"), onParam(r))); });
  routes.add("GET", "/api/v1/jurisdictions/{id}/compliance", Permission::only({Role::admin, Role::bureau}),
             "Every station in the jurisdiction and below against its staffing rules, with totals",
             [&compliance](const Request& r) {
               return Response::json(compliance.jurisdiction(r.who(), r.pathId("id"), onParam(r)));
             });
}

}  // namespace sr::compliance
