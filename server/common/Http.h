#pragma once
// The HTTP surface that modules see: plain request/response values and a route table. Modules
// never include Poco/Net; the server (server/http) adapts Poco's request to these types.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/Json.h"
#include "common/Messages.h"

namespace sr::http {

enum class Role { admin, bureau, agency_admin, payroll_officer, worker };
inline constexpr Role kAllRoles[] = {Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer,
                                     Role::worker};
std::string_view roleName(Role role);
std::optional<Role> parseRole(std::string_view name);

// Who is calling, resolved once per request from the bearer token.
struct Principal {
  int64_t userId = 0;
  int64_t sessionId = 0;
  std::string username;
  Role role = Role::worker;
  std::optional<int64_t> jurisdictionId;
  std::string jurisdictionPath;  // bureau only: "/330000/330400/330481/"
  std::optional<int64_t> agencyId;
  std::optional<int64_t> personId;
  // false for an agency admin made by another agency admin until the bureau confirms them.
  bool confirmed = true;
  // The area the user belongs to, whatever the role (a bureau's jurisdiction, an agency's, a
  // worker's employer's): where records of what they looked up are filed for the bureau to see.
  std::string homePath;
  // The account was given its password by someone else and must set its own before anything else.
  bool mustChangePassword = false;
};

// Who did a write, for the audit log.
struct Actor {
  std::optional<int64_t> userId;
  std::string username;
  std::string role;
  std::string requestId;
  std::string clientAddress;  // the peer's IP address ("" for the server's own work)
  std::string userAgent;      // as sent, at most 200 bytes
};
Actor systemActor(std::string what);

struct Request {
  std::string method;
  std::string path;
  std::string requestId;
  std::string body;
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> params;  // from {name} segments of the route pattern
  std::map<std::string, std::string> headers;  // lower-case names
  std::string clientAddress;  // the peer's IP address
  std::string userAgent;      // at most 200 bytes
  const Principal* principal = nullptr;

  // The caller; routes that are not public always have one.
  const Principal& who() const;
  Actor actor() const;
  json::Obj json() const;  // 400 when not a JSON object
  int64_t pathId(const std::string& name) const;  // 404 when not a positive integer
  std::optional<std::string> queryParam(const std::string& name) const;
  int limit() const;  // ?limit=, default 50, max 500
  // Typed query parameters; a malformed one is a 422 naming it.
  std::optional<int64_t> idQuery(const std::string& name) const;
  std::optional<int64_t> integerQuery(const std::string& name, int64_t min, int64_t max) const;
  std::optional<Date> dateQuery(const std::string& name) const;
  // ?name= must be one of `allowed` when present.
  std::optional<std::string> choiceQuery(const std::string& name, std::initializer_list<std::string_view> allowed) const;
  bool flagQuery(const std::string& name) const;  // true | false (absent = false)
  // The language Accept-Language prefers for what the server says (English when it names neither).
  messages::Lang lang() const;
};

struct Response {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(const json::Obj& obj, int status = 200);
  static Response noContent();
  static Response text(std::string body, std::string contentType, int status = 200);
};

// Who may call a route: everyone (public), or any signed-in user of the listed roles.
// Roles outside the list get 403; scope (which agency, which jurisdiction) is checked inside the
// handler through access::require(), which answers 404.
struct Permission {
  bool isPublic = false;
  std::set<Role> roles;
  // Reachable by an account that must set its own password first (issue #13, finding 7): only
  // the few routes that let it do so.
  bool beforeOwnPassword = false;
  static Permission publicRoute() { return {true, {}, false}; }
  static Permission anyUser();
  // Any signed-in user, also one who must still set their own password.
  static Permission anyUserBeforeOwnPassword() {
    auto p = anyUser();
    p.beforeOwnPassword = true;
    return p;
  }
  static Permission only(std::initializer_list<Role> roles) { return {false, roles, false}; }
  bool allows(Role role) const { return isPublic || roles.count(role) > 0; }
};

using Handler = std::function<Response(const Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/agencies/{id}"
  Permission permission;
  std::string summary;
  Handler handler;
};

class RouteTable {
 public:
  void add(std::string method, std::string pattern, Permission permission, std::string summary, Handler handler);
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Builds a list page: {"items": [...], "next_cursor": "..."|null}.
json::Obj listPage(const json::Arr& items, const std::optional<int64_t>& nextCursor);
// A page of rows with ascending `.id`, fetched with limit + 1 to learn whether more follow.
template <class T, class Render>
json::Obj pageOf(const std::vector<T>& rows, int limit, Render render) {
  auto items = json::array();
  std::optional<int64_t> next;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (static_cast<int>(i) == limit) {
      next = rows[i - 1].id;
      break;
    }
    items->add(render(rows[i]));
  }
  return listPage(items, next);
}
// Cursor = the last id of the previous page (ids ascend).
int64_t cursorAfter(const Request& r);

}  // namespace sr::http
