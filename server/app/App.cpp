#include "app/App.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "common/Crypto.h"
#include "db/Drivers.h"
#include "db/Migrator.h"
#include "http/OpenApi.h"
#include "http/WebUi.h"

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

std::string loadDataKey(const Settings& settings) {
  if (settings.dataKey) return protect::parseMasterKey(*settings.dataKey);
  const auto& path = settings.dataKeyFile;
  if (std::ifstream in{path}) {
    std::stringstream text;
    text << in.rdbuf();
    try {
      return protect::parseMasterKey(text.str());
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("data key file " + path + ": " + e.what());
    }
  }
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent);
  auto text = protect::newMasterKeyText();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);  // readable by the server's user only
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::close(fd) != 0)
    throw std::runtime_error("cannot write a new data key to " + path);
  spdlog::warn("created a new data key in {}: back it up, without it no ID number or bank account can be read", path);
  return protect::parseMasterKey(text);
}

void checkDataKey(db::Database& db, const protect::DataProtection& protection) {
  auto check = protection.keyCheck();
  auto stored = db.read<std::optional<std::string>>([](db::Connection& c) -> std::optional<std::string> {
    auto row = c.queryOne("SELECT key_check FROM data_protection WHERE id = 1");
    return row ? std::optional(row->str("key_check")) : std::nullopt;
  });
  if (!stored) {
    try {
      db.transaction([&](db::Connection& c) { c.execute("INSERT INTO data_protection (id, key_check) VALUES (1, ?)", {check}); });
      return;
    } catch (const db::UniqueViolation&) {  // another server started first: compare with its key
      return checkDataKey(db, protection);
    }
  }
  if (*stored != check)
    throw std::runtime_error("the data key is not the one this database was written with; start with the original key "
                             "(SOCIALROLL_DATA_KEY or security.data_key_file)");
}

protect::DataProtection dataProtection(const Settings& settings, db::Database& db) {
  protect::DataProtection protection(loadDataKey(settings), settings.cipher);
  checkDataKey(db, protection);
  return protection;
}

namespace {
// The name a server keeps across restarts unless configured: host and port. A server on port 0 (a
// free port, as tests use) cannot be recognised after a restart, so it gets a name of its own.
std::string defaultInstanceId(int port) {
  if (port == 0) return "ephemeral:" + crypto::base64Url(crypto::randomBytes(9));
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) std::snprintf(host, sizeof host, "localhost");
  return std::string(host) + ":" + std::to_string(port);
}
}  // namespace

App::App(Settings settings) : settings_(std::move(settings)) {
  if (settings_.payroll.instanceId.empty()) settings_.payroll.instanceId = defaultInstanceId(settings_.http.port);
  payroll::checkExportLayouts(settings_.payroll.layoutsDir);  // a broken corrected layout stops here, not at a clerk
  db_ = openAndMigrate(settings_);
  protection_ = std::make_unique<protect::DataProtection>(dataProtection(settings_, *db_));
  audit_ = std::make_unique<audit::AuditLog>(protection_->auditKey());
  auditJobs_ = std::make_unique<JobQueue>();
  auditChecks_ = std::make_unique<audit::Verifications>(*db_, *audit_, *auditJobs_, settings_.payroll.staleSeconds);
  if (audit_->keyChain(*db_)) spdlog::info("the audit chain is keyed from now on; the records before are sealed by it");
  org_ = std::make_unique<org::OrgService>(*db_, *audit_);
  policy_ = std::make_unique<policy::PolicyService>(*db_, *audit_, *org_);
  identity_ = std::make_unique<identity::IdentityService>(*db_, *audit_, *org_, settings_.auth);
  people_ = std::make_unique<people::PeopleService>(*db_, *protection_, *audit_);
  filings_ = std::make_unique<filing::FilingService>(*db_, *audit_);
  blacklist_ = std::make_unique<blacklist::BlacklistService>(*db_, *audit_, *org_, *policy_, *people_);
  certs_ = std::make_unique<certification::CertificationService>(*db_, *audit_, *org_, *policy_, *people_);
  scales_ = std::make_unique<pay::ScaleService>(*db_, *audit_, *org_, *policy_);
  employments_ = std::make_unique<workforce::EmploymentService>(*db_, *audit_, *org_, *policy_, *people_, *blacklist_,
                                                                *filings_, *certs_, *scales_);
  compliance_ = std::make_unique<compliance::ComplianceService>(*db_, *org_, *policy_, *people_);
  org_->setStationRule([this](const org::Station& s, const org::Agency& a, Validator& v) { compliance_->checkStation(s, a, v); });
  pay_ = std::make_unique<payroll::PayService>(*db_, *org_, *policy_, *scales_, *employments_);
  assessments_ = std::make_unique<payroll::AssessmentService>(*db_, *audit_, *org_, *employments_);
  declarations_ = std::make_unique<payroll::DeclarationService>(*db_, *audit_, *employments_);
  jobs_ = std::make_unique<JobQueue>();
  runs_ = std::make_unique<payroll::RunService>(*db_, *audit_, *org_, *policy_, *scales_, *employments_, *people_,
                                                *jobs_, settings_.payroll);
  cases_ = std::make_unique<discipline::CaseService>(*db_, *audit_, *org_, *policy_, *people_, *blacklist_, *employments_);
  resignations_ = std::make_unique<leaving::ResignationService>(*db_, *audit_, *org_, *policy_, *employments_, *cases_);
  contracts_ = std::make_unique<procurement::ContractService>(*db_, *audit_, *org_, *runs_);
  handOvers_ = std::make_unique<procurement::HandOverService>(*db_, *audit_, *org_, *employments_);
  oversight_ = std::make_unique<oversight::OversightService>(*db_, *audit_, *org_, *policy_, *resignations_, *people_,
                                                            *blacklist_, *contracts_);
  setup_ = std::make_unique<setup::SetupService>(*org_, *policy_, *identity_);
  todos_ = std::make_unique<todos::TodoService>(
      todos::TodoService::Services{*org_, *employments_, *certs_, *filings_, *runs_, *resignations_, *cases_, *oversight_});
  if (int n = runs_->recoverInterrupted(true)) spdlog::warn("{} interrupted payroll run(s) were marked failed", n);
  // Runs of a server that died while this one keeps serving are found by the same sweep, which
  // also files expired contracts once an hour (idempotent, so several servers may do it).
  jobs_->every(std::max(1, settings_.payroll.staleSeconds / 2), [this, lastScan = int64_t{0}]() mutable {
    if (int n = runs_->recoverInterrupted()) spdlog::warn("{} interrupted payroll run(s) were marked failed", n);
    if (nowSeconds() - lastScan < 3600) return;
    lastScan = nowSeconds();
    try {
      if (int n = employments_->fileExpiredContracts(todayInChina()))
        spdlog::info("{} expired contract(s) filed as departures", n);
    } catch (const std::exception& e) {
      spdlog::error("expired-contract sweep failed: {}", e.what());
    }
  });
  identity_->setWorkerScope([this](const http::Principal& creator, int64_t personId) {
    return employments_->workerUserScope(creator, personId);
  });
  auto firstPassword = identity_->bootstrapAdmin(settings_.adminPassword);
  createdAdmin_ = firstPassword.has_value();
  if (firstPassword && !settings_.adminPassword)
    std::printf("Created user 'admin' with password: %s\n(shown once; change it with PUT /api/v1/me/password)\n",
                firstPassword->c_str());
  std::fflush(stdout);

  // Each module registers its own route table.
  http::RouteTable routes;
  addSystemRoutes(routes);
  server::registerWebRoutes(routes, server::findWebRoot(settings_.webRoot));
  identity::registerRoutes(routes, *identity_);
  org::registerRoutes(routes, *org_);
  policy::registerRoutes(routes, *policy_);
  audit::registerRoutes(routes, *db_, *audit_, *auditChecks_);
  people::registerRoutes(routes, *people_);
  workforce::registerRoutes(routes, *employments_,
                            [pay = pay_.get()](const http::Principal& p, const workforce::Employment& e, json::Obj& o) {
                              o->set("severance", pay->severanceSuggestion(p, e));
                            });
  certification::registerRoutes(routes, *certs_);
  blacklist::registerRoutes(routes, *blacklist_);
  filing::registerRoutes(routes, *filings_);
  compliance::registerRoutes(routes, *compliance_);
  pay::registerScaleRoutes(routes, *scales_);
  payroll::registerRoutes(routes, *pay_);
  payroll::registerAssessmentRoutes(routes, *assessments_);
  payroll::registerDeclarationRoutes(routes, *declarations_);
  payroll::registerRunRoutes(routes, *runs_);
  payroll::registerOutputRoutes(routes, *runs_);
  discipline::registerRoutes(routes, *cases_);
  leaving::registerRoutes(routes, *resignations_);
  oversight::registerRoutes(routes, *oversight_);
  setup::registerRoutes(routes, *setup_);
  todos::registerRoutes(routes, *todos_);
  procurement::registerRoutes(routes, *contracts_, *handOvers_);
  procurement::registerSanctionRoutes(routes, *db_, *audit_, *org_, *contracts_);
  router_ = std::make_unique<server::Router>(routes.routes());
  http_ = std::make_unique<server::HttpServer>(
      settings_.http, *router_, [this](const std::string& token) { return identity_->authenticate(token); });
}

App::~App() { stop(); }

void App::start() {
  http_->start();
  spdlog::info("socialroll {} serving on port {}", SOCIALROLL_VERSION, http_->port());
}

void App::stop() {
  if (http_) http_->stop();
  if (jobs_) jobs_->stop();  // a run cut short here is marked failed at the next start
  if (auditChecks_) auditChecks_->stop();
  if (auditJobs_) auditJobs_->stop();
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
    // The audit chain's head, so a monitoring system keeps a record of it outside this database.
    auto head = audit_->head(*db_);
    std::string text = http_->metrics().render(db_->stats(), http_->inFlight());
    if (auto* c = http_->connections())
      text += "# TYPE socialroll_http_connections_open gauge\nsocialroll_http_connections_open " +
              std::to_string(c->open.load()) +
              "\n# HELP socialroll_http_refused_total Connections and requests the front refused: over the "
              "per-address or total connection cap, or the workers' queue full.\n"
              "# TYPE socialroll_http_refused_total counter\nsocialroll_http_refused_total{reason=\"connections\"} " +
              std::to_string(c->refusedAddress.load()) + "\nsocialroll_http_refused_total{reason=\"busy\"} " +
              std::to_string(c->refusedBusy.load()) +
              "\n# TYPE socialroll_http_request_timeouts_total counter\nsocialroll_http_request_timeouts_total " +
              std::to_string(c->timedOut.load()) + "\n";
    text += "# HELP socialroll_audit_head_seq The audit chain's newest record; its hash is the info metric's label.\n"
            "# TYPE socialroll_audit_head_seq gauge\nsocialroll_audit_head_seq " + std::to_string(head.seq) + "\n"
            "# TYPE socialroll_audit_head_info gauge\nsocialroll_audit_head_info{hash=\"" + head.hash + "\"} 1\n";
    return Response::text(text, "text/plain; version=0.0.4");
  });
  routes.add("GET", "/api/v1/openapi.json", Permission::publicRoute(), "This API description (OpenAPI 3)",
             [this](const http::Request&) {
               return Response::text(server::openApiDocument(router_->routes(), SOCIALROLL_VERSION), "application/json");
             });
}

}  // namespace sr::app
