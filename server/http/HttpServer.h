#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/Database.h"
#include "common/Messages.h"
#include "http/Connections.h"
#include "http/Metrics.h"
#include "http/Router.h"

namespace sr::server {

struct HttpSettings {
  // Empty: 127.0.0.1 unless TLS is configured (then every address): tokens, passwords and whole ID
  // numbers never cross a network in clear by default (issue #13, finding 6).
  std::string bindAddress;
  int port = 8080;  // 0 picks a free port (tests)
  int threads = 16;  // workers running requests; connections hold none while they wait
  std::size_t maxBodyBytes = 1 << 20;
  // Slow and idle clients (issue #13, finding 1): see http/Connections.h.
  int maxConnections = 10000;
  int maxConnectionsPerAddress = 128;
  int requestDeadlineMs = 10'000;  // a request's headers and body, whole
  int keepAliveMs = 15'000;
  // PEM files: both set, the server speaks HTTPS only (TLS 1.2 and later, forward-secret AEAD
  // suites) and sends HSTS.
  std::string tlsCertFile, tlsKeyFile;
  bool tls() const { return !tlsCertFile.empty(); }
  std::string bindOrDefault() const { return !bindAddress.empty() ? bindAddress : tls() ? "0.0.0.0" : "127.0.0.1"; }
};

using Authenticator = std::function<http::Principal(const std::string& bearerToken)>;

// The connection front (http/Connections.h) around our Router: the one place where requests
// become calls and errors become RFC 9457 problem documents.
class HttpServer {
 public:
  HttpServer(HttpSettings settings, const Router& router, Authenticator authenticate);
  ~HttpServer();
  // Binds without SO_REUSEPORT, so a second instance on the same port fails here.
  void start();
  // Stops accepting, lets in-flight requests finish, closes idle keep-alive connections.
  void stop();
  int port() const { return boundPort_; }
  Metrics& metrics() { return metrics_; }
  int inFlight() const { return inFlight_.load(); }
  // The connection front's counters while started, else null.
  const FrontCounters* connections() const;

 private:
  HttpSettings settings_;
  const Router& router_;
  Authenticator authenticate_;
  Metrics metrics_;
  std::atomic<int> inFlight_{0};
  int boundPort_ = 0;
  struct Listener;
  std::unique_ptr<Listener> listener_;
  void securityHeaders(WireResponse& w) const;
  WireResponse refusal(const Error& why) const;
  friend class ApiRequestHandler;
};

// A problem document for an error; also used by tests to check the shape.
std::string problemJson(const Error& e, const std::string& instance, messages::Lang lang);

}  // namespace sr::server
