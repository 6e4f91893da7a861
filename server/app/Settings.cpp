#include "app/Settings.h"

#include <cstdlib>
#include <stdexcept>

#include <Poco/Util/JSONConfiguration.h>

namespace sr::app {

namespace {
int toInt(const std::string& what, const std::string& s) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used != s.size()) throw std::invalid_argument(s);
    return v;
  } catch (const std::exception&) {
    throw std::invalid_argument(what + " must be an integer, got '" + s + "'");
  }
}

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? std::optional<std::string>(v) : std::nullopt;
}

void applyConfigFile(Settings& s, const std::string& path) {
  Poco::AutoPtr<Poco::Util::JSONConfiguration> c;
  try {
    c = new Poco::Util::JSONConfiguration(path);
  } catch (const Poco::Exception& e) {
    throw std::invalid_argument("cannot read config file " + path + ": " + e.displayText());
  }
  s.http.port = c->getInt("server.port", s.http.port);
  s.http.bindAddress = c->getString("server.bind", s.http.bindAddress);
  s.http.threads = c->getInt("server.threads", s.http.threads);
  s.http.maxConnections = c->getInt("server.max_connections", s.http.maxConnections);
  s.http.maxConnectionsPerAddress = c->getInt("server.max_connections_per_address", s.http.maxConnectionsPerAddress);
  s.http.requestDeadlineMs = c->getInt("server.request_deadline_ms", s.http.requestDeadlineMs);
  s.http.keepAliveMs = c->getInt("server.keep_alive_ms", s.http.keepAliveMs);
  s.http.maxBodyBytes = static_cast<std::size_t>(c->getInt64("server.max_body_bytes", static_cast<Poco::Int64>(s.http.maxBodyBytes)));
  s.http.tlsCertFile = c->getString("server.tls.cert_file", s.http.tlsCertFile);
  s.http.tlsKeyFile = c->getString("server.tls.key_file", s.http.tlsKeyFile);
  s.dbUrl = c->getString("database.url", s.dbUrl);
  s.auth.idleSeconds = c->getInt64("auth.idle_timeout_seconds", s.auth.idleSeconds);
  s.auth.absoluteSeconds = c->getInt64("auth.absolute_timeout_seconds", s.auth.absoluteSeconds);
  s.auth.freeFailedLogins = c->getInt("auth.free_failed_logins", s.auth.freeFailedLogins);
  s.auth.maxLoginWait = c->getInt64("auth.max_login_wait_seconds", s.auth.maxLoginWait);
  s.auth.firstLoginWait = c->getInt64("auth.first_login_wait_seconds", s.auth.firstLoginWait);
  s.auth.firstSignInSetsPassword = c->getBool("auth.first_sign_in_sets_password", s.auth.firstSignInSetsPassword);
  s.auth.pbkdf2Iterations = c->getInt("auth.pbkdf2_iterations", s.auth.pbkdf2Iterations);
  s.logLevel = c->getString("log.level", s.logLevel);
  s.webRoot = c->getString("server.web_root", s.webRoot);
  s.dataKeyFile = c->getString("security.data_key_file", s.dataKeyFile);
  if (c->has("security.cipher")) {
    auto name = c->getString("security.cipher");
    auto cipher = protect::cipherNamed(name);
    if (!cipher) throw std::invalid_argument("security.cipher must be aes-256-gcm or sm4, not \"" + name + "\"");
    s.cipher = *cipher;
  }
  s.payroll.backgroundThreshold = c->getInt("payroll.background_threshold", s.payroll.backgroundThreshold);
  s.payroll.staleSeconds = c->getInt("payroll.stale_seconds", s.payroll.staleSeconds);
  s.payroll.instanceId = c->getString("server.instance_id", s.payroll.instanceId);
  s.payroll.layoutsDir = c->getString("exports.layouts_dir", s.payroll.layoutsDir);
}

void check(const Settings& s) {
  if (s.http.port < 0 || s.http.port > 65535) throw std::invalid_argument("port must be 0..65535");
  if (s.http.threads < 1 || s.http.threads > 512) throw std::invalid_argument("server.threads must be 1..512");
  if (s.http.maxConnections < 1) throw std::invalid_argument("server.max_connections must be at least 1");
  if (s.http.maxConnectionsPerAddress < 1 || s.http.maxConnectionsPerAddress > s.http.maxConnections)
    throw std::invalid_argument("server.max_connections_per_address must be 1..server.max_connections");
  if (s.http.requestDeadlineMs < 100 || s.http.requestDeadlineMs > 600'000)
    throw std::invalid_argument("server.request_deadline_ms must be 100..600000");
  if (s.http.keepAliveMs < 100 || s.http.keepAliveMs > 3'600'000)
    throw std::invalid_argument("server.keep_alive_ms must be 100..3600000");
  if (s.http.tlsCertFile.empty() != s.http.tlsKeyFile.empty())
    throw std::invalid_argument("server.tls needs both cert_file and key_file");
  if (s.auth.pbkdf2Iterations < identity::kMinPbkdf2Iterations)
    throw std::invalid_argument("auth.pbkdf2_iterations must be at least 310000");
  if (s.auth.idleSeconds < 1 || s.auth.absoluteSeconds < s.auth.idleSeconds)
    throw std::invalid_argument("auth timeouts: idle must be >= 1 and absolute >= idle");
  if (s.auth.freeFailedLogins < 1 || s.auth.firstLoginWait < 1 || s.auth.maxLoginWait < s.auth.firstLoginWait)
    throw std::invalid_argument("auth.free_failed_logins and auth.first_login_wait_seconds must be positive, "
                                "auth.max_login_wait_seconds at least the first wait");
}
}  // namespace

Settings loadSettings(std::vector<std::string> args, std::vector<std::string>& rest) {
  Settings s;
  std::optional<std::string> port, db, config, bind;
  for (std::size_t i = 0; i < args.size(); ++i) {
    auto takeValue = [&](const std::string& name) {
      auto eq = args[i].find('=');
      if (eq != std::string::npos) return args[i].substr(eq + 1);
      if (i + 1 >= args.size()) throw std::invalid_argument(name + " needs a value");
      return args[++i];
    };
    auto is = [&](const char* name) { return args[i] == name || args[i].rfind(std::string(name) + "=", 0) == 0; };
    if (is("--port"))
      port = takeValue("--port");
    else if (is("--db"))
      db = takeValue("--db");
    else if (is("--config"))
      config = takeValue("--config");
    else if (is("--bind"))
      bind = takeValue("--bind");
    else
      rest.push_back(args[i]);
  }
  if (!config) config = env("SOCIALROLL_CONFIG");
  if (config) applyConfigFile(s, *config);
  if (auto v = env("SOCIALROLL_PORT")) s.http.port = toInt("SOCIALROLL_PORT", *v);
  if (auto v = env("SOCIALROLL_DB")) s.dbUrl = *v;
  if (auto v = env("SOCIALROLL_LOG_LEVEL")) s.logLevel = *v;
  s.adminPassword = env("SOCIALROLL_ADMIN_PASSWORD");
  s.dataKey = env("SOCIALROLL_DATA_KEY");
  if (auto v = env("SOCIALROLL_DATA_KEY_FILE")) s.dataKeyFile = *v;
  if (port) s.http.port = toInt("--port", *port);
  if (db) s.dbUrl = *db;
  if (bind) s.http.bindAddress = *bind;
  check(s);
  return s;
}

}  // namespace sr::app
