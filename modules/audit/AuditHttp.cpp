#include <chrono>
#include <ctime>

#include "audit/AuditLog.h"
#include "audit/Verifications.h"
#include "common/Sheet.h"
#include "common/Time.h"

namespace sr::audit {

namespace {
// Epoch milliseconds of a day's start in China (UTC+8, no daylight saving).
int64_t chinaDayStartMs(const Date& d) {
  return (static_cast<int64_t>(std::chrono::sys_days{d}.time_since_epoch().count()) * 86400 - 8 * 3600) * 1000;
}

// The search of an auditor (issue #15): ?username= ?action= (exact, or a prefix ending in ".")
// ?entity= ?entity_id= ?from=&to= (days in China, both included); a bureau within its area.
Filter filterOf(const http::Request& r) {
  const auto& who = r.who();
  Filter f;
  f.scopePrefix = who.role == http::Role::admin ? "" : who.jurisdictionPath;
  f.entity = r.queryParam("entity");
  f.entityId = r.idQuery("entity_id");
  f.username = r.queryParam("username");
  f.action = r.queryParam("action");
  for (auto* text : {&f.entity, &f.username, &f.action})
    if (*text && (*text)->empty()) text->reset();
  auto from = r.dateQuery("from"), to = r.dateQuery("to");
  if (from && to && *to < *from)
    throw Error(Code::validation_failed, "Invalid range.", {{"to", "must be on or after from"}});
  if (from) f.fromMs = chinaDayStartMs(*from);
  if (to) f.beforeMs = chinaDayStartMs(addDays(*to, 1));
  return f;
}

// "2026-03-05 14:07:09" in China time.
std::string chinaTime(int64_t atMs) {
  std::time_t seconds = static_cast<std::time_t>(atMs / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

json::Obj recordJson(const Record& rec) {
  auto o = json::object();
  o->set("seq", rec.seq);
  o->set("at", rfc3339Millis(rec.atMs));
  o->set("user_id", json::orNull(rec.userId));
  o->set("username", rec.username);
  o->set("role", rec.role);
  o->set("action", rec.action);
  o->set("entity", rec.entity);
  o->set("entity_id", json::orNull(rec.entityId));
  o->set("changes", json::parseObject(rec.changes));
  o->set("request_id", rec.requestId);
  o->set("client_address", rec.clientAddress);
  o->set("user_agent", rec.userAgent);
  o->set("hash", rec.hash);
  return o;
}

// A check as the caller reads it: `problem` as recorded (English), `problem_detail` in the
// caller's language.
json::Obj said(json::Obj job, messages::Lang lang) {
  if (!job->isNull("problem"))
    job->set("problem_detail", messages::say(job->getValue<std::string>("problem"), lang, "审计链有问题"));
  return job;
}

// At most this many records in one export: a year of a county is far below it; a whole province
// narrows the range first.
constexpr int64_t kMaxExportRows = 200000;
}  // namespace

void registerRoutes(http::RouteTable& routes, db::Database& db, const AuditLog& log, Verifications& checks) {
  using http::Role;
  routes.add("GET", "/api/v1/audit/head", http::Permission::only({Role::admin}),
             "The audit chain's newest record {seq, hash}: keep it elsewhere to check the chain later",
             [&db, &log](const http::Request&) {
               auto head = log.head(db);
               auto o = json::object();
               o->set("seq", head.seq);
               o->set("hash", head.hash);
               return http::Response::json(o);
             });
  routes.add("GET", "/api/v1/audit", http::Permission::only({Role::admin, Role::bureau}),
             "Audit records in the caller's jurisdiction (admin: all), oldest first; ?username= ?action= (exact or a "
             "prefix ending in \".\") ?entity= ?entity_id= ?from=&to= (days, China time)",
             [&db, &log](const http::Request& r) {
               int limit = r.limit();
               auto records = log.list(db, filterOf(r), http::cursorAfter(r), limit + 1);
               auto items = json::array();
               std::optional<int64_t> next;
               for (std::size_t i = 0; i < records.size(); ++i) {
                 if (static_cast<int>(i) == limit) {
                   next = records[i - 1].seq;
                   break;
                 }
                 items->add(recordJson(records[i]));
               }
               return http::Response::json(http::listPage(items, next));
             });
  routes.add("POST", "/api/v1/audit/verifications", http::Permission::only({Role::admin}),
             "Checks the whole keyed chain as a job: 202 {\"id\",\"state\",\"total\",\"checked\",...}, or 200 with "
             "the check already running",
             [&checks](const http::Request& r) {
               bool started = false;
               auto job = checks.start(r.actor(), started);
               return http::Response::json(said(job, r.lang()), started ? 202 : 200);
             });
  routes.add("GET", "/api/v1/audit/verifications", http::Permission::only({Role::admin}),
             "The latest checks of the chain, newest first",
             [&checks](const http::Request& r) {
               auto items = checks.latest(20);
               for (std::size_t i = 0; i < items->size(); ++i) said(items->getObject(static_cast<unsigned>(i)), r.lang());
               return http::Response::json(http::listPage(items, std::nullopt));
             });
  routes.add("GET", "/api/v1/audit/verifications/{id}", http::Permission::only({Role::admin}),
             "A check's progress and result: state running|done|failed|interrupted, checked of total, ok, "
             "first_bad_seq, problem",
             [&checks](const http::Request& r) { return http::Response::json(said(checks.get(r.pathId("id")), r.lang())); });
  routes.add("GET", "/api/v1/audit/export", http::Permission::only({Role::admin, Role::bureau}),
             "The records the same filters find, as ?format=xlsx (default) or csv, at most 200,000 (audited)",
             [&db, &log](const http::Request& r) {
               auto filter = filterOf(r);
               auto choice = sheet::choose(r, sheet::Format::xlsx);
               using sheet::Kind;
               auto book = sheet::writer(choice);
               book->beginSheet(choice.chinese ? "审计日志" : "audit", {{"序号", "seq", Kind::integer},
                                                                      {"时间", "time (China)", Kind::text},
                                                                      {"用户", "user", Kind::text},
                                                                      {"角色", "role", Kind::text},
                                                                      {"操作", "action", Kind::text},
                                                                      {"对象", "entity", Kind::text},
                                                                      {"对象编号", "entity id", Kind::identifier},
                                                                      {"变更内容", "changes", Kind::text},
                                                                      {"客户端地址", "client address", Kind::text},
                                                                      {"请求号", "request id", Kind::identifier}});
               int64_t after = 0, rows = 0;
               // Chunk by chunk, each read only reading (a retried read writes no row twice).
               for (;;) {
                 auto chunk = log.list(db, filter, after, 5000);
                 for (const auto& rec : chunk) {
                   if (rows == kMaxExportRows)
                     throw Error(Code::validation_failed, "More than 200,000 records: narrow the range.",
                                 {{"from", "more than 200000 records match; choose a shorter range"}});
                   ++rows;
                   book->row({rec.seq, chinaTime(rec.atMs), rec.username, rec.role, rec.action, rec.entity,
                              rec.entityId ? std::to_string(*rec.entityId) : std::string(), rec.changes,
                              rec.clientAddress, rec.requestId});
                 }
                 if (chunk.size() < 5000) break;
                 after = chunk.back().seq;
               }
               auto body = book->finish();
               db.transaction([&](db::Connection& c) {
                 auto what = json::object();
                 what->set("rows", rows);
                 for (const char* key : {"username", "action", "entity", "entity_id", "from", "to"})
                   if (auto v = r.queryParam(key)) what->set(key, *v);
                 log.append(c, r.actor(), {"audit.export", "audit", std::nullopt, filter.scopePrefix, nullptr, what});
               });
               return sheet::download(std::move(body), choice.format, "审计日志", "audit");
             });
}

}  // namespace sr::audit
