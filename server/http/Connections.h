#pragma once
// The connection front (issue #13, finding 1): one thread with epoll owns every connection, reads
// each request whole (headers and body) under one deadline, and only then hands it to a worker.
// A slow or idle client therefore holds a socket, never a worker thread; an address may hold only
// so many connections; when the workers' queue is full the answer is an immediate 503.
//
// Why not Poco's HTTPServer: it gives each connection a pool thread for as long as the connection
// lives and times out each read, not the request, so 16 clients sending a header line every few
// seconds held all 16 threads and no /healthz probe was answered.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/Error.h"

typedef struct ssl_ctx_st SSL_CTX;

namespace sr::server {

// One request as it came off the wire, complete.
struct WireRequest {
  std::string method, target, version;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string clientAddress;
  // The first header of that name (case-insensitive), or `fallback`.
  std::string header(const std::string& name, const std::string& fallback = "") const;
};

struct WireResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Length and Connection
  std::string body;
  bool close = false;  // close the connection after this answer
  // Sets a header, replacing one of the same name (case-insensitive).
  void set(const std::string& name, const std::string& value);
};

// How much of a connection's input is one request: the front's framing, as a pure function (it is
// fuzzed: tests/fuzz/fuzz_framing.cpp).
struct Framing {
  enum class Kind { incomplete, complete, refused } kind = Kind::incomplete;
  WireRequest request;           // complete (without the client's address)
  bool keepAlive = false;        // complete: the client keeps the connection open after it
  std::size_t consumed = 0;      // complete: how many bytes of the input it took
  bool expectsContinue = false;  // incomplete: the client waits for "100 Continue" before its body
  Code code = Code::bad_request;  // refused: bad_request, length_required, payload_too_large or headers_too_large
  std::string detail;            // refused: why, for the client
};
Framing frame(std::string_view input, std::size_t maxHeaderBytes, std::size_t maxBodyBytes);

struct FrontLimits {
  int workers = 16;
  int maxQueued = 256;  // complete requests waiting for a worker; more are answered 503 at once
  int maxConnections = 10000;
  int maxPerAddress = 128;  // behind a reverse proxy every connection has the proxy's address
  std::chrono::milliseconds requestDeadline{10'000};  // first byte to last byte of a request (TLS handshake included)
  std::chrono::milliseconds idleTimeout{15'000};      // a keep-alive connection between requests
  std::chrono::milliseconds writeDeadline{30'000};    // an answer must make progress within this
  std::size_t maxHeaderBytes = 16 * 1024;
  std::size_t maxBodyBytes = 1 << 20;
};

struct FrontCounters {
  std::atomic<int64_t> open{0};
  std::atomic<int64_t> refusedAddress{0};  // over the per-address or total connection cap
  std::atomic<int64_t> refusedBusy{0};     // complete requests answered 503: the workers' queue was full
  std::atomic<int64_t> timedOut{0};        // requests not received whole within the deadline (408)
};

class ConnectionFront {
 public:
  // Runs on a worker thread; must not throw.
  using Handler = std::function<WireResponse(WireRequest&)>;
  // The front's own answers (400, 408, 411, 413, 431, 500, 503) as the one error type; the code
  // decides the status, as everywhere else.
  using Refusal = std::function<WireResponse(const Error&)>;

  // `tls`: serve HTTPS on every connection with this context (not owned), or plain HTTP when null.
  ConnectionFront(FrontLimits limits, Handler handler, Refusal refusal, SSL_CTX* tls);
  ~ConnectionFront();
  ConnectionFront(const ConnectionFront&) = delete;
  ConnectionFront& operator=(const ConnectionFront&) = delete;

  // Serves the bound, listening socket `listenFd` (not owned) until stop().
  void start(int listenFd);
  // Stops accepting and closes idle connections; requests already begun are still read (within
  // their deadline), handled and answered, then everything closes.
  void stop();
  const FrontCounters& counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sr::server
