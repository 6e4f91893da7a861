#include "http/HttpServer.h"

#include <chrono>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <spdlog/spdlog.h>

#include "common/Crypto.h"

namespace sr::server {

std::string problemJson(const Error& e, const std::string& instance) {
  auto o = json::object();
  o->set("type", "urn:socialroll:problem:" + std::string(codeName(e.code())));
  o->set("title", std::string(codeTitle(e.code())));
  o->set("status", httpStatus(e.code()));
  o->set("detail", e.detail());
  o->set("code", std::string(codeName(e.code())));
  o->set("instance", instance);
  auto errors = json::array();
  for (const auto& f : e.fields()) {
    auto fe = json::object();
    fe->set("field", f.field);
    fe->set("message", f.message);
    errors->add(fe);
  }
  o->set("errors", errors);
  return json::stringify(o);
}

namespace {
std::string requestIdFrom(const Poco::Net::HTTPServerRequest& req) {
  auto given = req.get("X-Request-Id", "");
  bool ok = !given.empty() && given.size() <= 64;
  for (char c : given) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_');
  return ok ? given : crypto::toHex(crypto::randomBytes(8));
}

std::string readBody(Poco::Net::HTTPServerRequest& req, std::size_t max) {
  // Without a length or chunking an HTTP/1.1 request has no body; reading would wait for close.
  if (!req.hasContentLength() && !req.getChunkedTransferEncoding()) return {};
  if (req.hasContentLength() && req.getContentLength64() > static_cast<Poco::Int64>(max))
    throw Error(Code::payload_too_large, "The request body is larger than " + std::to_string(max) + " bytes.");
  std::string body;
  char buf[8192];
  auto& in = req.stream();
  while (in) {
    in.read(buf, sizeof buf);
    body.append(buf, static_cast<std::size_t>(in.gcount()));
    if (body.size() > max)
      throw Error(Code::payload_too_large, "The request body is larger than " + std::to_string(max) + " bytes.");
  }
  return body;
}
}  // namespace

class ApiRequestHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ApiRequestHandler(HttpServer& server) : s_(server) {}

  void handleRequest(Poco::Net::HTTPServerRequest& req, Poco::Net::HTTPServerResponse& resp) override {
    auto started = std::chrono::steady_clock::now();
    ++s_.inFlight_;
    http::Request request;
    request.requestId = requestIdFrom(req);
    request.method = req.getMethod();
    request.clientAddress = req.clientAddress().host().toString();
    request.userAgent = req.get("User-Agent", "").substr(0, 200);
    std::string routeName = "unmatched";
    http::Response response;
    http::Principal principal;
    try {
      // A malformed escape ("/%", "?q=%zz") is the client's error, answered 400 before any route
      // (it was an unauthenticated 500: issue #13, finding 9).
      Poco::URI uri;
      try {
        uri = Poco::URI(req.getURI());
        request.path = uri.getPath();
        for (const auto& [k, v] : uri.getQueryParameters()) request.query[k] = v;
      } catch (const Poco::Exception&) {
        throw Error(Code::bad_request, "The request's URL is malformed (a % must be followed by two hex digits).");
      }
      auto match = s_.router_.match(request.method, request.path);
      if (!match.route) {
        if (!match.allowedMethods.empty()) {
          std::string allow;
          for (const auto& m : match.allowedMethods) allow += (allow.empty() ? "" : ", ") + m;
          resp.set("Allow", allow);
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
        auto auth = req.get("Authorization", "");
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
      if (request.method == "POST" || request.method == "PUT" || request.method == "PATCH")
        request.body = readBody(req, s_.settings_.maxBodyBytes);
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
    send(resp, response, request.requestId);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s_.metrics_.observe(routeName, response.status, seconds);
    --s_.inFlight_;
    // Route patterns only: paths and queries may carry ID numbers, which never reach the log.
    spdlog::info("request_id={} route=\"{}\" status={} duration_ms={:.2f} user_id={}", request.requestId, routeName,
                 response.status, seconds * 1000, request.principal ? request.principal->userId : 0);
  }

 private:
  http::Response problem(const Error& e, const http::Request& request) {
    if (e.code() == Code::internal || !e.logDetail().empty())
      spdlog::warn("request {}: {} ({})", request.requestId, e.detail(), e.logDetail());
    auto r = http::Response::text(problemJson(e, request.path), "application/problem+json", httpStatus(e.code()));
    if (e.retryAfter() > 0) r.headers.emplace_back("Retry-After", std::to_string(e.retryAfter()));
    return r;
  }

  void send(Poco::Net::HTTPServerResponse& resp, const http::Response& r, const std::string& requestId) {
    resp.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(r.status));
    resp.set("X-Request-Id", requestId);
    resp.set("X-Content-Type-Options", "nosniff");
    resp.set("Cache-Control", "no-store");
    // Served over TLS, browsers are told to come back only over TLS, for a year.
    if (s_.settings_.tls()) resp.set("Strict-Transport-Security", "max-age=31536000");
    for (const auto& [k, v] : r.headers) resp.set(k, v);
    if (r.status == 413) resp.setKeepAlive(false);  // the unread body makes the connection unusable
    if (r.status == 204) {
      resp.setContentLength(0);
      resp.send();
      return;
    }
    resp.setContentType(r.contentType.empty() ? "application/json" : r.contentType);
    resp.setContentLength64(static_cast<Poco::Int64>(r.body.size()));
    resp.send() << r.body;
  }

  HttpServer& s_;
};

namespace {
class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(HttpServer& server) : server_(server) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
    return new ApiRequestHandler(server_);
  }

 private:
  HttpServer& server_;
};
}  // namespace

HttpServer::HttpServer(HttpSettings settings, const Router& router, Authenticator authenticate, db::Database& db)
    : settings_(std::move(settings)), router_(router), authenticate_(std::move(authenticate)), db_(db) {}

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

void HttpServer::start() {
  auto address = Poco::Net::SocketAddress(settings_.bindOrDefault(), static_cast<Poco::UInt16>(settings_.port));
  Poco::Net::ServerSocket socket = settings_.tls() ? Poco::Net::SecureServerSocket(serverContext(settings_))
                                                   : Poco::Net::ServerSocket();
  socket.bind(address, true, false);
  socket.listen(256);
  boundPort_ = socket.address().port();
  auto params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(settings_.threads);
  params->setMaxQueued(256);
  params->setKeepAlive(true);
  params->setKeepAliveTimeout(Poco::Timespan(5, 0));
  params->setTimeout(Poco::Timespan(30, 0));
  threads_ = std::make_unique<Poco::ThreadPool>(2, settings_.threads);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), *threads_, socket, params);
  server_->start();
}

void HttpServer::stop() {
  if (!server_) return;
  server_->stopAll(false);  // in-flight requests finish; keep-alive connections close after them
  threads_->joinAll();
  server_.reset();
  threads_.reset();
}

}  // namespace sr::server
