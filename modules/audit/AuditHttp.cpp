#include "audit/AuditLog.h"
#include "common/Time.h"

namespace sr::audit {

void registerRoutes(http::RouteTable& routes, db::Database& db, const AuditLog& log) {
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
             "Audit records in the caller's jurisdiction (admin: all), oldest first; ?entity=&entity_id=",
             [&db, &log](const http::Request& r) {
               const auto& who = r.who();
               std::string prefix = who.role == Role::admin ? "" : who.jurisdictionPath;
               std::optional<int64_t> entityId;
               if (auto s = r.queryParam("entity_id")) {
                 try {
                   entityId = std::stoll(*s);
                 } catch (...) {
                   throw Error(Code::validation_failed, "Invalid filter.", {{"entity_id", "must be an integer"}});
                 }
               }
               int limit = r.limit();
               auto records = log.list(db, prefix, http::cursorAfter(r), limit + 1, r.queryParam("entity"), entityId);
               auto items = json::array();
               std::optional<int64_t> next;
               for (std::size_t i = 0; i < records.size(); ++i) {
                 const auto& rec = records[i];
                 if (static_cast<int>(i) == limit) {
                   next = records[i - 1].seq;
                   break;
                 }
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
                 items->add(o);
               }
               return http::Response::json(http::listPage(items, next));
             });
}

}  // namespace sr::audit
