#pragma once
// Real parts only: a real database (a fresh SQLite file or a fresh MariaDB database on the
// server tests/mariadb.sh started), a real server on a loopback port, real HTTP.
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "app/App.h"
#include "common/Database.h"
#include "common/Json.h"

namespace sr::test {

inline constexpr const char* kAdminPassword = "test-root-password-1";

// A new empty database for this test, on the engine named by SOCIALROLL_TEST_ENGINE
// (sqlite | mysql). The MySQL database is dropped again when this goes away.
class FreshDatabase {
 public:
  FreshDatabase();
  ~FreshDatabase();
  const std::string& url() const { return url_; }
  db::Engine engine() const { return engine_; }
  // Opened and migrated.
  std::unique_ptr<db::Database> open(int poolSize = 4) const;

 private:
  std::string url_;
  db::Engine engine_;
};

struct HttpResult {
  int status = 0;
  std::string body;
  std::string contentType;
  std::map<std::string, std::string> headers;
  json::Obj json() const;
  std::string code() const;  // problem document "code", or ""
};

class Client {
 public:
  explicit Client(int port) : port_(port) {}
  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "", const std::map<std::string, std::string>& headers = {}) const;
  HttpResult get(const std::string& path, const std::string& token = "") const { return call("GET", path, "", token); }
  HttpResult post(const std::string& path, const std::string& body, const std::string& token = "") const {
    return call("POST", path, body, token);
  }
  HttpResult put(const std::string& path, const std::string& body, const std::string& token = "") const {
    return call("PUT", path, body, token);
  }

 private:
  int port_;
};

// An in-process socialroll on a free port over a fresh database, admin password kAdminPassword.
class TestServer {
 public:
  explicit TestServer(const std::function<void(app::Settings&)>& customize = {});
  ~TestServer();
  app::App& app() { return *app_; }
  const Client& client() const { return *client_; }
  int port() const { return app_->port(); }
  // Logs in and returns the token; fails the test if login is refused.
  std::string login(const std::string& username, const std::string& password) const;
  std::string adminToken();
  // POST that must succeed; returns the created object's id.
  int64_t create(const std::string& path, const std::string& body, const std::string& token) const;

 private:
  FreshDatabase db_;
  std::unique_ptr<app::App> app_;
  std::unique_ptr<Client> client_;
  std::string adminToken_;
};

// A valid unified social credit code made from a number (check character computed).
std::string creditCode(int n);

}  // namespace sr::test
