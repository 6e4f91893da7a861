#include "http/OpenApi.h"

#include "http/Router.h"

namespace sr::server {

namespace {
json::Obj problemResponse(const char* description) {
  auto r = json::object();
  r->set("description", description);
  auto content = json::object();
  auto media = json::object();
  auto schema = json::object();
  schema->set("$ref", "#/components/schemas/Problem");
  media->set("schema", schema);
  content->set("application/problem+json", media);
  r->set("content", content);
  return r;
}

json::Obj document(const std::vector<http::Route>& routes, const std::string& version) {
  auto doc = json::object();
  doc->set("openapi", "3.0.3");
  auto info = json::object();
  info->set("title", "socialroll API");
  info->set("version", version);
  info->set("description",
            "Workforce and payroll for contracted social workers at township social-work stations. Money is integer "
            "fen in *_fen fields; dates YYYY-MM-DD; errors are RFC 9457 problem documents with a stable code.");
  doc->set("info", info);
  auto paths = json::object();
  for (const auto& r : routes) {
    json::Obj item = paths->has(r.pattern) ? paths->getObject(r.pattern) : json::object();
    auto op = json::object();
    op->set("summary", r.summary);
    auto tag = json::array();
    auto segments = splitPath(r.pattern);
    tag->add(segments.size() > 2 ? segments[2] : segments.empty() ? "system" : segments[0]);
    op->set("tags", tag);
    auto roles = json::array();
    for (auto role : http::kAllRoles)
      if (!r.permission.isPublic && r.permission.allows(role)) roles->add(std::string(http::roleName(role)));
    op->set("x-roles", roles);
    if (!r.permission.isPublic) {
      auto sec = json::array();
      auto bearer = json::object();
      bearer->set("bearer", json::array());
      sec->add(bearer);
      op->set("security", sec);
    }
    auto params = json::array();
    for (const auto& s : segments) {
      if (s.front() != '{') continue;
      auto p = json::object();
      p->set("name", s.substr(1, s.size() - 2));
      p->set("in", "path");
      p->set("required", true);
      auto schema = json::object();
      schema->set("type", s == "{id}" ? "integer" : "string");
      p->set("schema", schema);
      params->add(p);
    }
    if (params->size() > 0) op->set("parameters", params);
    auto responses = json::object();
    auto ok = json::object();
    ok->set("description", "Success");
    responses->set(r.method == "POST" && r.pattern.find('{') == std::string::npos ? "201" : "200", ok);
    responses->set("default", problemResponse("Problem document"));
    op->set("responses", responses);
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    item->set(method, op);
    paths->set(r.pattern, item);
  }
  doc->set("paths", paths);
  auto components = json::object();
  auto schemes = json::object();
  auto bearer = json::object();
  bearer->set("type", "http");
  bearer->set("scheme", "bearer");
  schemes->set("bearer", bearer);
  components->set("securitySchemes", schemes);
  auto schemas = json::object();
  auto problem = json::object();
  problem->set("type", "object");
  auto props = json::object();
  auto strings = [](json::Obj into, std::initializer_list<const char*> names) {
    for (const char* name : names) {
      auto p = json::object();
      p->set("type", "string");
      into->set(name, p);
    }
  };
  strings(props, {"type", "title", "detail", "code", "instance"});
  auto status = json::object();
  status->set("type", "integer");
  props->set("status", status);
  // Each field's reason: `message` in English, `detail` in the language Accept-Language prefers
  // (zh-CN or en), and a stable `code` (required, too_long, not_one_of, invalid_date,
  // out_of_range, ...) with its `params` ({"max": 200}, {"values": [...]}, {"min", "max"}).
  auto entry = json::object();
  entry->set("type", "object");
  auto entryProps = json::object();
  strings(entryProps, {"field", "message", "code", "detail"});
  auto params = json::object();
  params->set("type", "object");
  entryProps->set("params", params);
  entry->set("properties", entryProps);
  auto errors = json::object();
  errors->set("type", "array");
  errors->set("items", entry);
  props->set("errors", errors);
  problem->set("properties", props);
  schemas->set("Problem", problem);
  components->set("schemas", schemas);
  doc->set("components", components);
  return doc;
}
}  // namespace

std::string openApiDocument(const std::vector<http::Route>& routes, const std::string& version) {
  return json::stringify(document(routes, version));
}

}  // namespace sr::server
