// libFuzzer target: URL and percent decoding of a request target, then routing the decoded path
// against routes shaped like the API's (literal and {param} segments).
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/Error.h"
#include "http/Router.h"

namespace {
const sr::server::Router& router() {
  static const sr::server::Router r([] {
    std::vector<sr::http::Route> routes;
    for (const char* pattern : {"/healthz", "/api/v1/me", "/api/v1/me/password", "/api/v1/persons", "/api/v1/persons/{id}",
                                "/api/v1/employments/{id}/deductions", "/api/v1/employments/{id}/deductions/confirm",
                                "/api/v1/payroll-runs/{id}/exports/{name}", "/api/v1/jurisdictions/{id}/funding"}) {
      sr::http::Route route;
      route.method = "GET";
      route.pattern = pattern;
      routes.push_back(route);
    }
    return routes;
  }());
  return r;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto target = sr::server::parseTarget(text);
    auto match = router().match("GET", target.path);
    if (match.route)
      for (const auto& [name, value] : match.params)
        if (value.empty()) __builtin_trap();  // a {param} never matches an empty segment
    router().suggest(target.path);
  } catch (const sr::Error&) {
  }
  return 0;
}
