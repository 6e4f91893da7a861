#include "app/App.h"

#include <spdlog/spdlog.h>

#include "db/Drivers.h"
#include "db/Migrator.h"
#include "http/OpenApi.h"

#ifndef SOCIALROLL_VERSION
#define SOCIALROLL_VERSION "dev"
#endif

namespace sr::app {

std::unique_ptr<db::Database> openAndMigrate(const Settings& settings) {
  auto url = db::parseDbUrl(settings.dbUrl);
  // Pool = HTTP threads + a few for start-up and background work: a request never waits on another's connection.
  auto database = db::openDatabase(url, settings.http.threads + 2);
  auto report = db::migrate(*database);
  for (const auto& name : report.applied) spdlog::info("migration applied: {}", name);
  spdlog::info("database {} at schema version {}", database->describe(), report.currentVersion);
  return database;
}

App::App(Settings settings) : settings_(std::move(settings)) {
  db_ = openAndMigrate(settings_);
  org_ = std::make_unique<org::OrgService>(*db_, audit_);
  policy_ = std::make_unique<policy::PolicyService>(*db_, audit_, *org_);
  identity_ = std::make_unique<identity::IdentityService>(*db_, audit_, *org_, settings_.auth);
  if (auto pw = identity_->bootstrapAdmin(settings_.adminPassword); pw && !settings_.adminPassword)
    std::printf("Created user 'admin' with password: %s\n(shown once; change it with PUT /api/v1/me/password)\n",
                pw->c_str());
  std::fflush(stdout);

  // Each module registers its own route table.
  http::RouteTable routes;
  addSystemRoutes(routes);
  identity::registerRoutes(routes, *identity_);
  org::registerRoutes(routes, *org_);
  policy::registerRoutes(routes, *policy_);
  audit::registerRoutes(routes, *db_, audit_);
  router_ = std::make_unique<server::Router>(routes.routes());
  http_ = std::make_unique<server::HttpServer>(
      settings_.http, *router_, [this](const std::string& token) { return identity_->authenticate(token); }, *db_);
}

App::~App() { stop(); }

void App::start() {
  http_->start();
  spdlog::info("socialroll {} serving on port {}", SOCIALROLL_VERSION, http_->port());
}

void App::stop() {
  if (http_) http_->stop();
}

void App::addSystemRoutes(http::RouteTable& routes) {
  using http::Permission;
  using http::Response;
  routes.add("GET", "/healthz", Permission::publicRoute(), "200 while the server is serving",
             [](const http::Request&) { return Response::text("ok\n", "text/plain"); });
  routes.add("GET", "/readyz", Permission::publicRoute(), "200 when the database answers, else 503",
             [this](const http::Request&) {
               if (!db_->ping()) throw Error(Code::unavailable, "The database does not answer.");
               return Response::text("ready\n", "text/plain");
             });
  routes.add("GET", "/metrics", Permission::publicRoute(), "Prometheus metrics", [this](const http::Request&) {
    return Response::text(http_->metrics().render(db_->stats(), http_->inFlight()), "text/plain; version=0.0.4");
  });
  routes.add("GET", "/api/v1/openapi.json", Permission::publicRoute(), "This API description (OpenAPI 3)",
             [this](const http::Request&) {
               return Response::text(server::openApiDocument(router_->routes(), SOCIALROLL_VERSION), "application/json");
             });
}

}  // namespace sr::app
