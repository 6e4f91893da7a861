// Routes of misconduct cases. Reading is for the keepers (bureau, admin), the agency (its own
// cases) and the worker (their own); the payroll officer has no part in discipline.
#include "discipline/Discipline.h"

namespace sr::discipline {

void registerRoutes(http::RouteTable& routes, CaseService& cases) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto keepers = Permission::only({Role::admin, Role::bureau});
  routes.add("POST", "/api/v1/misconduct-cases", Permission::only({Role::admin, Role::agency_admin}),
             "Report misconduct of an employee: {\"employment_id\",\"category\",\"description\",\"evidence\",\"occurred_on\"}; "
             "opens a case for the bureau of the station's jurisdiction",
             [&cases](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"employment_id", "category", "description", "evidence", "occurred_on"});
               ReportInput x;
               x.employmentId = in.id("employment_id", true).value_or(0);
               x.category = in.oneOf("category", true,
                                    {"breach_of_commitment", "falsified_records", "misuse_of_funds", "harm_to_service_users",
                                     "absence", "other"}).value_or("");
               x.description = in.string("description", true, 2000).value_or("");
               x.evidence = in.string("evidence", false, 4000);
               x.occurredOn = in.date("occurred_on", true).value_or(todayInChina());
               v.throwIfAny();
               return Response::json(cases.report(r.who(), r.actor(), x), 201);
             });
  routes.add("GET", "/api/v1/misconduct-cases", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::worker}),
             "Cases in scope (a worker: their own): ?status=open|dismissed|listed, ?kind=early_leaving|late_leaving|reported, "
             "?agency_id=, ?cursor=",
             [&cases](const Request& r) {
               CaseFilter f;
               f.status = r.choiceQuery("status", {"open", "dismissed", "listed"});
               f.kind = r.choiceQuery("kind", {"early_leaving", "late_leaving", "reported"});
               f.agencyId = r.idQuery("agency_id");
               int limit = r.limit();
               auto rows = cases.list(r.who(), f, http::cursorAfter(r), limit + 1);
               return Response::json(http::pageOf(rows, limit, [](const CaseService::Listed& c) { return c.json; }));
             });
  routes.add("GET", "/api/v1/misconduct-cases/{id}", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::worker}),
             "One case; the bureau and the worker also see its blacklist entry",
             [&cases](const Request& r) { return Response::json(cases.get(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/misconduct-cases/{id}/dismiss", keepers, "Dismiss an open case: {\"reason\"}",
             [&cases](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"reason"});
               auto reason = in.string("reason", true, 1000);
               v.throwIfAny();
               return Response::json(cases.dismiss(r.who(), r.actor(), r.pathId("id"), *reason));
             });
  routes.add("POST", "/api/v1/misconduct-cases/{id}/list", keepers,
             "List the person on the sector blacklist: {\"reason\",\"listed_on\" (default today),\"years\" (default the "
             "policy's blacklist_years)}",
             [&cases](const Request& r) {
               Validator v;
               ListingInput x;
               if (!r.body.empty()) {  // every field has a default
                 json::Reader in(r.json(), v);
                 in.rejectUnknown({"reason", "listed_on", "years"});
                 x.reason = in.string("reason", false, 500);
                 x.listedOn = in.date("listed_on", false);
                 if (auto years = in.integer("years", false, 1, 50)) x.years = static_cast<int>(*years);
               }
               v.throwIfAny();
               return Response::json(cases.listPerson(r.who(), r.actor(), r.pathId("id"), x));
             });
  routes.add("POST", "/api/v1/misconduct-cases/{id}/appeal", Permission::only({Role::worker}),
             "The worker appeals their listing, once: {\"note\"}", [&cases](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"note"});
               auto note = in.string("note", true, 4000);
               v.throwIfAny();
               return Response::json(cases.appeal(r.who(), r.actor(), r.pathId("id"), *note));
             });
  routes.add("POST", "/api/v1/misconduct-cases/{id}/appeal/decision", keepers,
             "Decide a pending appeal: {\"outcome\":\"upheld|rejected\",\"reason\"}; upheld lifts the listing",
             [&cases](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"outcome", "reason"});
               auto outcome = in.oneOf("outcome", true, {"upheld", "rejected"});
               auto reason = in.string("reason", true, 1000);
               v.throwIfAny();
               return Response::json(cases.decideAppeal(r.who(), r.actor(), r.pathId("id"), *outcome == "upheld", *reason));
             });
}

}  // namespace sr::discipline
