#include "audit/Verifications.h"

#include <spdlog/spdlog.h>

#include "common/Time.h"

namespace sr::audit {

namespace {
constexpr const char* kCols =
    "SELECT id, requested_at, heartbeat_at, state, total, checked, ok, first_bad_seq, problem, finished_at "
    "FROM audit_verifications";
// Progress is written at most this often: a heartbeat, not a write per thousand records.
constexpr int64_t kBeatMs = 1000;
}  // namespace

json::Obj Verifications::toJson(const db::Row& r) const {
  auto o = json::object();
  std::string state = r.str("state");
  if (state == "running" && nowSeconds() - r.i64("heartbeat_at") > staleSeconds_) state = "interrupted";
  o->set("id", r.i64("id"));
  o->set("state", state);  // running | done | failed | interrupted
  o->set("total", r.i64("total"));
  o->set("checked", r.i64("checked"));
  o->set("ok", r.isNull("ok") ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.i64("ok") != 0));
  o->set("first_bad_seq", json::orNull(r.optI64("first_bad_seq")));
  o->set("problem", r.isNull("problem") ? Poco::Dynamic::Var() : Poco::Dynamic::Var(r.str("problem")));
  o->set("requested_at", rfc3339(r.i64("requested_at")));
  o->set("finished_at", r.isNull("finished_at") ? Poco::Dynamic::Var() : Poco::Dynamic::Var(rfc3339(r.i64("finished_at"))));
  return o;
}

json::Obj Verifications::start(const http::Actor& actor, bool& started) {
  const int64_t total = log_.head(db_).seq;
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      int64_t id = db_.transact<int64_t>([&](db::Connection& c) {
        const int64_t now = nowSeconds();
        auto made = c.insert("INSERT INTO audit_verifications (requested_by, requested_at, heartbeat_at, running, state, total) "
                             "VALUES (?, ?, ?, 1, 'running', ?)",
                             {db::nullable(actor.userId), now, now, total});
        auto after = json::object();
        after->set("total", total);
        log_.append(c, actor, {"audit.verify_start", "audit_verification", made, "", nullptr, after});
        return made;
      });
      started = true;
      jobs_.post([this, id, actor] { run(id, actor); });
      return get(id);
    } catch (const db::UniqueViolation&) {
      // One is running: answer it, unless its server stopped beating; then it is over.
      auto running = db_.read<std::optional<db::Row>>(
          [](db::Connection& c) { return c.queryOne(std::string(kCols) + " WHERE running = 1"); });
      if (!running) continue;  // it finished meanwhile
      if (nowSeconds() - running->i64("heartbeat_at") <= staleSeconds_) {
        started = false;
        return toJson(*running);
      }
      db_.transaction([&](db::Connection& c) {
        c.execute("UPDATE audit_verifications SET running = NULL, state = 'interrupted', finished_at = ? "
                  "WHERE id = ? AND running = 1 AND heartbeat_at < ?",
                  {nowSeconds(), running->i64("id"), nowSeconds() - staleSeconds_});
      });
    }
  }
  throw Error(Code::conflict, "Another check of the audit chain is starting; try again.");
}

void Verifications::run(int64_t id, const http::Actor& actor) {
  int64_t lastBeat = 0;
  auto beat = [&](int64_t checked, int64_t total) {
    if (stopping_) throw std::runtime_error("the server stopped during the check");
    if (checked > 0 && nowMillis() - lastBeat < kBeatMs) return;  // the start (the real total) always
    lastBeat = nowMillis();
    db_.transaction([&](db::Connection& c) {
      c.execute("UPDATE audit_verifications SET checked = ?, total = ?, heartbeat_at = ? WHERE id = ? AND running = 1",
                {checked, total, nowSeconds(), id});
    });
  };
  try {
    auto result = log_.verify(db_, beat);
    db_.transaction([&](db::Connection& c) {
      const auto n = c.execute(
          "UPDATE audit_verifications SET running = NULL, state = 'done', checked = ?, ok = ?, first_bad_seq = ?, "
          "problem = ?, heartbeat_at = ?, finished_at = ? WHERE id = ? AND running = 1",
          {result.checked, int64_t{result.ok ? 1 : 0}, db::nullable(result.firstBadSeq),
           result.ok ? db::Param(nullptr) : db::Param(result.problem), nowSeconds(), nowSeconds(), id});
      if (n == 0) return;  // taken for interrupted meanwhile: its answer is no longer awaited
      auto after = json::object();
      after->set("ok", result.ok);
      after->set("checked", result.checked);
      after->set("first_bad_seq", json::orNull(result.firstBadSeq));
      log_.append(c, actor, {"audit.verify_done", "audit_verification", id, "", nullptr, after});
    });
  } catch (const std::exception& e) {
    spdlog::error("audit chain check {} failed: {}", id, e.what());
    db_.transaction([&](db::Connection& c) {
      c.execute("UPDATE audit_verifications SET running = NULL, state = ?, problem = ?, finished_at = ? "
                "WHERE id = ? AND running = 1",
                {std::string(stopping_ ? "interrupted" : "failed"), std::string(e.what()).substr(0, 500), nowSeconds(), id});
    });
  }
}

json::Obj Verifications::get(int64_t id) const {
  auto row = db_.read<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.queryOne(std::string(kCols) + " WHERE id = ?", {id}); });
  if (!row) throw Error(Code::not_found, "No such check of the audit chain.");
  return toJson(*row);
}

json::Arr Verifications::latest(int limit) const {
  auto rows = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query(std::string(kCols) + " ORDER BY id DESC LIMIT ?", {int64_t{limit}});
  });
  auto out = json::array();
  for (const auto& r : rows) out->add(toJson(r));
  return out;
}

}  // namespace sr::audit
