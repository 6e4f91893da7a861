#include "common/Http.h"

#include <charconv>

namespace sr::http {

namespace {
constexpr std::pair<Role, std::string_view> kRoleNames[] = {{Role::admin, "admin"},
                                                            {Role::bureau, "bureau"},
                                                            {Role::agency_admin, "agency_admin"},
                                                            {Role::payroll_officer, "payroll_officer"},
                                                            {Role::worker, "worker"}};

std::optional<int64_t> parsePositive(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}
}  // namespace

std::string_view roleName(Role role) {
  for (auto& [r, n] : kRoleNames)
    if (r == role) return n;
  return "unknown";
}

std::optional<Role> parseRole(std::string_view name) {
  for (auto& [r, n] : kRoleNames)
    if (n == name) return r;
  return std::nullopt;
}

Actor systemActor(std::string what) { return Actor{std::nullopt, std::move(what), "system", "", "", ""}; }

Permission Permission::anyUser() {
  Permission p;
  for (auto r : kAllRoles) p.roles.insert(r);
  return p;
}

const Principal& Request::who() const {
  if (!principal) throw Error(Code::unauthenticated, "Sign in first.");
  return *principal;
}

Actor Request::actor() const {
  if (!principal) return Actor{std::nullopt, "anonymous", "", requestId, clientAddress, userAgent};
  return Actor{principal->userId, principal->username, std::string(roleName(principal->role)), requestId, clientAddress,
               userAgent};
}

messages::Lang Request::lang() const {
  auto it = headers.find("accept-language");
  return messages::fromAcceptLanguage(it == headers.end() ? std::string_view{} : std::string_view(it->second));
}

json::Obj Request::json() const { return json::parseObject(body); }

int64_t Request::pathId(const std::string& name) const {
  auto it = params.find(name);
  auto v = it == params.end() ? std::nullopt : parsePositive(it->second);
  if (!v) throw Error(Code::not_found, "No such resource.");
  return *v;
}

std::optional<std::string> Request::queryParam(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

int Request::limit() const {
  auto s = queryParam("limit");
  if (!s) return 50;
  auto v = parsePositive(*s);
  if (!v || *v > 500) throw Error(Code::validation_failed, "Invalid limit.", {{"limit", "must be between 1 and 500"}});
  return static_cast<int>(*v);
}

namespace {
[[noreturn]] void badQuery(const std::string& name, const std::string& message) {
  throw Error(Code::validation_failed, "Invalid query parameter.", {{name, message}});
}
}  // namespace

std::optional<int64_t> Request::idQuery(const std::string& name) const {
  auto s = queryParam(name);
  if (!s) return std::nullopt;
  auto v = parsePositive(*s);
  if (!v) badQuery(name, "must be an id");
  return v;
}

std::optional<int64_t> Request::integerQuery(const std::string& name, int64_t min, int64_t max) const {
  auto s = queryParam(name);
  if (!s) return std::nullopt;
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || p != s->data() + s->size() || v < min || v > max)
    badQuery(name, "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max));
  return v;
}

std::optional<Date> Request::dateQuery(const std::string& name) const {
  auto s = queryParam(name);
  if (!s) return std::nullopt;
  auto d = parseDate(*s);
  if (!d) badQuery(name, "must be a date YYYY-MM-DD");
  if (!withinInputRange(*d)) badQuery(name, kInputRangeMessage);
  return d;
}

std::optional<std::string> Request::choiceQuery(const std::string& name,
                                                std::initializer_list<std::string_view> allowed) const {
  auto s = queryParam(name);
  if (!s) return std::nullopt;
  std::string list;
  for (auto a : allowed) {
    if (*s == a) return s;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  badQuery(name, "must be one of: " + list);
}

bool Request::flagQuery(const std::string& name) const {
  return choiceQuery(name, {"true", "false"}).value_or("false") == "true";
}

int64_t cursorAfter(const Request& r) {
  auto s = r.queryParam("cursor");
  if (!s || s->empty()) return 0;
  auto v = parsePositive(*s);
  if (!v) throw Error(Code::validation_failed, "Invalid cursor.", {{"cursor", "is not a cursor from a previous page"}});
  return *v;
}

Response Response::json(const json::Obj& obj, int status) {
  Response r;
  r.status = status;
  r.body = json::stringify(obj);
  return r;
}

Response Response::noContent() {
  Response r;
  r.status = 204;
  r.contentType.clear();
  return r;
}

Response Response::text(std::string body, std::string contentType, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.contentType = std::move(contentType);
  return r;
}

void RouteTable::add(std::string method, std::string pattern, Permission permission, std::string summary,
                     Handler handler) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(permission), std::move(summary), std::move(handler)});
}

json::Obj listPage(const json::Arr& items, const std::optional<int64_t>& nextCursor) {
  auto page = json::object();
  page->set("items", items);
  page->set("next_cursor", nextCursor ? Poco::Dynamic::Var(std::to_string(*nextCursor)) : Poco::Dynamic::Var());
  return page;
}

}  // namespace sr::http
