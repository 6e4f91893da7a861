#include "app/Commands.h"

#include <csignal>
#include <cstdio>
#include <iostream>

#include <spdlog/spdlog.h>

#include "app/App.h"
#include "app/Demo.h"
#include "app/Reseal.h"
#include "db/Drivers.h"
#include "db/Migrator.h"

#ifndef SOCIALROLL_VERSION
#define SOCIALROLL_VERSION "dev"
#endif

namespace sr::app {

namespace {
constexpr const char* kUsage = R"(socialroll — workforce and payroll for township social-work stations

usage: socialroll <command> [--db URL] [--config FILE] [options]

commands:
  serve [--port N] [--bind ADDR]   run the HTTP server (migrates first)
  migrate                          apply pending database migrations and exit
  user passwd USERNAME             set a user's password (from SOCIALROLL_NEW_PASSWORD or stdin),
                                   clear its lockout and end its sessions
  audit verify                     check the audit log's hash chain; exit 1 naming the first bad record
  data reseal --to CIPHER [--batch N]
                                   re-seal every ID number and bank account, and rewrite their lookup
                                   hashes, with CIPHER (sm4 or aes-256-gcm) in batches of N rows (500)
                                   while servers run; set security.cipher to CIPHER on every server
                                   first. Run again to resume after an interruption
  demo                             fill an empty database with an illustrative county (fictitious
                                   names and numbers): two towns, two agencies, four stations, sixty
                                   workers, a year of approved payroll; prints the demo accounts
  --version                        print the version

--db sqlite:PATH (default sqlite:var/socialroll.db) or mysql://USER:PASSWORD@HOST:PORT/DATABASE
env: SOCIALROLL_DB, SOCIALROLL_PORT, SOCIALROLL_CONFIG, SOCIALROLL_ADMIN_PASSWORD, SOCIALROLL_LOG_LEVEL
)";

void setupLogging(const Settings& s) { spdlog::set_level(spdlog::level::from_str(s.logLevel)); }

int serve(const Settings& settings) {
  App app(settings);
  app.start();
  // Signals were blocked in main before any thread started; wait for one here.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGQUIT);
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("signal {} received: finishing in-flight requests", sig);
  app.stop();
  spdlog::info("stopped");
  return 0;
}

int migrateCommand(const Settings& settings) {
  auto db = openAndMigrate(settings);
  std::printf("database is at schema version %d\n", db::migrate(*db).currentVersion);
  return 0;
}

int userPasswd(const Settings& settings, const std::vector<std::string>& rest) {
  if (rest.size() != 3) throw std::invalid_argument("usage: socialroll user passwd USERNAME");
  std::string password;
  if (const char* v = std::getenv("SOCIALROLL_NEW_PASSWORD"); v && *v) {
    password = v;
  } else {
    std::fprintf(stderr, "New password for %s: ", rest[2].c_str());
    std::getline(std::cin, password);
  }
  auto db = openAndMigrate(settings);
  audit::AuditLog audit(dataProtection(settings, *db).auditKey());
  org::OrgService org(*db, audit);
  identity::IdentityService identity(*db, audit, org, settings.auth);
  identity.setPassword(rest[2], password, http::systemActor("cli:user passwd"));
  std::printf("password of %s changed; its sessions are ended\n", rest[2].c_str());
  return 0;
}

int auditVerify(const Settings& settings) {
  auto db = openAndMigrate(settings);
  // The chain's key comes from the data key: verifying needs the same key as the server.
  int64_t shown = 0;
  auto result = audit::AuditLog(dataProtection(settings, *db).auditKey()).verify(*db, [&](int64_t checked, int64_t total) {
    if (checked - shown < 100'000) return;  // a province's log: a line per hundred thousand
    shown = checked;
    std::fprintf(stderr, "checked %lld of %lld records\n", static_cast<long long>(checked), static_cast<long long>(total));
  });
  if (result.ok) {
    std::printf("audit chain intact: %lld records\n", static_cast<long long>(result.checked));
    return 0;
  }
  std::printf("audit chain BROKEN at record %lld: %s (%lld records before it are intact)\n",
              static_cast<long long>(result.firstBadSeq.value_or(0)), result.problem.c_str(),
              static_cast<long long>(result.checked));
  return 1;
}
int dataReseal(const Settings& settings, const std::vector<std::string>& rest) {
  std::optional<protect::Cipher> to;
  int batch = 500;
  for (std::size_t i = 2; i < rest.size(); ++i) {
    if (rest[i] == "--to" && i + 1 < rest.size()) {
      to = protect::cipherNamed(rest[++i]);
      if (!to) throw std::invalid_argument("--to must be sm4 or aes-256-gcm, not " + rest[i]);
    } else if (rest[i] == "--batch" && i + 1 < rest.size()) {
      try {
        batch = std::stoi(rest[++i]);
      } catch (const std::exception&) {
        batch = 0;
      }
      if (batch < 1 || batch > 10'000) throw std::invalid_argument("--batch must be 1..10000");
    } else {
      throw std::invalid_argument("usage: socialroll data reseal --to sm4|aes-256-gcm [--batch N]");
    }
  }
  if (!to) throw std::invalid_argument("usage: socialroll data reseal --to sm4|aes-256-gcm [--batch N]");
  // Servers seal new values with security.cipher: resealing to anything else would never finish.
  if (*to != settings.cipher)
    throw std::invalid_argument("security.cipher is " + std::string(protect::cipherName(settings.cipher)) +
                                ": set it to " + std::string(protect::cipherName(*to)) +
                                " on every server (and restart them) first, then reseal");
  auto db = openAndMigrate(settings);
  auto protection = dataProtection(settings, *db);
  audit::AuditLog audit(protection.auditKey());
  auto result = reseal(*db, protection, audit, allSealedColumns(), *to, batch, [](const ResealProgress& p) {
    std::printf("%s: %lld of %lld\n", p.column.c_str(), static_cast<long long>(p.done), static_cast<long long>(p.total));
    std::fflush(stdout);
  });
  std::printf("resealed %lld values with %s; %lld changed by a server meanwhile, %lld left because their hash collides\n",
              static_cast<long long>(result.resealed), std::string(protect::cipherName(*to)).c_str(),
              static_cast<long long>(result.changed), static_cast<long long>(result.conflicts));
  return result.conflicts == 0 ? 0 : 1;
}

int demoCommand(const Settings& settings) {
  auto demo = buildDemo(settings);
  std::printf("\nThe demo county is ready in %s: 演示省 演示市 演示县, %d workers, %d approved payroll runs.\n"
              "Every name and number in it is made up: the places are numbered 99, a province that does not exist;\n"
              "ID numbers name county 110199, which no division list holds; cards start 629999, phones 100.\n\n"
              "Demo accounts, each with the password %s:\n",
              settings.dbUrl.rfind("mysql://", 0) == 0 ? "the MySQL database" : settings.dbUrl.c_str(), demo.workers,
              demo.runs, demo.password.c_str());
  if (demo.adminPasswordSet) std::printf("  %-20s %s\n", "admin", "系统管理员 (administrator)");
  for (const auto& a : demo.accounts) std::printf("  %-20s %s\n", a.username.c_str(), a.who.c_str());
  if (!demo.adminPasswordSet) std::printf("(admin keeps its own password)\n");
  std::printf("\nServe it with the same --db and open http://localhost:8080/\n");
  return 0;
}
}  // namespace

int runCommand(const std::vector<std::string>& args) {
  try {
    std::vector<std::string> rest;
    Settings settings = loadSettings(args, rest);
    setupLogging(settings);
    if (rest.empty() || rest[0] == "help" || rest[0] == "--help" || rest[0] == "-h") {
      std::fputs(kUsage, rest.empty() ? stderr : stdout);
      return rest.empty() ? 2 : 0;
    }
    const auto& cmd = rest[0];
    if (cmd == "--version" || cmd == "version") {
      std::printf("socialroll %s\n", SOCIALROLL_VERSION);
      return 0;
    }
    if (cmd == "serve" && rest.size() == 1) return serve(settings);
    if (cmd == "migrate" && rest.size() == 1) return migrateCommand(settings);
    if (cmd == "user" && rest.size() >= 2 && rest[1] == "passwd") return userPasswd(settings, rest);
    if (cmd == "audit" && rest.size() == 2 && rest[1] == "verify") return auditVerify(settings);
    if (cmd == "data" && rest.size() >= 2 && rest[1] == "reseal") return dataReseal(settings, rest);
    if (cmd == "demo" && rest.size() == 1) return demoCommand(settings);
    std::fprintf(stderr, "unknown command: %s\n\n%s", cmd.c_str(), kUsage);
    return 2;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "socialroll: %s\n", e.what());
    return 2;
  } catch (const Error& e) {
    std::string fields;
    for (const auto& f : e.fields()) fields += " " + f.field + " " + f.message + ";";
    std::fprintf(stderr, "socialroll: %s%s\n", e.detail().c_str(), fields.c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "socialroll: %s\n", e.what());
    return 1;
  }
}

}  // namespace sr::app
