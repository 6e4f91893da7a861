#pragma once
// The append-only, hash-chained audit log. Every write in every module appends one record in the
// same transaction as the change it describes, so a change and its record commit or fail together.
// Each record's hash is an HMAC-SHA256 keyed with a key derived from the data key, which lives
// outside the database (issue #13, finding 5): someone who can rewrite the database can no longer
// recompute a chain that verifies. Records are never deleted: the engine refuses UPDATE and DELETE
// on audit_log and nothing in socialroll removes them, so they outlive the 180 days MLPS level 3
// asks for.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/Database.h"
#include "common/Http.h"
#include "common/Json.h"

namespace sr::audit {

// What changed. `scopePath` is the jurisdiction path the change belongs to (bureaus see records
// under their path); empty means system-wide, visible to admins only.
struct Change {
  std::string action;  // "agency.create", "user.password_change", ...
  std::string entity;  // "agency"
  std::optional<int64_t> entityId;
  std::string scopePath;
  json::Obj before;  // null for creations
  json::Obj after;   // null for deletions
};

struct Record {
  int64_t seq = 0;
  int64_t atMs = 0;
  std::optional<int64_t> userId;
  std::string username, role, action, entity;
  std::optional<int64_t> entityId;
  std::string scopePath, changes, requestId, prevHash, hash;
  std::string clientAddress, userAgent;  // where the change came from ("" for the server's own work)
};

// Pure rules, unit-tested.
std::string contentOf(const Record& r);
std::string chainHash(std::string_view key, const std::string& prevHash, const Record& r);
// Records written before the chain was keyed: SHA-256 over the content without the client fields.
// Accepted only below the first keyed record, which seals them (AuditLog::keyChain).
std::string legacyChainHash(const std::string& prevHash, const Record& r);
// Copies an object with personal fields masked and secrets removed, recursively.
json::Obj maskPersonal(const json::Obj& obj);

// The chain's newest record: an outside system that keeps this can later tell whether anything
// up to it was rewritten or cut (issue #13, finding 5).
struct Head {
  int64_t seq = 0;
  std::string hash;
};

// What an auditor searches by (issue #15): who, what, when and which record. Every part optional.
struct Filter {
  std::string scopePrefix;  // the caller's jurisdiction path; empty = all (the administrator)
  std::optional<std::string> entity;
  std::optional<int64_t> entityId;
  std::optional<std::string> username;  // exactly
  std::optional<std::string> action;    // "user.create", or a prefix ending in "." ("user.")
  std::optional<int64_t> fromMs, beforeMs;  // [from, before) in epoch milliseconds
};

struct VerifyResult {
  bool ok = true;
  int64_t checked = 0;
  std::optional<int64_t> firstBadSeq;
  std::string problem;
};

class AuditLog {
 public:
  // `chainKey`: the chain's HMAC key (protect::DataProtection::auditKey).
  explicit AuditLog(std::string chainKey) : key_(std::move(chainKey)) {}
  void append(db::Connection& c, const http::Actor& actor, const Change& change) const;
  // Several changes of one act, chained in order with one read and one update of the head (a
  // payroll run's creation and computation: 3 statements, not 6).
  void append(db::Connection& c, const http::Actor& actor, const std::vector<Change>& changes) const;
  // At start: a log whose newest record is not keyed (written before the chain was) gets a keyed
  // record on top, which seals every record below it. Whether it appended one.
  bool keyChain(db::Database& db) const;
  // Checks every record up to the head as it stands when called; `progress` hears how many of
  // how many are checked, at the start and after each thousand.
  VerifyResult verify(db::Database& db, const std::function<void(int64_t checked, int64_t total)>& progress = {}) const;
  Head head(db::Database& db) const;
  // Records after `afterSeq`, newest last, that pass `filter`.
  std::vector<Record> list(db::Database& db, const Filter& filter, int64_t afterSeq, int limit) const;

 private:
  std::string key_;
};

class Verifications;
void registerRoutes(http::RouteTable& routes, db::Database& db, const AuditLog& log, Verifications& checks);

}  // namespace sr::audit
