#include "http/WebUi.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <spdlog/spdlog.h>

#include "common/Crypto.h"

namespace sr::server {

namespace fs = std::filesystem;

namespace {
std::string contentType(const fs::path& p) {
  auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "application/octet-stream";
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A file of the bundle, with the compressed forms the build wrote beside it (name.gz, name.br).
struct Asset {
  std::string body, type;
  std::string gzip, brotli;
  std::string etag;  // of the page: a quoted hash of its body
  bool immutable = false;  // named by its content: the same name never holds anything else
};
Asset asset(std::string body, std::string type) {
  Asset a;
  a.body = std::move(body);
  a.type = std::move(type);
  return a;
}

// The page may load only its own script and style, talk only to this server, and not be framed.
const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

bool accepts(const http::Request& r, std::string_view coding) {
  auto it = r.headers.find("accept-encoding");
  return it != r.headers.end() && it->second.find(coding) != std::string::npos;
}

http::Response serve(const Asset& a, const http::Request& r) {
  // The page is checked on every visit (cheaply: its ETag); an asset is kept for a year.
  if (!a.etag.empty()) {
    auto seen = r.headers.find("if-none-match");
    if (seen != r.headers.end() && seen->second == a.etag) {
      auto unchanged = http::Response::text("", a.type, 304);
      unchanged.headers.emplace_back("ETag", a.etag);
      unchanged.headers.emplace_back("Cache-Control", "no-cache");
      return unchanged;
    }
  }
  const bool br = !a.brotli.empty() && accepts(r, "br"), gz = !br && !a.gzip.empty() && accepts(r, "gzip");
  auto res = http::Response::text(br ? a.brotli : gz ? a.gzip : a.body, a.type);
  if (br || gz) res.headers.emplace_back("Content-Encoding", br ? "br" : "gzip");
  if (!a.brotli.empty() || !a.gzip.empty()) res.headers.emplace_back("Vary", "Accept-Encoding");
  res.headers.emplace_back("Content-Security-Policy", kCsp);
  res.headers.emplace_back("Cache-Control", a.immutable ? "public, max-age=31536000, immutable" : "no-cache");
  if (!a.etag.empty()) res.headers.emplace_back("ETag", a.etag);
  res.headers.emplace_back("Referrer-Policy", "no-referrer");
  return res;
}

// "app-0123456789ab.js": the build's content-hashed names.
bool contentNamed(const std::string& name) {
  auto dash = name.rfind('-'), dot = name.find('.', dash == std::string::npos ? 0 : dash);
  if (dash == std::string::npos || dot == std::string::npos || dot - dash - 1 < 8) return false;
  return std::all_of(name.begin() + static_cast<std::ptrdiff_t>(dash) + 1, name.begin() + static_cast<std::ptrdiff_t>(dot),
                     [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; });
}
}  // namespace

std::string findWebRoot(const std::string& configured) {
  if (!configured.empty()) return configured;
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  for (auto candidate : {exe.parent_path().parent_path() / "share/socialroll/web", fs::path("/usr/share/socialroll/web")})
    if (fs::exists(candidate / "index.html", ec)) return candidate.string();
  return "";
}

void registerWebRoutes(http::RouteTable& routes, const std::string& webRoot) {
  auto assets = std::make_shared<std::map<std::string, Asset>>();
  std::optional<Asset> index;
  std::error_code ec;
  if (!webRoot.empty() && fs::exists(fs::path(webRoot) / "index.html", ec)) {
    index = asset(readFile(fs::path(webRoot) / "index.html"), "text/html; charset=utf-8");
    for (const auto& f : fs::directory_iterator(fs::path(webRoot) / "assets", ec)) {
      const auto ext = f.path().extension().string();
      if (!f.is_regular_file() || ext == ".gz" || ext == ".br") continue;
      Asset a = asset(readFile(f.path()), contentType(f.path()));
      const auto name = f.path().filename().string();
      if (auto gz = fs::path(f.path()).concat(".gz"); fs::exists(gz, ec)) a.gzip = readFile(gz);
      if (auto br = fs::path(f.path()).concat(".br"); fs::exists(br, ec)) a.brotli = readFile(br);
      a.immutable = contentNamed(name);
      (*assets)[name] = std::move(a);
    }
    spdlog::info("web interface from {} ({} assets)", webRoot, assets->size());
  } else {
    spdlog::warn("no web interface found (build it with the 'web' target or set server.web_root); serving the API only");
  }
  auto page = index.value_or(asset("<!doctype html><meta charset=utf-8><title>socialroll</title><p>The web interface was not "
                                   "built. The API is at /api/v1/openapi.json.</p>",
                                   "text/html; charset=utf-8"));
  page.etag = "\"" + crypto::sha256Hex(page.body).substr(0, 32) + "\"";
  routes.add("GET", "/", http::Permission::publicRoute(), "The web interface (ETag; If-None-Match answers 304)",
             [page](const http::Request& r) { return serve(page, r); });
  routes.add("GET", "/assets/{file}", http::Permission::publicRoute(),
             "The web interface's script and style: content-named, kept a year, gzip or brotli as accepted",
             [assets](const http::Request& r) {
               auto it = assets->find(r.params.at("file"));
               if (it == assets->end()) throwNotFound("File");
               return serve(it->second, r);
             });
}

}  // namespace sr::server
