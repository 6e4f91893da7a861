#include "filing/Filing.h"

namespace sr::filing {

void registerRoutes(http::RouteTable& routes, FilingService& filings) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});
  const auto deciders = Permission::only({Role::admin, Role::bureau});

  routes.add("GET", "/api/v1/filings", readers,
             "Filings in scope: the bureau's queue (?status=pending, ?overdue=true), an agency's own; ?employment_id=",
             [&filings](const Request& r) {
               auto status = r.choiceQuery("status", {"pending", "accepted", "rejected"});
               int limit = r.limit();
               auto rows = filings.list(r.who(), status, r.flagQuery("overdue"), r.idQuery("employment_id"),
                                        http::cursorAfter(r), limit + 1);
               auto today = todayInChina();
               return Response::json(
                   http::pageOf(rows, limit, [&](const Filing& f) { return FilingService::toJson(f, today); }));
             });
  routes.add("GET", "/api/v1/filings/{id}", readers, "One filing", [&filings](const Request& r) {
    return Response::json(FilingService::toJson(filings.filingFor(r.who(), r.pathId("id")), todayInChina()));
  });
  routes.add("POST", "/api/v1/filings/{id}/accept", deciders, "Accept a pending filing", [&filings](const Request& r) {
    return Response::json(
        FilingService::toJson(filings.decide(r.who(), r.actor(), r.pathId("id"), true, std::nullopt), todayInChina()));
  });
  routes.add("POST", "/api/v1/filings/{id}/reject", deciders, "Reject a pending filing: {\"reason\"} is required",
             [&filings](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"reason"});
               auto reason = in.string("reason", true, 500);
               v.throwIfAny();
               return Response::json(
                   FilingService::toJson(filings.decide(r.who(), r.actor(), r.pathId("id"), false, reason), todayInChina()));
             });
}

}  // namespace sr::filing
