#pragma once
#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "common/Database.h"
#include "http/Metrics.h"
#include "http/Router.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace sr::server {

struct HttpSettings {
  std::string bindAddress = "0.0.0.0";
  int port = 8080;  // 0 picks a free port (tests)
  int threads = 16;
  std::size_t maxBodyBytes = 1 << 20;
};

using Authenticator = std::function<http::Principal(const std::string& bearerToken)>;

// Poco's HTTPServer around our Router: the one place where requests become calls and errors
// become RFC 9457 problem documents.
class HttpServer {
 public:
  HttpServer(HttpSettings settings, const Router& router, Authenticator authenticate, db::Database& db);
  ~HttpServer();
  // Binds without SO_REUSEPORT, so a second instance on the same port fails here.
  void start();
  // Stops accepting, lets in-flight requests finish, closes idle keep-alive connections.
  void stop();
  int port() const { return boundPort_; }
  Metrics& metrics() { return metrics_; }
  int inFlight() const { return inFlight_.load(); }

 private:
  HttpSettings settings_;
  const Router& router_;
  Authenticator authenticate_;
  db::Database& db_;
  Metrics metrics_;
  std::atomic<int> inFlight_{0};
  int boundPort_ = 0;
  std::unique_ptr<Poco::ThreadPool> threads_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  friend class ApiRequestHandler;
};

// A problem document for an error; also used by tests to check the shape.
std::string problemJson(const Error& e, const std::string& instance);

}  // namespace sr::server
