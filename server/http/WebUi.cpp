#include "http/WebUi.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include <spdlog/spdlog.h>

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

struct Asset {
  std::string body, type;
};

// The page may load only its own script and style, talk only to this server, and not be framed.
const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

http::Response serve(const Asset& a) {
  auto r = http::Response::text(a.body, a.type);
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("Cache-Control", "no-cache");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
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
    index = Asset{readFile(fs::path(webRoot) / "index.html"), "text/html; charset=utf-8"};
    for (const auto& f : fs::directory_iterator(fs::path(webRoot) / "assets", ec))
      if (f.is_regular_file()) (*assets)[f.path().filename().string()] = {readFile(f.path()), contentType(f.path())};
    spdlog::info("web interface from {} ({} assets)", webRoot, assets->size());
  } else {
    spdlog::warn("no web interface found (build it with the 'web' target or set server.web_root); serving the API only");
  }
  auto page = index.value_or(Asset{"<!doctype html><meta charset=utf-8><title>socialroll</title><p>The web interface was not "
                                   "built. The API is at /api/v1/openapi.json.</p>",
                                   "text/html; charset=utf-8"});
  routes.add("GET", "/", http::Permission::publicRoute(), "The web interface",
             [page](const http::Request&) { return serve(page); });
  routes.add("GET", "/assets/{file}", http::Permission::publicRoute(), "The web interface's script and style",
             [assets](const http::Request& r) {
               auto it = assets->find(r.params.at("file"));
               if (it == assets->end()) throwNotFound("File");
               return serve(it->second);
             });
}

}  // namespace sr::server
