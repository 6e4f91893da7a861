#pragma once
#include <map>
#include <string>
#include <vector>

#include "common/Http.h"

namespace sr::server {

// Matches a method and path against the routes every module registered. Literal segments win
// over {param} segments, so /api/v1/me/password never reaches a /api/v1/me/{x} route.
class Router {
 public:
  explicit Router(std::vector<http::Route> routes);

  struct Match {
    const http::Route* route = nullptr;
    std::map<std::string, std::string> params;
    std::vector<std::string> allowedMethods;  // when the path exists under other methods (405)
  };
  Match match(const std::string& method, const std::string& path) const;
  // Registered patterns that share the longest prefix with `path`, for a helpful 404.
  std::vector<std::string> suggest(const std::string& path) const;
  const std::vector<http::Route>& routes() const { return routes_; }

 private:
  std::vector<http::Route> routes_;
};

std::vector<std::string> splitPath(const std::string& path);

// A request target ("/api/v1/persons?q=%E5%BC%A0") as its decoded path and query parameters; a
// malformed escape is Error(bad_request). Fuzzed: tests/fuzz/fuzz_target.cpp.
struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};
Target parseTarget(const std::string& target);

}  // namespace sr::server
