#include "common/RateLimit.h"

#include <algorithm>

#include "common/Crypto.h"
#include "common/Error.h"

namespace sr::ratelimit {

int64_t waitAfter(const Rule& rule, int hits) {
  if (hits <= rule.freeHits) return 0;
  int64_t wait = rule.firstWait;
  for (int i = rule.freeHits + 1; i < hits && wait < rule.maxWait; ++i) wait *= 2;
  return std::min(wait, rule.maxWait);
}

std::string keyHash(const std::string& key) { return crypto::sha256Hex("rate-limit\x1f" + key); }

int64_t waitingFor(db::Connection& c, const std::vector<std::string>& keys, int64_t now) {
  if (keys.empty()) return 0;
  db::Params params;
  for (const auto& k : keys) params.emplace_back(keyHash(k));
  int64_t until = 0;
  for (auto& r : c.query("SELECT blocked_until FROM rate_limits WHERE key_hash IN (" + db::placeholders(keys.size()) + ")",
                         params))
    until = std::max(until, r.i64("blocked_until"));
  return until > now ? until - now : 0;
}

int64_t hit(db::Connection& c, const std::string& key, const Rule& rule, int64_t now) {
  const auto hash = keyHash(key);
  const int64_t windowStartedBefore = now - rule.window;  // a window that began before this is over
  // One statement, so hits sent at once are all counted; a window that has ended starts again.
  if (c.engine() == db::Engine::sqlite)
    c.execute("INSERT INTO rate_limits (key_hash, hits, window_start, blocked_until) VALUES (?, 1, ?, 0) "
              "ON CONFLICT(key_hash) DO UPDATE SET "
              "hits = CASE WHEN rate_limits.window_start < ? THEN 1 ELSE rate_limits.hits + 1 END, "
              "window_start = CASE WHEN rate_limits.window_start < ? THEN excluded.window_start "
              "ELSE rate_limits.window_start END",
              {hash, now, windowStartedBefore, windowStartedBefore});
  else  // MySQL assigns left to right: window_start is still the old one when hits is decided
    c.execute("INSERT INTO rate_limits (key_hash, hits, window_start, blocked_until) VALUES (?, 1, ?, 0) "
              "ON DUPLICATE KEY UPDATE hits = IF(window_start < ?, 1, hits + 1), "
              "window_start = IF(window_start < ?, VALUES(window_start), window_start)",
              {hash, now, windowStartedBefore, windowStartedBefore});
  // The row is this transaction's now (written above): its count is exact.
  auto hits = static_cast<int>(c.queryOne("SELECT hits FROM rate_limits WHERE key_hash = ?", {hash})->i64("hits"));
  const int64_t wait = waitAfter(rule, hits);
  if (wait > 0) c.execute("UPDATE rate_limits SET blocked_until = ? WHERE key_hash = ?", {now + wait, hash});
  return wait;
}

void require(db::Connection& c, const std::string& key, const Rule& rule, int64_t now) {
  if (auto wait = waitingFor(c, {key}, now); wait > 0)
    throw Error(Code::rate_limited, "Too many requests of this kind; wait " + std::to_string(wait) + " s and try again.")
        .withRetryAfter(wait);
  hit(c, key, rule, now);
}

std::string idSearchKey(int64_t userId) { return "id-search|user|" + std::to_string(userId); }

void clear(db::Connection& c, const std::string& key) {
  c.execute("DELETE FROM rate_limits WHERE key_hash = ?", {keyHash(key)});
}

int64_t prune(db::Connection& c, int64_t now, int64_t olderThan) {
  return c.execute("DELETE FROM rate_limits WHERE window_start < ? AND blocked_until < ?", {now - olderThan, now});
}

}  // namespace sr::ratelimit
