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
  routes.add("POST", "/api/v1/filings/accept", deciders,
             "Accept many pending filings: {\"ids\": [...]} (1 to 500); answers accepted and already_decided ids; an id "
             "outside the caller's area is 404 and nothing is accepted",
             [&filings](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               in.rejectUnknown({"ids"});
               std::vector<int64_t> ids;
               auto list = body->has("ids") ? body->getArray("ids") : json::Arr();
               if (!list)
                 v.add("ids", body->has("ids") ? "must be a list of filing ids" : "is required");
               else if (list->size() == 0 || list->size() > 500)
                 v.add("ids", "must hold 1 to 500 filing ids");
               else
                 for (std::size_t i = 0; i < list->size(); ++i) {
                   auto item = list->get(static_cast<unsigned>(i));
                   if (!item.isInteger() || item.convert<int64_t>() < 1)
                     v.add("ids[" + std::to_string(i) + "]", "must be a filing id");
                   else
                     ids.push_back(item.convert<int64_t>());
                 }
               v.throwIfAny();
               auto done = filings.acceptMany(r.who(), r.actor(), ids);
               auto o = json::object();
               auto arr = [](const std::vector<int64_t>& xs) {
                 auto a = json::array();
                 for (auto x : xs) a->add(x);
                 return a;
               };
               o->set("accepted", arr(done.accepted));
               o->set("already_decided", arr(done.alreadyDecided));
               return Response::json(o);
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
