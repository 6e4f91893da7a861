#include "policy/Policy.h"

namespace sr::policy {

void registerRoutes(http::RouteTable& routes, PolicyService& policies) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});
  const auto writers = Permission::only({Role::admin, Role::bureau});

  routes.add("GET", "/api/v1/jurisdictions/{id}/policy", readers,
             "The effective policy (?on=YYYY-MM-DD, default today) and where each key came from",
             [&policies](const Request& r) {
               Date on = todayInChina();
               if (auto s = r.queryParam("on")) {
                 auto d = parseDate(*s);
                 if (!d) throw Error(Code::validation_failed, "Invalid date.", {{"on", "must be a date YYYY-MM-DD"}});
                 on = *d;
               }
               return Response::json(policies.effectiveFor(r.who(), r.pathId("id"), on).toJson());
             });
  routes.add("PUT", "/api/v1/jurisdictions/{id}/policy", writers,
             "Store a policy version (all or some keys) effective from a date", [&policies](const Request& r) {
               return Response::json(policies.put(r.who(), r.actor(), r.pathId("id"), r.json()));
             });
  routes.add("GET", "/api/v1/jurisdictions/{id}/policy/versions", readers,
             "The policy versions stored on this jurisdiction itself, each whole, with the change that made it and who made it", [&policies](const Request& r) {
               auto items = json::array();
               for (const auto& v : policies.versions(r.who(), r.pathId("id"))) {
                 auto o = json::object();
                 o->set("effective_from", v.effectiveFrom);
                 o->set("document", v.document);
                 o->set("change", v.change ? Poco::Dynamic::Var(v.change) : Poco::Dynamic::Var());
                 o->set("changed_at", rfc3339(v.createdAt));
                 o->set("changed_by", json::orNull(v.createdBy));
                 o->set("changed_by_username", v.createdByUsername.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v.createdByUsername));
                 items->add(o);
               }
               return Response::json(http::listPage(items, std::nullopt));
             });
  routes.add("GET", "/api/v1/policy-presets", readers, "Policy presets shipped with the server",
             [](const Request&) {
               auto items = json::array();
               for (const auto& f : presets()) {
                 auto o = json::object();
                 std::string name(f.name);
                 o->set("name", name.substr(0, name.size() - 5));
                 o->set("document", json::parseObject(f.content));
                 items->add(o);
               }
               return Response::json(http::listPage(items, std::nullopt));
             });
  routes.add("POST", "/api/v1/jurisdictions/{id}/policy/presets/{name}", writers,
             "Load a preset as this jurisdiction's policy; optional body {\"effective_from\"}",
             [&policies](const Request& r) {
               std::optional<std::string> from;
               if (!r.body.empty()) {
                 Validator v;
                 json::Reader in(r.json(), v);
                 in.rejectUnknown({"effective_from"});
                 if (auto d = in.date("effective_from", false)) from = formatDate(*d);
                 v.throwIfAny();
               }
               return Response::json(policies.loadPreset(r.who(), r.actor(), r.pathId("id"), r.params.at("name"), from));
             });
}

}  // namespace sr::policy
