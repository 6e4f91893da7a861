#include "certification/Certification.h"

namespace sr::certification {

void registerRoutes(http::RouteTable& routes, CertificationService& certs) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto keepers = Permission::only({Role::admin, Role::agency_admin});

  routes.add("POST", "/api/v1/persons/{id}/certificates", keepers,
             "Record a certificate: {\"level\",\"number\",\"passed_on\",\"registered_until\"}", [&certs](const Request& r) {
               Validator v;
               auto in = readCertificate(r.json(), v, "");
               v.throwIfAny();
               return Response::json(certs.add(r.who(), r.actor(), r.pathId("id"), *in), 201);
             });
  routes.add("GET", "/api/v1/persons/{id}/certificates", Permission::anyUser(),
             "A person's certificates with hours earned and required this period, and continuing-education records",
             [&certs](const Request& r) { return Response::json(certs.overview(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/persons/{id}/education-records", keepers,
             "Record continuing education: {\"taken_on\",\"hours\",\"provider\"}", [&certs](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"taken_on", "hours", "provider"});
               auto taken = in.date("taken_on", true);
               auto hours = in.integer("hours", true, 1, 200);
               auto provider = in.string("provider", true, 200);
               if (taken && *taken > todayInChina()) v.add("taken_on", "is in the future");
               v.throwIfAny();
               return Response::json(
                   certs.addEducation(r.who(), r.actor(), r.pathId("id"), {*taken, static_cast<int>(*hours), *provider}), 201);
             });
  routes.add("POST", "/api/v1/certificates/{id}/renew", keepers,
             "Renew a registration for 3 more years: only in its last 3 months and with the required hours",
             [&certs](const Request& r) { return Response::json(certs.renew(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("GET", "/api/v1/certificates/expiring",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "Registrations in scope ending within ?within_days=N (default 90), soonest first",
             [&certs](const Request& r) {
               auto days = static_cast<int>(r.integerQuery("within_days", 0, 3650).value_or(90));
               return Response::json(http::listPage(certs.expiring(r.who(), days, r.limit()), std::nullopt));
             });
}

}  // namespace sr::certification
