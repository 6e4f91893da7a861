#include "people/People.h"

namespace sr::people {

void registerRoutes(http::RouteTable& routes, PeopleService& people) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;

  routes.add("GET", "/api/v1/persons", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "People in scope; ?id_number= finds one by exact ID number, ?name= by exact name",
             [&people](const Request& r) {
               int limit = r.limit();
               auto rows = people.list(r.who(), r.actor(), http::cursorAfter(r), limit + 1, r.queryParam("id_number"),
                                       r.queryParam("name"));
               auto role = r.who().role;
               return Response::json(http::pageOf(rows, limit, [&](const Person& p) { return people.toJson(p, role); }));
             });
  routes.add("GET", "/api/v1/persons/{id}", Permission::anyUser(), "One person (a worker: only themself)",
             [&people](const Request& r) {
               return Response::json(people.toJson(people.personFor(r.who(), r.pathId("id")), r.who().role));
             });
}

}  // namespace sr::people
