#include "http/Router.h"

#include <algorithm>
#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "common/Error.h"

namespace sr::server {

Target parseTarget(const std::string& target) {
  Target t;
  try {
    Poco::URI uri(target);
    t.path = uri.getPath();
    for (const auto& [k, v] : uri.getQueryParameters()) t.query[k] = v;
  } catch (const Poco::Exception&) {
    throw Error(Code::bad_request, "The request's URL is malformed (a % must be followed by two hex digits).");
  }
  return t;
}

std::vector<std::string> splitPath(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < path.size()) {
    auto end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

Router::Router(std::vector<http::Route> routes) : routes_(std::move(routes)) {
  for (std::size_t i = 0; i < routes_.size(); ++i)
    for (std::size_t j = i + 1; j < routes_.size(); ++j)
      if (routes_[i].method == routes_[j].method && routes_[i].pattern == routes_[j].pattern)
        throw std::logic_error("route registered twice: " + routes_[i].method + " " + routes_[i].pattern);
}

namespace {
// -1 when the pattern does not match; otherwise the number of literal segments matched.
int score(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
          std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return -1;
  int literal = 0;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const auto& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      if (params) (*params)[p.substr(1, p.size() - 2)] = path[i];
    } else if (p == path[i]) {
      ++literal;
    } else {
      return -1;
    }
  }
  return literal;
}
}  // namespace

Router::Match Router::match(const std::string& method, const std::string& path) const {
  auto segments = splitPath(path);
  Match best;
  int bestScore = -1;
  int bestAnyMethod = -1;
  for (const auto& r : routes_) {
    auto pattern = splitPath(r.pattern);
    int s = score(pattern, segments, nullptr);
    if (s < 0) continue;
    if (s > bestAnyMethod) {
      bestAnyMethod = s;
      best.allowedMethods.clear();
    }
    if (s == bestAnyMethod) best.allowedMethods.push_back(r.method);
    if (r.method == method && s > bestScore) {
      bestScore = s;
      best.route = &r;
    }
  }
  if (best.route && bestScore == bestAnyMethod) {
    best.params.clear();
    score(splitPath(best.route->pattern), segments, &best.params);
  } else {
    best.route = nullptr;
  }
  return best;
}

namespace {
// Levenshtein distance, for "agencie" -> "agencies".
std::size_t distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::vector<std::string> Router::suggest(const std::string& path) const {
  // Patterns that match the path except for one segment within a small typo of it.
  auto segments = splitPath(path);
  std::vector<std::string> out;
  for (const auto& r : routes_) {
    auto pattern = splitPath(r.pattern);
    if (pattern.size() != segments.size()) continue;
    std::size_t typos = 0;
    for (std::size_t i = 0; i < pattern.size() && typos < 2; ++i) {
      if (pattern[i] == segments[i] || pattern[i].front() == '{') continue;
      typos += distance(pattern[i], segments[i]) <= 2 ? 1 : 2;
    }
    if (typos == 1 && std::find(out.begin(), out.end(), r.pattern) == out.end()) out.push_back(r.pattern);
  }
  if (out.size() > 8) out.resize(8);
  return out;
}

}  // namespace sr::server
