#include "audit/AuditLog.h"

#include "common/Crypto.h"
#include "common/Mask.h"
#include "common/Time.h"

namespace sr::audit {

namespace {
constexpr std::string_view kSelect =
    "SELECT seq, at_ms, user_id, username, role, action, entity, entity_id, scope_path, changes, request_id, "
    "prev_hash, hash, client_address, user_agent FROM audit_log";

Record fromRow(const db::Row& r) {
  return Record{r.i64("seq"),     r.i64("at_ms"),      r.optI64("user_id"),   r.str("username"), r.str("role"),
                r.str("action"),  r.str("entity"),     r.optI64("entity_id"), r.str("scope_path"),
                r.str("changes"), r.str("request_id"), r.str("prev_hash"),    r.str("hash"),
                r.optStr("client_address").value_or(""), r.optStr("user_agent").value_or("")};
}

// The fields every record has had since the first version, as a JSON array: an unambiguous
// encoding, no field can run into the next.
json::Arr baseContent(const Record& r) {
  auto a = json::array();
  a->add(r.seq);
  a->add(r.atMs);
  a->add(json::orNull(r.userId));
  a->add(r.username);
  a->add(r.role);
  a->add(r.action);
  a->add(r.entity);
  a->add(json::orNull(r.entityId));
  a->add(r.scopePath);
  a->add(r.changes);
  a->add(r.requestId);
  return a;
}

// Whether `r` is sealed under the chain key (derived from the data key, never the key itself).
bool keyed(std::string_view key, const std::string& prevHash, const Record& r) {
  return !key.empty() && chainHash(key, prevHash, r) == r.hash;
}
}  // namespace

std::string contentOf(const Record& r) {
  auto a = baseContent(r);
  a->add(r.clientAddress);
  a->add(r.userAgent);
  return json::stringify(Poco::Dynamic::Var(a));
}

std::string chainHash(std::string_view key, const std::string& prevHash, const Record& r) {
  return crypto::toHex(crypto::hmacSha256(key, prevHash + "\n" + contentOf(r)));
}

std::string legacyChainHash(const std::string& prevHash, const Record& r) {
  return crypto::sha256Hex(prevHash + "\n" + json::stringify(Poco::Dynamic::Var(baseContent(r))));
}

json::Obj maskPersonal(const json::Obj& obj) {
  if (obj.isNull()) return obj;
  auto out = json::object();
  for (const auto& name : obj->getNames()) {
    auto value = obj->get(name);
    if (name.find("password") != std::string::npos || name.find("token") != std::string::npos) {
      out->set(name, "[redacted]");
    } else if (value.isString() && name == "id_number") {
      out->set(name, mask::idNumber(value.extract<std::string>()));
    } else if (value.isString() && name == "bank_account") {
      out->set(name, mask::bankAccount(value.extract<std::string>()));
    } else if (value.isString() && name == "phone") {
      out->set(name, mask::phone(value.extract<std::string>()));
    } else if (value.type() == typeid(json::Obj)) {
      out->set(name, maskPersonal(value.extract<json::Obj>()));
    } else {
      out->set(name, value);
    }
  }
  return out;
}

void AuditLog::append(db::Connection& c, const http::Actor& actor, const Change& change) const {
  append(c, actor, std::vector<Change>{change});
}

void AuditLog::append(db::Connection& c, const http::Actor& actor, const std::vector<Change>& changes) const {
  if (changes.empty()) return;
  // Locking the head row serialises appenders, so the chain never forks.
  auto head = c.queryOne(std::string("SELECT last_seq, last_hash FROM audit_head WHERE id = 1") + std::string(c.forUpdate()));
  if (!head) throw std::logic_error("audit_head row missing");
  const int64_t firstSeq = head->i64("last_seq") + 1;
  std::string prevHash = head->str("last_hash");
  std::string sql =
      "INSERT INTO audit_log (seq, at_ms, user_id, username, role, action, entity, entity_id, scope_path, changes, "
      "request_id, prev_hash, hash, client_address, user_agent) VALUES ";
  db::Params params;
  const auto at = nowMillis();
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const Change& change = changes[i];
    auto body = json::object();
    body->set("before", change.before.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(maskPersonal(change.before)));
    body->set("after", change.after.isNull() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(maskPersonal(change.after)));
    Record r{firstSeq + static_cast<int64_t>(i),
             at,
             actor.userId,
             actor.username,
             actor.role,
             change.action,
             change.entity,
             change.entityId,
             change.scopePath,
             json::stringify(body),
             actor.requestId,
             prevHash,
             "",
             actor.clientAddress,
             actor.userAgent};
    r.hash = chainHash(key_, r.prevHash, r);
    sql += std::string(i == 0 ? "(" : ", (") + db::placeholders(15) + ")";
    params.insert(params.end(), {r.seq, r.atMs, db::nullable(r.userId), r.username, r.role, r.action, r.entity,
                                 db::nullable(r.entityId), r.scopePath, r.changes, r.requestId, r.prevHash, r.hash,
                                 r.clientAddress, r.userAgent});
    prevHash = r.hash;
  }
  c.execute(sql, params);
  // Conditional on the head read: FOR UPDATE serialises appenders on one server, but on a Galera
  // cluster it is node-local; two nodes appending the same seq conflict here or at COMMIT (1213)
  // and one transaction runs again, so the chain still never forks.
  const int64_t lastSeq = firstSeq + static_cast<int64_t>(changes.size()) - 1;
  if (c.execute("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1 AND last_seq = ?",
                {lastSeq, prevHash, firstSeq - 1}) != 1)
    throw db::RetryableConflict("the audit head moved while appending");
}

bool AuditLog::keyChain(db::Database& db) const {
  return db.transact<bool>([&](db::Connection& c) {
    // Under the head's lock, so servers starting together seal the chain once.
    auto head = c.queryOne(std::string("SELECT last_seq, last_hash FROM audit_head WHERE id = 1") + std::string(c.forUpdate()));
    if (!head || head->i64("last_seq") == 0) return false;  // empty: every record will be keyed
    auto newest = c.queryOne(std::string(kSelect) + " WHERE seq = ?", {head->i64("last_seq")});
    if (newest && keyed(key_, newest->str("prev_hash"), fromRow(*newest))) return false;
    append(c, http::systemActor("start"), {"audit.chain_keyed", "audit", std::nullopt, "", nullptr, nullptr});
    return true;
  });
}

Head AuditLog::head(db::Database& db) const {
  return db.read<Head>([](db::Connection& c) {
    auto row = c.queryOne("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
    return row ? Head{row->i64("last_seq"), row->str("last_hash")} : Head{};
  });
}

VerifyResult AuditLog::verify(db::Database& db, const std::function<void(int64_t checked, int64_t total)>& progress) const {
  VerifyResult result;
  auto lease = db.acquire();
  // The chain as its head stands now: records appended while a long check runs wait for the next.
  auto head = lease->queryOne("SELECT last_seq, last_hash FROM audit_head WHERE id = 1");
  const int64_t untilSeq = head ? head->i64("last_seq") : 0;
  if (progress) progress(0, untilSeq);
  std::string prevHash(64, '0');
  int64_t expectedSeq = 1;
  // Keyed from the first keyed record on; the unkeyed ones below it are sealed by it.
  bool keyedSeen = false;
  const std::string sql = std::string(kSelect) + " WHERE seq >= ? AND seq <= ? ORDER BY seq LIMIT 1000";
  for (;;) {
    auto rows = lease->query(sql, {expectedSeq, untilSeq});
    if (rows.empty()) break;
    for (const auto& row : rows) {
      Record r = fromRow(row);
      auto bad = [&](std::string problem) {
        result.ok = false;
        result.firstBadSeq = r.seq;
        result.problem = std::move(problem);
      };
      if (r.seq != expectedSeq)
        bad("record " + std::to_string(expectedSeq) + " is missing");
      else if (r.prevHash != prevHash)
        bad("prev_hash does not match the hash of the record before it");
      else if (keyed(key_, prevHash, r))
        keyedSeen = true;
      else if (keyedSeen || legacyChainHash(prevHash, r) != r.hash)
        bad(keyedSeen ? "content does not match its keyed hash" : "content does not match its hash");
      if (!result.ok) {
        if (r.seq != expectedSeq) result.firstBadSeq = expectedSeq;
        return result;
      }
      prevHash = r.hash;
      ++expectedSeq;
      ++result.checked;
    }
    if (progress) progress(result.checked, untilSeq);
  }
  if (result.checked > 0 && !keyedSeen) {
    // Only a chain recomputed without the key, or one no server of this version has started on.
    result.ok = false;
    result.firstBadSeq = expectedSeq - 1;
    result.problem = "no record is sealed with the chain key: the chain was recomputed without it, or no server of "
                     "this version has started on this database yet";
    return result;
  }
  if (!head || expectedSeq - 1 != untilSeq || head->str("last_hash") != prevHash) {
    result.ok = false;
    result.firstBadSeq = expectedSeq;
    result.problem = "the log ends before its recorded head: records were removed from the end";
  }
  return result;
}

std::vector<Record> AuditLog::list(db::Database& db, const Filter& f, int64_t afterSeq, int limit) const {
  std::string sql = std::string(kSelect) + " WHERE seq > ?";
  db::Params params{afterSeq};
  auto where = [&](const char* clause, db::Param value) {
    sql += clause;
    params.push_back(std::move(value));
  };
  if (!f.scopePrefix.empty()) where(" AND scope_path LIKE ?", f.scopePrefix + "%");
  if (f.entity) where(" AND entity = ?", *f.entity);
  if (f.entityId) where(" AND entity_id = ?", *f.entityId);
  if (f.username) where(" AND username = ?", *f.username);
  // A prefix ("user.") matches every action of that kind; LIKE's wildcards in it are escaped.
  if (f.action && !f.action->empty() && f.action->back() == '.') {
    std::string escaped;
    for (char ch : *f.action) {
      if (ch == '%' || ch == '_' || ch == '!') escaped += '!';
      escaped += ch;
    }
    where(" AND action LIKE ? ESCAPE '!'", escaped + "%");
  } else if (f.action) {
    where(" AND action = ?", *f.action);
  }
  if (f.fromMs) where(" AND at_ms >= ?", *f.fromMs);
  if (f.beforeMs) where(" AND at_ms < ?", *f.beforeMs);
  sql += " ORDER BY seq LIMIT ?";
  params.emplace_back(int64_t{limit});
  auto lease = db.acquire();
  std::vector<Record> out;
  for (const auto& row : lease->query(sql, params)) out.push_back(fromRow(row));
  return out;
}

}  // namespace sr::audit
