#include "pay/Scales.h"

namespace sr::pay {

void registerScaleRoutes(http::RouteTable& routes, ScaleService& scales) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto keepers = Permission::only({Role::admin, Role::bureau});
  // Scales are published pay regulation: every staff role may read them.
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});

  routes.add("POST", "/api/v1/salary-scales", keepers,
             "A salary scale version: posts × grades of monthly base pay in fen, from effective_from",
             [&scales](const Request& r) {
               Validator v;
               auto s = readScale(r.json(), v);
               return Response::json(ScaleService::toJson(scales.create(r.who(), r.actor(), s, std::move(v))), 201);
             });
  routes.add("GET", "/api/v1/salary-scales", readers, "Salary scale versions; ?jurisdiction_id=", [&scales](const Request& r) {
    int limit = r.limit();
    auto rows = scales.list(r.idQuery("jurisdiction_id"), http::cursorAfter(r), limit + 1);
    return Response::json(http::pageOf(rows, limit, [](const ScaleVersion& s) { return ScaleService::toJson(s); }));
  });
  routes.add("GET", "/api/v1/jurisdictions/{id}/salary-scale", keepers,
             "The salary scale in force for a place on ?on=YYYY-MM-DD (default today): its own version or the nearest "
             "place's above it, with that place's name",
             [&scales](const Request& r) {
               return Response::json(scales.inForceFor(r.who(), r.pathId("id"), r.dateQuery("on").value_or(todayInChina())));
             });
  routes.add("GET", "/api/v1/salary-scales/{id}", readers, "One salary scale version", [&scales](const Request& r) {
    return Response::json(ScaleService::toJson(scales.scaleFor(r.pathId("id"))));
  });
  routes.add("POST", "/api/v1/salary-scales/presets/{name}", keepers,
             "Load a shipped scale (illustrative-4x11: example data, not an official scale): "
             "{\"jurisdiction_id\",\"effective_from\"}",
             [&scales](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"jurisdiction_id", "effective_from"});
               auto j = in.id("jurisdiction_id", true);
               auto from = in.date("effective_from", true);
               v.throwIfAny();
               auto s = scales.loadPreset(r.who(), r.actor(), r.params.at("name"), *j, *from);
               return Response::json(ScaleService::toJson(s), 201);
             });
}

}  // namespace sr::pay
