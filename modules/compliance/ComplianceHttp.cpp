#include "compliance/Compliance.h"

namespace sr::compliance {

namespace {
Date onParam(const http::Request& r) { return r.dateQuery("on").value_or(todayInChina()); }
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
