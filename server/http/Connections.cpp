#include "http/Connections.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>
#include <spdlog/spdlog.h>

namespace sr::server {

std::string WireRequest::header(const std::string& name, const std::string& fallback) const {
  for (const auto& [k, v] : headers)
    if (Poco::icompare(k, name) == 0) return v;
  return fallback;
}

void WireResponse::set(const std::string& name, const std::string& value) {
  for (auto& [k, v] : headers)
    if (Poco::icompare(k, name) == 0) {
      v = value;
      return;
    }
  headers.emplace_back(name, value);
}

Framing frame(std::string_view in, std::size_t maxHeaderBytes, std::size_t maxBodyBytes) {
  Framing f;
  auto refused = [&](Code code, std::string detail) {
    f.kind = Framing::Kind::refused;
    f.code = code;
    f.detail = std::move(detail);
    return f;
  };
  auto end = in.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (in.size() > maxHeaderBytes) return refused(Code::headers_too_large, "请求头过大。");
    return f;
  }
  if (end + 4 > maxHeaderBytes) return refused(Code::headers_too_large, "请求头过大。");
  Poco::Net::HTTPRequest head;
  try {
    std::istringstream is{std::string(in.substr(0, end + 4))};
    head.read(is);
  } catch (const Poco::Exception&) {
    return refused(Code::bad_request, "无法解析的 HTTP 请求。");
  }
  if (head.getMethod().empty() || head.getURI().empty()) return refused(Code::bad_request, "无法解析的 HTTP 请求。");
  if (head.has("Transfer-Encoding")) return refused(Code::length_required, "请求须带 Content-Length，不接受分块传输。");
  std::size_t length = 0;
  try {
    if (head.hasContentLength()) {
      auto declared = head.getContentLength64();
      if (declared < 0) return refused(Code::bad_request, "Content-Length 无效。");
      if (static_cast<Poco::UInt64>(declared) > maxBodyBytes)
        return refused(Code::payload_too_large, "请求体超过 " + std::to_string(maxBodyBytes) + " 字节的上限。");
      length = static_cast<std::size_t>(declared);
    }
  } catch (const Poco::Exception&) {
    return refused(Code::bad_request, "Content-Length 无效。");
  }
  if (in.size() < end + 4 + length) {
    f.expectsContinue = Poco::icompare(head.get("Expect", ""), "100-continue") == 0;
    return f;
  }
  f.kind = Framing::Kind::complete;
  f.request.method = head.getMethod();
  f.request.target = head.getURI();
  f.request.version = head.getVersion();
  for (const auto& [k, v] : head) f.request.headers.emplace_back(k, v);
  f.request.body = std::string(in.substr(end + 4, length));
  f.keepAlive = head.getKeepAlive();
  f.consumed = end + 4 + length;
  return f;
}

namespace {
using Clock = std::chrono::steady_clock;
constexpr uint64_t kListenId = 0, kWakeId = 1;

std::string serialize(const WireResponse& r, bool keepAlive, bool headOnly) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " +
                    Poco::Net::HTTPResponse::getReasonForStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status)) +
                    "\r\n";
  for (const auto& [k, v] : r.headers) out += k + ": " + v + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  out += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!headOnly) out += r.body;
  return out;
}

std::string peerAddress(const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, text, sizeof text);
  else if (ss.ss_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, text, sizeof text);
  return text;
}
}  // namespace

struct ConnectionFront::Impl {
  enum class State { handshake, reading, handling, writing };
  struct Conn {
    uint64_t id = 0;
    int fd = -1;
    SSL* ssl = nullptr;
    std::string address;
    State state = State::reading;
    std::string in;    // received, not yet consumed
    std::string out;   // to send
    bool closeAfterWrite = false;
    bool sslWantsWrite = false;
    bool begun = false;         // the first byte of the current request has arrived
    bool sentContinue = false;  // "100 Continue" for the current request
    bool eof = false;           // the client has sent all it will send
    Clock::time_point deadline;
    uint32_t events = 0;
  };
  struct Job {
    uint64_t conn;
    WireRequest request;
    bool keepAlive;
    bool headOnly;
  };
  struct Done {
    uint64_t conn;
    std::string bytes;
    bool close;
  };

  FrontLimits limits;
  Handler handler;
  Refusal refusal;
  SSL_CTX* tls;
  FrontCounters counters;
  // The answer to a connection over a cap, rendered once: a burst of thousands from one address
  // costs an accept, a send and a close each, so the reactor is back to everyone else at once.
  std::string overCap;

  int listenFd = -1, epollFd = -1, wakeFd = -1;
  std::thread reactor;
  std::vector<std::thread> workers;
  std::atomic<bool> stopping{false};
  bool accepting = true;
  Clock::time_point stopBy;
  std::optional<Clock::time_point> acceptPausedUntil;  // out of file descriptors

  // Reactor thread only.
  std::unordered_map<uint64_t, Conn> conns;
  std::map<std::string, int> perAddress;
  uint64_t nextId = 2;

  // Shared with the workers.
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Job> jobs;
  std::deque<Done> done;
  bool workersQuit = false;
  int queued = 0;  // jobs not yet taken by a worker

  Impl(FrontLimits l, Handler h, Refusal r, SSL_CTX* t)
      : limits(l), handler(std::move(h)), refusal(std::move(r)), tls(t),
        overCap(serialize(refusal(Error(Code::unavailable, "来自同一地址的连接过多，请稍后再试。")), false, false)) {}

  // --- the reactor -------------------------------------------------------------------------------

  void run() {
    std::vector<epoll_event> events(256);
    auto lastSweep = Clock::now();
    while (true) {
      int n = epoll_wait(epollFd, events.data(), static_cast<int>(events.size()), 50);
      if (n < 0 && errno != EINTR) {
        spdlog::error("epoll_wait failed: {}", std::strerror(errno));
        break;
      }
      for (int i = 0; i < n; ++i) {
        auto id = events[static_cast<std::size_t>(i)].data.u64;
        if (id == kListenId) {
          acceptAll();
        } else if (id == kWakeId) {
          uint64_t count;
          [[maybe_unused]] auto r = ::read(wakeFd, &count, sizeof count);
          takeDone();
        } else {
          auto it = conns.find(id);
          if (it != conns.end()) onEvent(it->second, events[static_cast<std::size_t>(i)].events);
        }
      }
      auto now = Clock::now();
      if (stopping && accepting) beginStop();
      if (now - lastSweep >= std::chrono::milliseconds(50)) {
        sweep(now);
        lastSweep = now;
      }
      if (!accepting && (conns.empty() || now > stopBy)) break;
    }
    while (!conns.empty()) close(conns.begin()->second);
  }

  void beginStop() {
    accepting = false;
    if (!acceptPausedUntil) epoll_ctl(epollFd, EPOLL_CTL_DEL, listenFd, nullptr);
    stopBy = Clock::now() + limits.requestDeadline + limits.writeDeadline;
    std::vector<uint64_t> idle;
    for (auto& [id, c] : conns)
      if ((c.state == State::reading && !c.begun) || c.state == State::handshake) idle.push_back(id);
    for (auto id : idle) close(conns.at(id));
  }

  void acceptAll() {
    while (accepting) {
      sockaddr_storage ss{};
      socklen_t len = sizeof ss;
      int fd = ::accept4(listenFd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Level-triggered, the waiting connection would wake us at once, again and again: stop
          // listening for a moment instead (the backlog keeps them).
          spdlog::warn("accept failed: {}; pausing for 100 ms", std::strerror(errno));
          epoll_ctl(epollFd, EPOLL_CTL_DEL, listenFd, nullptr);
          acceptPausedUntil = Clock::now() + std::chrono::milliseconds(100);
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
          spdlog::warn("accept failed: {}", std::strerror(errno));
        }
        return;
      }
      auto address = peerAddress(ss);
      if (static_cast<int>(conns.size()) >= limits.maxConnections || perAddress[address] >= limits.maxPerAddress) {
        // Refused at once and cheaply: on plain HTTP a 503 goes out with the close; on TLS there is
        // no session to say it in.
        ++counters.refusedAddress;
        if (!tls) {
          [[maybe_unused]] auto sent = ::send(fd, overCap.data(), overCap.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        }
        ::close(fd);
        continue;
      }
      int one = 1;
      setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      Conn c;
      c.id = nextId++;
      c.fd = fd;
      c.address = address;
      c.deadline = Clock::now() + (tls ? limits.requestDeadline : limits.idleTimeout);
      if (tls) {
        c.ssl = SSL_new(tls);
        if (!c.ssl || SSL_set_fd(c.ssl, fd) != 1) {
          if (c.ssl) SSL_free(c.ssl);
          ::close(fd);
          continue;
        }
        SSL_set_accept_state(c.ssl);
        c.state = State::handshake;
      }
      ++perAddress[address];
      ++counters.open;
      auto& stored = conns.emplace(c.id, std::move(c)).first->second;
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = stored.id;
      stored.events = EPOLLIN;
      epoll_ctl(epollFd, EPOLL_CTL_ADD, stored.fd, &ev);
    }
  }

  void close(Conn& c) {
    epoll_ctl(epollFd, EPOLL_CTL_DEL, c.fd, nullptr);
    if (c.ssl) SSL_free(c.ssl);
    ::close(c.fd);
    auto it = perAddress.find(c.address);
    if (it != perAddress.end() && --it->second <= 0) perAddress.erase(it);
    --counters.open;
    conns.erase(c.id);  // c is gone after this
  }

  // Level-triggered interest: what this connection waits for now.
  void arm(Conn& c) {
    uint32_t want = 0;
    switch (c.state) {
      case State::handshake: want = c.sslWantsWrite ? EPOLLOUT : EPOLLIN; break;
      case State::reading: want = EPOLLIN | (c.out.empty() && !c.sslWantsWrite ? 0u : EPOLLOUT); break;
      case State::handling: want = c.out.empty() ? 0u : EPOLLOUT; break;
      case State::writing: want = EPOLLOUT; break;
    }
    if (want == c.events) return;
    epoll_event ev{};
    ev.events = want;
    ev.data.u64 = c.id;
    epoll_ctl(epollFd, EPOLL_CTL_MOD, c.fd, &ev);
    c.events = want;
  }

  void onEvent(Conn& c, uint32_t what) {
    const uint64_t id = c.id;
    if (c.state == State::handshake) {
      handshake(c);
      return;
    }
    if (what & (EPOLLERR | EPOLLHUP)) {  // both directions gone: nobody to answer
      close(c);
      return;
    }
    if (!c.out.empty() && (what & EPOLLOUT)) {
      if (!flush(c)) return;  // closed
    }
    if (conns.find(id) == conns.end()) return;
    if (c.state == State::reading && (what & (EPOLLIN | EPOLLOUT))) {
      if (!receive(c)) return;  // closed
      parse(c);
      // Half-closed after a request: it is answered, then the connection closes; otherwise done.
      auto it = conns.find(id);
      if (it != conns.end() && it->second.eof && it->second.state == State::reading) close(it->second);
    }
  }

  void handshake(Conn& c) {
    ERR_clear_error();
    int r = SSL_accept(c.ssl);
    if (r == 1) {
      c.state = State::reading;
      c.sslWantsWrite = false;
      arm(c);
      if (SSL_pending(c.ssl) > 0 && receive(c)) parse(c);
      return;
    }
    int e = SSL_get_error(c.ssl, r);
    if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
      c.sslWantsWrite = e == SSL_ERROR_WANT_WRITE;
      arm(c);
      return;
    }
    close(c);  // not TLS, or a version or suite we do not speak
  }

  // Reads what has arrived. False when the connection was closed.
  bool receive(Conn& c) {
    char buf[16384];
    const std::size_t cap = limits.maxHeaderBytes + limits.maxBodyBytes + sizeof buf;
    while (c.in.size() < cap && !c.eof) {
      long n;
      if (c.ssl) {
        ERR_clear_error();
        n = SSL_read(c.ssl, buf, sizeof buf);
        if (n <= 0) {
          int e = SSL_get_error(c.ssl, static_cast<int>(n));
          if (e == SSL_ERROR_WANT_READ) break;
          if (e == SSL_ERROR_WANT_WRITE) {
            c.sslWantsWrite = true;
            break;
          }
          if (e == SSL_ERROR_ZERO_RETURN) {
            c.eof = true;
            break;
          }
          close(c);  // broken
          return false;
        }
        c.sslWantsWrite = false;
      } else {
        n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
        if (n == 0) {
          c.eof = true;
          break;
        }
        if (n < 0) {
          close(c);
          return false;
        }
      }
      if (!c.begun) {
        c.begun = true;
        c.deadline = Clock::now() + limits.requestDeadline;
      }
      c.in.append(buf, static_cast<std::size_t>(n));
    }
    return true;
  }

  // Sends what is queued. False when the connection was closed.
  bool flush(Conn& c) {
    std::size_t sent = 0;
    while (sent < c.out.size()) {
      long n;
      if (c.ssl) {
        ERR_clear_error();
        n = SSL_write(c.ssl, c.out.data() + sent, static_cast<int>(std::min<std::size_t>(c.out.size() - sent, 1 << 20)));
        if (n <= 0) {
          int e = SSL_get_error(c.ssl, static_cast<int>(n));
          if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) break;
          close(c);
          return false;
        }
      } else {
        n = ::send(c.fd, c.out.data() + sent, c.out.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) break;
        if (n <= 0) {
          close(c);
          return false;
        }
      }
      sent += static_cast<std::size_t>(n);
    }
    c.out.erase(0, sent);
    // A long answer to a slow network may take a while: the deadline is for progress. A client that
    // reads slowly on purpose holds a socket and its answer, never a worker.
    if (sent > 0 && c.state == State::writing) c.deadline = Clock::now() + limits.writeDeadline;
    if (c.out.empty() && c.state == State::writing) {
      if (c.closeAfterWrite || !accepting || c.eof) {
        close(c);
        return false;
      }
      // Keep-alive: wait for the next request, holding no thread; it may already be here.
      c.state = State::reading;
      c.begun = !c.in.empty();
      c.sentContinue = false;
      c.deadline = Clock::now() + (c.begun ? limits.requestDeadline : limits.idleTimeout);
      const uint64_t id = c.id;
      arm(c);
      parse(c);
      return conns.count(id) > 0;
    }
    arm(c);
    return true;
  }

  // Answers from the front itself, then closes.
  void refuse(Conn& c, const Error& why) {
    c.in.clear();
    c.out += serialize(refusal(why), false, false);
    c.state = State::writing;
    c.closeAfterWrite = true;
    c.deadline = Clock::now() + std::min(limits.writeDeadline, std::chrono::milliseconds(5000));
    flush(c);
  }

  // A whole request in the buffer goes to a worker; a part of one waits for the rest.
  void parse(Conn& c) {
    if (c.state != State::reading || c.in.empty()) return;
    auto f = frame(c.in, limits.maxHeaderBytes, limits.maxBodyBytes);
    if (f.kind == Framing::Kind::refused) return refuse(c, Error(f.code, f.detail));
    if (f.kind == Framing::Kind::incomplete) {
      if (f.expectsContinue && !c.sentContinue) {
        c.sentContinue = true;
        c.out += "HTTP/1.1 100 Continue\r\n\r\n";
        flush(c);
      }
      return;
    }
    Job job;
    job.conn = c.id;
    job.request = std::move(f.request);
    job.request.clientAddress = c.address;
    job.keepAlive = f.keepAlive && accepting && !c.eof;
    job.headOnly = job.request.method == "HEAD";
    c.in.erase(0, f.consumed);
    {
      std::lock_guard lock(mutex);
      if (queued >= limits.maxQueued) {
        ++counters.refusedBusy;
      } else {
        ++queued;
        jobs.push_back(std::move(job));
        ready.notify_one();
        c.state = State::handling;
        arm(c);
        return;
      }
    }
    refuse(c, Error(Code::unavailable, "服务器繁忙，请稍后再试。"));
  }

  void takeDone() {
    std::deque<Done> finished;
    {
      std::lock_guard lock(mutex);
      finished.swap(done);
    }
    for (auto& d : finished) {
      auto it = conns.find(d.conn);
      if (it == conns.end()) continue;  // the client went away meanwhile
      auto& c = it->second;
      c.out += d.bytes;
      c.closeAfterWrite = d.close;
      c.state = State::writing;
      c.deadline = Clock::now() + limits.writeDeadline;
      flush(c);
    }
  }

  void sweep(Clock::time_point now) {
    if (acceptPausedUntil && now >= *acceptPausedUntil && accepting) {
      acceptPausedUntil.reset();
      epoll_event ev{};
      ev.events = EPOLLIN;
      ev.data.u64 = kListenId;
      epoll_ctl(epollFd, EPOLL_CTL_ADD, listenFd, &ev);
    }
    std::vector<uint64_t> expired;
    for (auto& [id, c] : conns)
      if (c.state != State::handling && now > c.deadline) expired.push_back(id);
    for (auto id : expired) {
      auto it = conns.find(id);
      if (it == conns.end()) continue;
      auto& c = it->second;
      if (c.state == State::reading && c.begun && c.out.empty()) {
        ++counters.timedOut;
        refuse(c, Error(Code::request_timeout,
                         "请求未在 " + std::to_string(limits.requestDeadline.count() / 1000) + " 秒内完整送达。"));
      } else {
        close(c);  // idle keep-alive, unfinished handshake, or a client not reading its answer
      }
    }
  }

  // --- the workers -------------------------------------------------------------------------------

  void work() {
    while (true) {
      Job job;
      {
        std::unique_lock lock(mutex);
        ready.wait(lock, [&] { return workersQuit || !jobs.empty(); });
        if (jobs.empty()) return;
        job = std::move(jobs.front());
        jobs.pop_front();
        --queued;
      }
      WireResponse response;
      try {
        response = handler(job.request);
      } catch (const std::exception& e) {
        spdlog::error("request handler threw: {}", e.what());
        response = refusal(Error(Code::internal, "服务器内部错误。"));
      }
      bool keepAlive = job.keepAlive && !response.close;
      Done d{job.conn, serialize(response, keepAlive, job.headOnly), !keepAlive};
      {
        std::lock_guard lock(mutex);
        done.push_back(std::move(d));
      }
      uint64_t one = 1;
      [[maybe_unused]] auto w = ::write(wakeFd, &one, sizeof one);
    }
  }
};

ConnectionFront::ConnectionFront(FrontLimits limits, Handler handler, Refusal refusal, SSL_CTX* tls)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(refusal), tls)) {}

ConnectionFront::~ConnectionFront() { stop(); }

const FrontCounters& ConnectionFront::counters() const { return impl_->counters; }

void ConnectionFront::start(int listenFd) {
  auto& i = *impl_;
  // Each connection is a file descriptor: allow as many as the system lets this process have.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  i.listenFd = listenFd;
  int flags = fcntl(listenFd, F_GETFL, 0);
  fcntl(listenFd, F_SETFL, flags | O_NONBLOCK);
  i.epollFd = epoll_create1(EPOLL_CLOEXEC);
  i.wakeFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (i.epollFd < 0 || i.wakeFd < 0) throw std::runtime_error(std::string("epoll/eventfd: ") + std::strerror(errno));
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenId;
  epoll_ctl(i.epollFd, EPOLL_CTL_ADD, listenFd, &ev);
  ev.data.u64 = kWakeId;
  epoll_ctl(i.epollFd, EPOLL_CTL_ADD, i.wakeFd, &ev);
  for (int w = 0; w < i.limits.workers; ++w) i.workers.emplace_back([&i] { i.work(); });
  i.reactor = std::thread([&i] { i.run(); });
}

void ConnectionFront::stop() {
  auto& i = *impl_;
  if (!i.reactor.joinable()) return;
  i.stopping = true;
  i.reactor.join();
  {
    std::lock_guard lock(i.mutex);
    i.workersQuit = true;
  }
  i.ready.notify_all();
  for (auto& w : i.workers) w.join();
  i.workers.clear();
  ::close(i.epollFd);
  ::close(i.wakeFd);
}

}  // namespace sr::server
