// The HTTP shell: problem documents, status codes, limits, health, metrics, OpenAPI.
#include <gtest/gtest.h>

#include <sstream>

#include <Poco/InflatingStream.h>

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <unistd.h>

#include "support/TestSupport.h"

using namespace sr;

TEST(HttpShell, HealthReadinessAndMetrics) {
  test::TestServer s;
  EXPECT_EQ(s.client().get("/healthz").status, 200);
  EXPECT_EQ(s.client().get("/readyz").status, 200);
  s.client().get("/api/v1/me");
  auto m = s.client().get("/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_NE(m.body.find("socialroll_http_requests_total{route=\"GET /api/v1/me\",status=\"401\"} 1"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("socialroll_http_request_duration_seconds_bucket{route=\"GET /healthz\""), std::string::npos);
  EXPECT_NE(m.body.find("socialroll_db_pool_size"), std::string::npos);
}

// Issue #13, finding 5: the chain's head is given out so an outside system can pin it, by the
// API (admin) and in the metrics a monitoring system already scrapes.
TEST(HttpShell, TheAuditChainsHeadIsPublishedForOutsideSystemsToKeep) {
  test::TestServer s;
  auto admin = s.adminToken();
  s.client().post("/api/v1/jurisdictions", R"({"code":"330000","name":"浙江省","level":"province"})", admin);
  auto last = s.app().database().read<db::Row>([](db::Connection& c) {
    return *c.queryOne("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  });
  auto head = s.client().get("/api/v1/audit/head", admin);
  ASSERT_EQ(head.status, 200) << head.body;
  EXPECT_EQ(head.json()->getValue<int64_t>("seq"), last.i64("seq"));
  EXPECT_EQ(head.json()->getValue<std::string>("hash"), last.str("hash"));
  auto m = s.client().get("/metrics");
  EXPECT_NE(m.body.find("socialroll_audit_head_seq " + std::to_string(last.i64("seq")) + "\n"), std::string::npos) << m.body;
  EXPECT_NE(m.body.find("socialroll_audit_head_info{hash=\"" + last.str("hash") + "\"} 1"), std::string::npos);
}

TEST(HttpShell, MalformedJsonIs400ProblemDocument) {
  test::TestServer s;
  auto r = s.client().post("/api/v1/auth/login", "{\"username\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.contentType, "application/problem+json");
  auto p = r.json();
  for (const char* key : {"type", "title", "status", "detail", "code", "errors"}) EXPECT_TRUE(p->has(key)) << key;
  EXPECT_EQ(p->getValue<int>("status"), 400);
}

TEST(HttpShell, InvalidFieldsAre422ListingEveryField) {
  test::TestServer s;
  auto r = s.client().post("/api/v1/agencies", R"({"name": 5, "credit_code": "123", "kind": "club", "extra": 1})",
                           s.adminToken());
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(r.code(), "validation_failed");
  std::set<std::string> fields;
  auto errors = r.json()->getArray("errors");
  for (const auto& e : *errors) fields.insert(e.extract<json::Obj>()->getValue<std::string>("field"));
  EXPECT_EQ(fields, (std::set<std::string>{"name", "kind", "jurisdiction_id", "extra", "credit_code"}));
}

TEST(HttpShell, UnknownPathIs404WithSuggestionAndWrongMethodIs405) {
  test::TestServer s;
  auto nf = s.client().get("/api/v1/agencie");
  EXPECT_EQ(nf.status, 404);
  EXPECT_NE(nf.json()->getValue<std::string>("detail").find("/api/v1/agencies"), std::string::npos);
  auto wrong = s.client().call("DELETE", "/api/v1/agencies");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.code(), "method_not_allowed");
  EXPECT_NE(wrong.headers["Allow"].find("POST"), std::string::npos);
}

TEST(HttpShell, BodiesOverTheCapAre413) {
  test::TestServer s([](app::Settings& st) { st.http.maxBodyBytes = 1024; });
  std::string big = R"({"username":")" + std::string(2000, 'a') + R"(","password":"x"})";
  auto r = s.client().post("/api/v1/auth/login", big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.code(), "payload_too_large");
}

TEST(HttpShell, RequestIdIsEchoed) {
  test::TestServer s;
  auto r = s.client().call("GET", "/healthz", "", "", {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(r.headers["X-Request-Id"], "abc-123");
  EXPECT_EQ(s.client().get("/healthz").headers["X-Request-Id"].size(), 16u);
}

TEST(HttpShell, OpenApiDocumentListsEveryRoute) {
  test::TestServer s;
  auto r = s.client().get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto paths = r.json()->getObject("paths");
  for (const auto& route : s.app().router().routes()) {
    ASSERT_TRUE(paths->has(route.pattern)) << route.pattern;
    std::string m = route.method;
    for (auto& c : m) c = static_cast<char>(std::tolower(c));
    EXPECT_TRUE(paths->getObject(route.pattern)->has(m)) << route.method << " " << route.pattern;
  }
}

TEST(HttpShell, SecondInstanceOnTheSamePortFailsToStart) {
  test::TestServer s;
  Poco::Net::ServerSocket socket;
  EXPECT_THROW(socket.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(s.port())), true, false),
               Poco::Net::NetException);
  test::FreshDatabase other;
  app::Settings st;
  st.dbUrl = other.url();
  st.http.port = s.port();
  st.http.bindAddress = "127.0.0.1";
  st.adminPassword = test::kAdminPassword;
  app::App second(st);
  EXPECT_ANY_THROW(second.start());
}

// Issue #13, finding 6: the server spoke plain HTTP on 0.0.0.0 and nothing said to put TLS in
// front. Without TLS it now listens on 127.0.0.1 only; with server.tls.cert_file and key_file it
// speaks HTTPS only (TLS 1.2 and later) and tells browsers to stay on it.
TEST(HttpShell, WithoutTlsOnlyLoopbackWithTlsHttpsOnlyAndHsts) {
  server::HttpSettings plain;
  EXPECT_EQ(plain.bindOrDefault(), "127.0.0.1");
  auto dir = std::filesystem::temp_directory_path() / ("socialroll-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  const auto make = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost "
                    "-keyout " + key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(make.c_str()), 0) << "openssl could not make a test certificate";
  test::TestServer s([&](app::Settings& st) {
    st.http.bindAddress.clear();  // the default with TLS: every address
    st.http.tlsCertFile = cert;
    st.http.tlsKeyFile = key;
  });
  Poco::Net::Context::Ptr client = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                          Poco::Net::Context::VERIFY_NONE);
  Poco::Net::HTTPSClientSession https("127.0.0.1", static_cast<Poco::UInt16>(s.port()), client);
  Poco::Net::HTTPRequest get(Poco::Net::HTTPRequest::HTTP_GET, "/healthz", Poco::Net::HTTPMessage::HTTP_1_1);
  https.sendRequest(get);
  Poco::Net::HTTPResponse answer;
  https.receiveResponse(answer).ignore(1 << 20);
  EXPECT_EQ(answer.getStatus(), Poco::Net::HTTPResponse::HTTP_OK);
  EXPECT_EQ(answer.get("Strict-Transport-Security", ""), "max-age=31536000");
  // Plain HTTP on the same port gets no answer: a token sent that way is never served.
  Poco::Net::HTTPClientSession http("127.0.0.1", static_cast<Poco::UInt16>(s.port()));
  http.setTimeout(Poco::Timespan(5, 0));
  EXPECT_ANY_THROW({
    http.sendRequest(get);
    Poco::Net::HTTPResponse refused;
    http.receiveResponse(refused);
  });
  std::filesystem::remove_all(dir);
}

TEST(HttpShell, FailedRequestLeavesNoPartialRows) {
  test::TestServer s;
  auto admin = s.adminToken();
  auto count = [&] {
    return s.app().database().read<int64_t>([](db::Connection& c) {
      return c.queryOne("SELECT (SELECT COUNT(*) FROM jurisdictions) + (SELECT COUNT(*) FROM audit_log) AS n")->i64("n");
    });
  };
  auto before = count();
  EXPECT_EQ(s.client().post("/api/v1/jurisdictions", R"({"code":"33","name":"x","level":"province"})", admin).status, 422);
  EXPECT_EQ(s.client().post("/api/v1/jurisdictions", R"({"code":"330400","name":"x","level":"city"})", admin).status, 422);
  EXPECT_EQ(count(), before);
}

TEST(HttpShell, ShutdownLetsAnInFlightRequestFinish) {
  test::TestServer s;
  // Send the headers of a login, start shutting down while the body is still on its way, then send it.
  Poco::Net::StreamSocket sock(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(s.port())));
  std::string body = std::string(R"({"username":"admin","password":")") + test::kAdminPassword + "\"}";
  std::string head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n";
  sock.sendBytes(head.data(), static_cast<int>(head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::thread stopper([&] { s.app().stop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  sock.sendBytes(body.data(), static_cast<int>(body.size()));
  std::string response;
  char buf[4096];
  for (int n; (n = sock.receiveBytes(buf, sizeof buf)) > 0;) response.append(buf, static_cast<std::size_t>(n));
  stopper.join();
  EXPECT_EQ(response.rfind("HTTP/1.1 200", 0), 0u) << response;
  // And the server no longer accepts connections.
  EXPECT_ANY_THROW(s.client().get("/healthz"));
}

// Issue #13, finding 9: a malformed percent escape was an unauthenticated 500.
TEST(HttpShell, AMalformedPercentEscapeIs400BeforeAnyRoute) {
  test::TestServer s;
  for (const char* path : {"/%", "/api/v1/me?q=%zz", "/api/v1/employments/%4"}) {
    auto r = s.client().get(path);
    EXPECT_EQ(r.status, 400) << path;
    EXPECT_EQ(r.code(), "bad_request") << path;
  }
}

TEST(HttpShell, MalformedQueryParametersAre422NamingTheParameter) {
  test::TestServer s;
  auto admin = s.adminToken();
  for (const char* path : {"/api/v1/filings?status=done", "/api/v1/filings?employment_id=abc",
                           "/api/v1/employments?station_id=0", "/api/v1/certificates/expiring?within_days=-1",
                           "/api/v1/blacklist?in_force=yes"}) {
    auto r = s.client().get(path, admin);
    EXPECT_EQ(r.status, 422) << path;
    auto field = r.json()->getArray("errors")->getObject(0)->getValue<std::string>("field");
    std::string p(path);
    EXPECT_EQ(p.substr(p.find('?') + 1, field.size()), field) << path;
  }
}

TEST(HttpShell, TheWebInterfaceIsServedWithAStrictContentPolicyAndNothingElseFromDisk) {
  test::TestServer s;
  auto page = s.client().get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.contentType.find("text/html"), std::string::npos);
  auto at = page.body.find("/assets/app-", page.body.find("<script"));
  ASSERT_NE(at, std::string::npos) << "the bundle was not built (the 'web' target)";
  const auto scriptPath = page.body.substr(at, page.body.find('"', at) - at);
  EXPECT_NE(page.headers["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  auto script = s.client().get(scriptPath);
  EXPECT_EQ(script.status, 200);
  EXPECT_NE(script.contentType.find("text/javascript"), std::string::npos);
  EXPECT_EQ(s.client().get("/assets/missing.js").status, 404);
  EXPECT_EQ(s.client().get("/assets/..%2F..%2Findex.html").status, 404);  // names only, never paths
  EXPECT_EQ(s.client().get("/assets/../../CMakeCache.txt").status, 404);
}

// Issue #16: the bundle is sent compressed, kept by the browser a year under a content-hashed
// name, and the page is revalidated by its ETag (92.5 KB went uncompressed on every visit).
TEST(HttpShell, TheWebInterfaceIsSentCompressedCachedByContentAndThePageRevalidated) {
  test::TestServer s;
  auto page = s.client().get("/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["Cache-Control"], "no-cache");
  const auto etag = page.headers["ETag"];
  ASSERT_FALSE(etag.empty());
  auto again = s.client().call("GET", "/", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto at = page.body.find("/assets/app-", page.body.find("<script"));
  ASSERT_NE(at, std::string::npos);
  const auto scriptPath = page.body.substr(at, page.body.find('"', at) - at);
  auto plain = s.client().get(scriptPath);
  EXPECT_EQ(plain.headers["Cache-Control"], "public, max-age=31536000, immutable");
  EXPECT_EQ(plain.headers.count("Content-Encoding"), 0u);
  auto gz = s.client().call("GET", scriptPath, "", "", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_EQ(gz.status, 200);
  EXPECT_EQ(gz.headers["Content-Encoding"], "gzip");
  EXPECT_EQ(gz.headers["Vary"], "Accept-Encoding");
  EXPECT_LT(gz.body.size() * 2, plain.body.size());  // minified JavaScript compresses well over half
  std::istringstream in(gz.body);
  Poco::InflatingInputStream inflate(in, Poco::InflatingStreamBuf::STREAM_GZIP);
  std::string unpacked{std::istreambuf_iterator<char>(inflate), std::istreambuf_iterator<char>()};
  EXPECT_EQ(unpacked, plain.body);
  auto br = s.client().call("GET", scriptPath, "", "", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.headers["Content-Encoding"], "br");
  EXPECT_LT(br.body.size(), gz.body.size() + 1024);
}
