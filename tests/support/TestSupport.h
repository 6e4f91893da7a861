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
// base64 of "0123456789abcdef0123456789abcdef": the data key of every test server.
// The figures payroll needs that each place sets and nothing defaults (issue #11): contribution
// base limits (0: none, so a test's base is its contract pay) and the agency's rates. Keys of a
// policy document, without braces, for a test's province or city.
inline constexpr const char* kPayrollFigures =
    R"("social_insurance":{"base_floor_fen":0,"base_ceiling_fen":0},"housing_fund":{"base_floor_fen":0,)"
    R"("base_ceiling_fen":0},"employer_rates":{"pension_pct":16,"medical_pct":9.5,"unemployment_pct":0.5,)"
    R"("injury_pct":0.2,"housing_fund_pct":5})";
inline constexpr const char* kTestDataKey = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
// The audit chain key a server started with kTestDataKey uses.
std::string testAuditKey();

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
  // The message a problem document gives for `field` ("" when it names no such field).
  std::string field(const std::string& name) const;
};

class Client {
 public:
  explicit Client(int port, std::string source = "") : port_(port), source_(std::move(source)) {}
  // The same server, reached from another loopback address (127.0.0.2, ...): a second client
  // machine as the server sees it.
  Client from(const std::string& sourceAddress) const { return Client(port_, sourceAddress); }
  // The same client waiting longer for an answer (default 30 s): for seeding large data, which a
  // Galera cluster on a loaded machine took over 30 s to import in 5,000-row batches.
  Client patient(int seconds) const {
    Client c(port_, source_);
    c.timeoutSeconds_ = seconds;
    return c;
  }
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
  std::string source_;
  int timeoutSeconds_ = 30;
};

// Settings for an in-process server on `dbUrl`: loopback, a free port, the test admin password
// and data key, few threads.
app::Settings serverSettings(const std::string& dbUrl);

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
  // Stops the server and starts it again on the same database with its settings changed by
  // `customize`, as a rolling restart with a new configuration would; sessions stay valid.
  void restart(const std::function<void(app::Settings&)>& customize);
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
// A valid national ID number: region, birth date "YYYYMMDD", a 3-digit serial (odd = male);
// the check character is computed.
std::string idNumber(const std::string& region, const std::string& birth, int serial);
// Multi-row INSERT of `rows` (each `cols` values, after `head` "INSERT INTO t (a, b)") in
// statements of up to `perStatement` rows: how the benchmarks seed a province quickly.
void bulkInsert(db::Connection& c, const std::string& head, std::size_t cols, const std::vector<db::Params>& rows,
                std::size_t perStatement = 500);
// A UnionPay card number: `first` (15–18 digits starting 62) and its Luhn check digit.
std::string cardNumber(const std::string& first);
// An .xlsx as openpyxl reads it (tests/support/workbook.py): {"sheets": [{"name", "freeze",
// "rows": [[{"v", "t": "s|n|empty", "f": number format}]]}]}. Fails the test when it cannot be read.
json::Obj readWorkbook(const std::string& bytes);
// An .xlsx made by openpyxl from rows of text, stored as Excel stores what a clerk types (dates as
// date cells, short digit strings as numbers, the rest as shared strings).
std::string makeWorkbook(const std::vector<std::vector<std::string>>& rows);
// Percent-encodes every byte outside A-Z a-z 0-9 - _ . ~ (for query strings with Chinese text).
std::string urlEncode(const std::string& text);

// Sends `n` identical requests at once (each thread starts when all are ready); answers how many
// got each status.
std::map<int, int> race(int n, const std::function<HttpResult()>& call);
// A hire request body: a college-educated social-work graduate with this ID number at the
// station, post S3 at grade 1 (the placement the national policy suggests for them).
std::string hireBody(const std::string& id, int64_t stationId, const std::string& startDate,
                     const std::string& extra = "", const std::string& name = "张三");

}  // namespace sr::test
