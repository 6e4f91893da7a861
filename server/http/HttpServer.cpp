#include "http/HttpServer.h"

#include <cctype>
#include <chrono>

#include <openssl/ssl.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/ServerSocket.h>
#include <sys/socket.h>
#include <spdlog/spdlog.h>

#include "common/Crypto.h"
#include "http/Connections.h"

namespace sr::server {

std::string problemJson(const Error& e, const std::string& instance, messages::Lang lang) {
  auto o = json::object();
  o->set("type", "urn:socialroll:problem:" + std::string(codeName(e.code())));
  o->set("title", messages::title(e.code(), lang));
  o->set("status", httpStatus(e.code()));
  o->set("detail", messages::detail(e, lang));
  o->set("code", std::string(codeName(e.code())));
  o->set("instance", instance);
  auto errors = json::array();
  for (const auto& f : e.fields()) {
    // `message` stays English (the contract); `detail` is the reason in the caller's language.
    auto said = messages::describe(f, lang);
    auto fe = json::object();
    fe->set("field", f.field);
    fe->set("message", f.message);
    fe->set("code", said.code);
    fe->set("params", said.params);
    fe->set("detail", said.text);
    errors->add(fe);
  }
  o->set("errors", errors);
  return json::stringify(o);
}

namespace {
std::string requestIdFrom(const WireRequest& req) {
  auto given = req.header("X-Request-Id");
  bool ok = !given.empty() && given.size() <= 64;
  for (char c : given) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  return ok ? given : crypto::toHex(crypto::randomBytes(8));
}
}  // namespace

// A whole request, read by the connection front, through the router to its handler.
class ApiRequestHandler {
 public:
  explicit ApiRequestHandler(HttpServer& server) : s_(server) {}

  WireResponse handle(WireRequest& req) {
    auto started = std::chrono::steady_clock::now();
    ++s_.inFlight_;
    http::Request request;
    request.requestId = requestIdFrom(req);
    request.method = req.method;
    request.clientAddress = req.clientAddress;
    request.userAgent = req.header("User-Agent").substr(0, 200);
    // What handlers may read (Content-Type, Accept-Language), by lower-case name, the first of a
    // name; the credentials stay here.
    for (const auto& [name, value] : req.headers) {
      std::string lower(name);
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower != "authorization" && lower != "cookie") request.headers.emplace(lower, value);
    }
    std::vector<std::pair<std::string, std::string>> extraHeaders;
    std::string routeName = "unmatched";
    http::Response response;
    http::Principal principal;
    try {
      // A malformed escape ("/%", "?q=%zz") is the client's error, answered 400 before any route
      // (it was an unauthenticated 500: issue #13, finding 9).
      auto target = parseTarget(req.target);
      request.path = std::move(target.path);
      request.query = std::move(target.query);
      auto match = s_.router_.match(request.method, request.path);
      if (!match.route) {
        if (!match.allowedMethods.empty()) {
          std::string allow;
          for (const auto& m : match.allowedMethods) allow += (allow.empty() ? "" : ", ") + m;
          extraHeaders.emplace_back("Allow", allow);
          throw Error(Code::method_not_allowed, request.method + " is not allowed here; use " + allow + ".");
        }
        std::string hint;
        for (const auto& p : s_.router_.suggest(request.path)) hint += (hint.empty() ? "" : ", ") + p;
        throw Error(Code::not_found, hint.empty() ? "No such path; see /api/v1/openapi.json."
                                                  : "No such path. Did you mean: " + hint + "?");
      }
      const auto& route = *match.route;
      routeName = route.method + " " + route.pattern;
      request.params = std::move(match.params);
      if (!route.permission.isPublic) {
        auto auth = req.header("Authorization");
        if (auth.size() <= 7 || auth.compare(0, 7, "Bearer ") != 0)
          throw Error(Code::unauthenticated, "Send Authorization: Bearer <token>.");
        principal = s_.authenticate_(auth.substr(7));
        request.principal = &principal;
        if (principal.mustChangePassword && !route.permission.beforeOwnPassword)
          throw Error(Code::password_change_required,
                      "Your password was set by someone else: set your own first (PUT /api/v1/me/password).");
        if (!route.permission.allows(principal.role))
          throw Error(Code::forbidden, "Your role (" + std::string(http::roleName(principal.role)) +
                                           ") may not do this.");
      }
      // The front has read the body whole, within server.max_body_bytes.
      if (request.method == "POST" || request.method == "PUT" || request.method == "PATCH")
        request.body = std::move(req.body);
      response = route.handler(request);
    } catch (const Error& e) {
      response = problem(e, request);
    } catch (const db::UniqueViolation& e) {
      response = problem(Error(Code::conflict, "The record conflicts with an existing one.", {}, e.what()), request);
    } catch (const db::ConnectionLost& e) {
      // Work outside Database::transaction/read is not retried; the client may safely try again.
      response = problem(Error(Code::unavailable, "The database connection was lost; try again.", {}, e.what()), request);
    } catch (const std::exception& e) {
      spdlog::error("request {} failed: {}", request.requestId, e.what());
      response = problem(Error(Code::internal, "Something went wrong; the request id is " + request.requestId + "."),
                         request);
    }
    auto wire = toWire(response, request.requestId, std::move(extraHeaders));
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s_.metrics_.observe(routeName, response.status, seconds);
    --s_.inFlight_;
    // Route patterns only: paths and queries may carry ID numbers, which never reach the log.
    spdlog::info("request_id={} route=\"{}\" status={} duration_ms={:.2f} user_id={}", request.requestId, routeName,
                 response.status, seconds * 1000, request.principal ? request.principal->userId : 0);
    return wire;
  }

 private:
  http::Response problem(const Error& e, const http::Request& request) {
    if (e.code() == Code::internal || !e.logDetail().empty())
      spdlog::warn("request {}: {} ({})", request.requestId, e.detail(), e.logDetail());
    auto lang = request.lang();
    auto r = http::Response::text(problemJson(e, request.path, lang), "application/problem+json", httpStatus(e.code()));
    if (e.retryAfter() > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retryAfter()));
    return r;
  }

  WireResponse toWire(const http::Response& r, const std::string& requestId,
                      std::vector<std::pair<std::string, std::string>> headers) {
    WireResponse w;
    w.status = r.status;
    w.headers = std::move(headers);
    w.headers.emplace_back("X-Request-Id", requestId);
    s_.securityHeaders(w);
    for (const auto& [k, v] : r.headers) w.set(k, v);
    if (r.status != 204) {
      w.set("Content-Type", r.contentType.empty() ? "application/json" : r.contentType);
      w.body = r.body;
    }
    return w;
  }

  HttpServer& s_;
};

HttpServer::HttpServer(HttpSettings settings, const Router& router, Authenticator authenticate)
    : settings_(std::move(settings)), router_(router), authenticate_(std::move(authenticate)) {}

HttpServer::~HttpServer() { stop(); }

namespace {
// TLS 1.2 and 1.3 only, ECDHE key exchange with AES-GCM or ChaCha20-Poly1305 (TLS 1.3's suites
// are all of that kind); the server's order wins. No client certificates.
Poco::Net::Context::Ptr serverContext(const HttpSettings& s) {
  Poco::Net::initializeSSL();
  Poco::Net::Context::Params params;
  params.certificateFile = s.tlsCertFile;
  params.privateKeyFile = s.tlsKeyFile;
  params.verificationMode = Poco::Net::Context::VERIFY_NONE;
  params.cipherList = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL:!eNULL:!SHA1";
  params.loadDefaultCAs = false;
  Poco::Net::Context::Ptr context;
  try {
    context = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot use server.tls.cert_file / key_file: " + e.displayText());
  }
  context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
  context->preferServerCiphers();
  return context;
}
}  // namespace

struct HttpServer::Listener {
  Poco::Net::ServerSocket socket;
  Poco::Net::Context::Ptr tls;
  std::unique_ptr<ApiRequestHandler> handler;
  std::unique_ptr<ConnectionFront> front;
};

void HttpServer::securityHeaders(WireResponse& w) const {
  w.headers.emplace_back("X-Content-Type-Options", "nosniff");
  w.headers.emplace_back("Cache-Control", "no-store");
  // Served over TLS, browsers are told to come back only over TLS, for a year.
  if (settings_.tls()) w.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
}

void HttpServer::start() {
  auto address = Poco::Net::SocketAddress(settings_.bindOrDefault(), static_cast<Poco::UInt16>(settings_.port));
  auto l = std::make_unique<Listener>();
  if (settings_.tls()) {
    l->tls = serverContext(settings_);
    SSL_CTX_set_options(l->tls->sslContext(), SSL_OP_NO_RENEGOTIATION);
  }
  l->socket.bind(address, true, false);
  // The kernel's accept queue must hold a burst: with 256, 2,000 connections opened at once from
  // one address overflowed it while the front was still refusing them, and a bystander's SYN was
  // dropped and retried a second later (CI measured p99 1,002 ms). SOMAXCONN asks for the most the
  // kernel allows (net.core.somaxconn caps it: 4096 on Debian 12).
  l->socket.listen(SOMAXCONN);
  boundPort_ = l->socket.address().port();
  l->handler = std::make_unique<ApiRequestHandler>(*this);
  FrontLimits limits;
  limits.workers = settings_.threads;
  limits.maxConnections = settings_.maxConnections;
  limits.maxPerAddress = settings_.maxConnectionsPerAddress;
  limits.requestDeadline = std::chrono::milliseconds(settings_.requestDeadlineMs);
  limits.idleTimeout = std::chrono::milliseconds(settings_.keepAliveMs);
  limits.maxBodyBytes = settings_.maxBodyBytes;
  auto* handler = l->handler.get();
  l->front = std::make_unique<ConnectionFront>(
      limits, [handler](WireRequest& r) { return handler->handle(r); },
      [this](const Error& why) { return refusal(why); },
      l->tls ? l->tls->sslContext() : nullptr);
  l->front->start(l->socket.impl()->sockfd());
  listener_ = std::move(l);
}

// The front's own answers, as problem documents like every other error.
WireResponse HttpServer::refusal(const Error& why) const {
  WireResponse w;
  w.status = httpStatus(why.code());
  w.close = true;
  w.headers.emplace_back("X-Request-Id", crypto::toHex(crypto::randomBytes(8)));
  securityHeaders(w);
  w.headers.emplace_back("Content-Type", "application/problem+json");
  if (why.code() == Code::unavailable) w.headers.emplace_back("Retry-After", "1");
  // The front answers before a request is read whole: in English, which the web interface
  // replaces by its own words for the code.
  w.body = problemJson(why, "", messages::Lang::en);
  return w;
}

void HttpServer::stop() {
  if (!listener_) return;
  listener_->front->stop();  // in-flight requests finish; idle connections close
  listener_->socket.close();
  listener_.reset();
}

const FrontCounters* HttpServer::connections() const { return listener_ ? &listener_->front->counters() : nullptr; }

}  // namespace sr::server
