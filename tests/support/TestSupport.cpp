#include "support/TestSupport.h"

#include "common/DataProtection.h"

#include <atomic>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "common/Crypto.h"
#include "db/Drivers.h"
#include "db/Migrator.h"
#include "org/OrgRules.h"
#include "people/PersonRules.h"

namespace sr::test {

std::string testAuditKey() { return protect::DataProtection(protect::parseMasterKey(kTestDataKey)).auditKey(); }

namespace {
std::string env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}
}  // namespace

FreshDatabase::FreshDatabase() {
  spdlog::set_level(spdlog::level::warn);
  std::string engine = env("SOCIALROLL_TEST_ENGINE", "sqlite");
  std::string unique = std::to_string(getpid()) + "_" + crypto::toHex(crypto::randomBytes(4));
  if (engine == "mysql") {
    engine_ = db::Engine::mysql;
    url_ = env("SOCIALROLL_TEST_MYSQL", "mysql://root:@127.0.0.1:33917/") + "srt_" + unique;
    db::createMysqlDatabase(db::parseDbUrl(url_));
  } else {
    engine_ = db::Engine::sqlite;
    auto dir = std::filesystem::path(env("SOCIALROLL_TEST_TMP", "/tmp/socialroll-tests"));
    std::filesystem::create_directories(dir);
    url_ = "sqlite:" + (dir / ("t_" + unique + ".db")).string();
  }
}

FreshDatabase::~FreshDatabase() {
  try {
    if (engine_ == db::Engine::mysql) {
      db::dropMysqlDatabase(db::parseDbUrl(url_));
    } else {
      auto path = url_.substr(7);
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cleanup of %s failed: %s\n", url_.c_str(), e.what());
  }
}

std::unique_ptr<db::Database> FreshDatabase::open(int poolSize) const {
  auto database = db::openDatabase(db::parseDbUrl(url_), poolSize);
  db::migrate(*database);
  return database;
}

json::Obj HttpResult::json() const { return json::parseObject(body); }

std::string HttpResult::code() const {
  if (contentType.find("problem+json") == std::string::npos) return "";
  return json()->optValue<std::string>("code", "");
}

std::string urlEncode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : text) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hex[ch >> 4];
      out += hex[ch & 15];
    }
  }
  return out;
}

std::string HttpResult::field(const std::string& name) const {
  if (contentType.find("problem+json") == std::string::npos) return "";
  auto errors = json()->getArray("errors");
  for (std::size_t i = 0; errors && i < errors->size(); ++i) {
    auto e = errors->getObject(static_cast<unsigned>(i));
    if (e->getValue<std::string>("field") == name) return e->getValue<std::string>("message");
  }
  return "";
}

HttpResult Client::call(const std::string& method, const std::string& path, const std::string& body,
                        const std::string& token, const std::map<std::string, std::string>& headers) const {
  // From another loopback address: a socket bound there and connected, handed to the session
  // (which then sees it connected and uses it as it is).
  Poco::Net::StreamSocket socket;
  if (!source_.empty()) {
    socket.impl()->bind(Poco::Net::SocketAddress(source_, 0), false);
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port_)));
  }
  Poco::Net::HTTPClientSession session = source_.empty()
      ? Poco::Net::HTTPClientSession("127.0.0.1", static_cast<Poco::UInt16>(port_))
      : Poco::Net::HTTPClientSession(socket);
  session.setTimeout(Poco::Timespan(timeoutSeconds_, 0));
  Poco::Net::HTTPRequest req(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setHost("127.0.0.1", static_cast<Poco::UInt16>(port_));
  if (!token.empty()) req.set("Authorization", "Bearer " + token);
  for (const auto& [k, v] : headers) req.set(k, v);
  if (!body.empty() || method == "POST" || method == "PUT") {
    if (!headers.count("Content-Type")) req.setContentType("application/json");
    req.setContentLength64(static_cast<Poco::Int64>(body.size()));
  }
  session.sendRequest(req) << body;
  Poco::Net::HTTPResponse resp;
  auto& in = session.receiveResponse(resp);
  HttpResult r;
  r.status = resp.getStatus();
  r.contentType = resp.getContentType();
  for (const auto& [k, v] : resp) r.headers[k] = v;
  Poco::StreamCopier::copyToString(in, r.body);
  return r;
}

app::Settings serverSettings(const std::string& dbUrl) {
  app::Settings s;
  s.dbUrl = dbUrl;
  s.http.port = 0;
  s.http.bindAddress = "127.0.0.1";
  s.http.threads = 8;
  s.adminPassword = kAdminPassword;
  s.dataKey = kTestDataKey;
  s.logLevel = "warn";
  // Users made through the API sign in with the password they were given; the tests of first
  // sign-in (Auth.*OwnPassword*) turn it back on.
  s.auth.firstSignInSetsPassword = false;
#ifdef SOCIALROLL_SANITIZE
  // Under AddressSanitizer every allocation is tracked, and OpenSSL's PBKDF2 allocates at each of
  // its 310,000 iterations: 5 s per test server. The sanitizer job checks our code, not OpenSSL's.
  s.auth.pbkdf2Iterations = 1000;
#endif
  return s;
}

TestServer::TestServer(const std::function<void(app::Settings&)>& customize) {
  app::Settings s = serverSettings(db_.url());
  if (customize) customize(s);
  app_ = std::make_unique<app::App>(s);
  app_->start();
  client_ = std::make_unique<Client>(app_->port());
}

void TestServer::restart(const std::function<void(app::Settings&)>& customize) {
  app::Settings s = app_->settings();
  app_->stop();
  app_.reset();
  customize(s);
  app_ = std::make_unique<app::App>(s);
  app_->start();
  client_ = std::make_unique<Client>(app_->port());
}

TestServer::~TestServer() {
  if (app_) app_->stop();
  app_.reset();
}

std::string TestServer::login(const std::string& username, const std::string& password) const {
  auto body = json::object();
  body->set("username", username);
  body->set("password", password);
  auto r = client_->post("/api/v1/auth/login", json::stringify(body));
  EXPECT_EQ(r.status, 200) << "login of " << username << ": " << r.body;
  if (r.status != 200) return "";
  return r.json()->getValue<std::string>("token");
}

std::string TestServer::adminToken() {
  if (adminToken_.empty()) adminToken_ = login("admin", kAdminPassword);
  return adminToken_;
}

int64_t TestServer::create(const std::string& path, const std::string& body, const std::string& token) const {
  auto r = client_->post(path, body, token);
  EXPECT_EQ(r.status, 201) << "POST " << path << " " << body << " -> " << r.body;
  if (r.status != 201) return 0;
  return r.json()->getValue<int64_t>("id");
}

std::string creditCode(int n) {
  char first17[18];
  std::snprintf(first17, sizeof first17, "52330481%09d", n);
  return std::string(first17) + org::creditCodeCheckChar(first17);
}

std::string idNumber(const std::string& region, const std::string& birth, int serial) {
  char s[8];
  std::snprintf(s, sizeof s, "%03d", serial % 1000);
  std::string first17 = region + birth + s;
  return first17 + people::idCheckCharacter(first17);
}

void bulkInsert(db::Connection& c, const std::string& head, std::size_t cols, const std::vector<db::Params>& rows,
                std::size_t perStatement) {
  for (std::size_t a = 0; a < rows.size(); a += perStatement) {
    auto b = std::min(rows.size(), a + perStatement);
    std::string sql = head + " VALUES ";
    db::Params params;
    for (auto i = a; i < b; ++i) {
      sql += std::string(i == a ? "(" : ", (") + db::placeholders(cols) + ")";
      params.insert(params.end(), rows[i].begin(), rows[i].end());
    }
    c.execute(sql, params);
  }
}

std::string cardNumber(const std::string& first) {
  for (char d = '0'; d <= '9'; ++d)
    if (people::luhnValid(first + d)) return first + d;
  return first;  // unreachable: one digit in ten completes any number
}

json::Obj readWorkbook(const std::string& bytes) {
  auto dir = std::filesystem::temp_directory_path();
  auto path = dir / ("sr-workbook-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".xlsx");
  {
    std::ofstream f(path, std::ios::binary);
    f << bytes;
  }
  // Debian's python3, where python3-openpyxl installs (not whatever python3 comes first on PATH).
  std::string cmd = std::string("/usr/bin/python3 ") + SOCIALROLL_WORKBOOK_READER + " '" + path.string() + "' 2>&1";
  std::string out;
  if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
  }
  std::filesystem::remove(path);
  try {
    return json::parseObject(out);
  } catch (const std::exception&) {
    ADD_FAILURE() << "openpyxl could not read the workbook: " << out.substr(0, 2000);
    return json::object();
  }
}

std::string makeWorkbook(const std::vector<std::vector<std::string>>& rows) {
  auto rowsJson = json::array();
  for (const auto& row : rows) {
    auto r = json::array();
    for (const auto& cell : row) r->add(cell);
    rowsJson->add(r);
  }
  auto path = std::filesystem::temp_directory_path() /
              ("sr-made-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()) + ".xlsx");
  std::string cmd = std::string("/usr/bin/python3 ") + SOCIALROLL_WORKBOOK_READER + " write '" + path.string() + "'";
  if (FILE* pipe = ::popen(cmd.c_str(), "w")) {
    auto text = json::stringify(Poco::Dynamic::Var(rowsJson));
    std::fwrite(text.data(), 1, text.size(), pipe);
    if (::pclose(pipe) != 0) ADD_FAILURE() << "openpyxl could not write the workbook";
  }
  std::ifstream in(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::filesystem::remove(path);
  return bytes;
}

std::string hireBody(const std::string& id, int64_t stationId, const std::string& startDate, const std::string& extra,
                     const std::string& name) {
  return R"({"person":{"name":")" + name + R"(","id_number":")" + id +
         R"(","education":"college","social_work_major":true,"phone":"13800001111","bank_account":"6222020200112233446"},)" +
         R"("station_id":)" + std::to_string(stationId) + R"(,"post":"S3","grade":1,"start_date":")" + startDate + "\"" +
         extra + "}";
}

std::map<int, int> race(int n, const std::function<HttpResult()>& call) {
  std::map<int, int> statuses;
  std::mutex m;
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&] {
      ++ready;
      while (ready.load() < n) std::this_thread::yield();
      auto r = call();
      std::lock_guard lock(m);
      ++statuses[r.status];
    });
  for (auto& t : threads) t.join();
  return statuses;
}

}  // namespace sr::test
