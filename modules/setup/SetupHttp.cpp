// Routes of the first-start setup (issue #15).
#include "setup/Setup.h"

namespace sr::setup {

void registerRoutes(http::RouteTable& routes, SetupService& setup) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("GET", "/api/v1/setup", Permission::only({Role::admin}),
             "Whether the database still needs its first county ({\"needed\"})",
             [&setup](const Request&) { return Response::json(setup.status()); });
  routes.add("POST", "/api/v1/setup", Permission::only({Role::admin}),
             "Sets up the first county: {\"county_code\",\"preset\",\"bureau_username\",\"effective_from\"?} -> the "
             "province/city/county, the policy version and the bureau account with its one-time password",
             [&setup](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"county_code", "preset", "bureau_username", "effective_from"});
               SetupInput input;
               input.countyCode = in.string("county_code", true, 6).value_or("");
               input.preset = in.string("preset", true, 60).value_or("");
               input.bureauUsername = in.string("bureau_username", true, 60).value_or("");
               if (auto d = in.date("effective_from", false)) input.effectiveFrom = formatDate(*d);
               v.throwIfAny();
               return Response::json(setup.run(r.who(), r.actor(), input), 201);
             });
  routes.add("GET", "/api/v1/divisions/{code}", Permission::only({Role::admin, Role::bureau}),
             "The province, city and county a 6-digit administrative division code names (2023 statistical codes)",
             [&setup](const Request& r) { return Response::json(setup.division(r.params.at("code"))); });
}

}  // namespace sr::setup
