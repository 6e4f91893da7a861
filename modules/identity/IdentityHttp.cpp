#include "common/Time.h"
#include "identity/Identity.h"

namespace sr::identity {

void registerRoutes(http::RouteTable& routes, IdentityService& identity) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto userAdmins = Permission::only({Role::admin, Role::bureau, Role::agency_admin});

  routes.add("POST", "/api/v1/auth/login", Permission::publicRoute(), "Sign in; returns a bearer token",
             [&identity](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"username", "password"});
               auto username = in.string("username", true, 64);
               auto password = in.string("password", true, 256);
               v.throwIfAny();
               auto result = identity.login(*username, *password, r.actor());
               auto o = json::object();
               o->set("token", result.token);
               o->set("expires_at", rfc3339(result.expiresAt));
               o->set("idle_timeout_seconds", identity.settings().idleSeconds);
               o->set("user", toJson(result.user));
               return Response::json(o);
             });
  routes.add("POST", "/api/v1/auth/logout", Permission::anyUserBeforeOwnPassword(), "Revoke the token used for this request",
             [&identity](const Request& r) {
               identity.logout(r.who(), r.actor());
               return Response::noContent();
             });
  routes.add("GET", "/api/v1/me", Permission::anyUserBeforeOwnPassword(), "The signed-in user", [](const Request& r) {
    const auto& p = r.who();
    auto o = json::object();
    o->set("id", p.userId);
    o->set("username", p.username);
    o->set("role", std::string(http::roleName(p.role)));
    o->set("jurisdiction_id", json::orNull(p.jurisdictionId));
    o->set("agency_id", json::orNull(p.agencyId));
    o->set("person_id", json::orNull(p.personId));
    o->set("must_change_password", p.mustChangePassword);
    o->set("confirmed", p.confirmed);  // an agency admin the bureau has not confirmed may not approve payroll
    return Response::json(o);
  });
  routes.add("PUT", "/api/v1/me/password", Permission::anyUserBeforeOwnPassword(),
             "Change your password: {current_password, new_password}; ends every session",
             [&identity](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"current_password", "new_password"});
               auto current = in.string("current_password", true, 256);
               auto next = in.string("new_password", true, 256);
               v.throwIfAny();
               identity.changePassword(r.who(), r.actor(), *current, *next);
               return Response::noContent();
             });

  routes.add("POST", "/api/v1/users", userAdmins, "Create a user with a role and its scope",
             [&identity](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"username", "password", "role", "jurisdiction_id", "agency_id", "person_id"});
               // Without a password the server makes a hand-over one and answers it once (issue #15).
               NewUser u{in.name("username", true, 64).value_or(""), in.string("password", false, 256).value_or(""),
                         in.oneOf("role", true, {"admin", "bureau", "agency_admin", "payroll_officer", "worker"}).value_or(""),
                         in.id("jurisdiction_id", false), in.id("agency_id", false), in.id("person_id", false)};
               // An agency admin creates users of its own agency without naming it.
               if (r.who().role == Role::agency_admin && !u.agencyId && (u.role == "agency_admin" || u.role == "payroll_officer"))
                 u.agencyId = r.who().agencyId;
               std::string made;
               auto out = toJson(identity.createUser(r.who(), r.actor(), u, std::move(v), &made));
               if (!made.empty()) out->set("password", made);
               return Response::json(out, 201);
             });
  routes.add("GET", "/api/v1/users", userAdmins, "Users in scope", [&identity](const Request& r) {
    int limit = r.limit();
    auto users = identity.listUsers(r.who(), http::cursorAfter(r), limit + 1);
    return Response::json(http::pageOf(users, limit, [](const User& u) { return toJson(u); }));
  });
  routes.add("GET", "/api/v1/users/{id}", userAdmins, "One user", [&identity](const Request& r) {
    return Response::json(toJson(identity.userFor(r.who(), r.pathId("id"))));
  });
  routes.add("POST", "/api/v1/users/{id}/disable", userAdmins, "Disable a user and end their sessions",
             [&identity](const Request& r) {
               return Response::json(toJson(identity.setDisabled(r.who(), r.actor(), r.pathId("id"), true)));
             });
  routes.add("POST", "/api/v1/users/{id}/confirm", Permission::only({Role::admin, Role::bureau}),
             "Confirm an agency admin made by another agency admin, so they may approve payroll and download bank "
             "files (the bureau over the agency)",
             [&identity](const Request& r) {
               return Response::json(toJson(identity.confirm(r.who(), r.actor(), r.pathId("id"))));
             });
  routes.add("POST", "/api/v1/users/{id}/reset-password", userAdmins,
             "A new one-time password for an account below the caller, replaced at its first sign-in; ends its "
             "sessions -> {\"password\"} (shown once)",
             [&identity](const Request& r) {
               auto o = json::object();
               o->set("password", identity.resetPassword(r.who(), r.actor(), r.pathId("id")));
               return Response::json(o);
             });
  routes.add("POST", "/api/v1/users/{id}/enable", userAdmins, "Enable a disabled user", [&identity](const Request& r) {
    return Response::json(toJson(identity.setDisabled(r.who(), r.actor(), r.pathId("id"), false)));
  });
}

}  // namespace sr::identity
