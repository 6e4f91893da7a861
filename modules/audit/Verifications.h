#pragma once
// Checking the whole audit chain on request (issue #15): a job, not a request held open, whose
// progress and result any server shows. One check runs at a time; a second request while one runs
// gets that one. A check whose server died (no heartbeat for `staleSeconds`) reads as interrupted
// and the next request starts afresh.
#include <atomic>

#include "audit/AuditLog.h"
#include "common/JobQueue.h"

namespace sr::audit {

class Verifications {
 public:
  Verifications(db::Database& db, const AuditLog& log, JobQueue& jobs, int staleSeconds = 60)
      : db_(db), log_(log), jobs_(jobs), staleSeconds_(staleSeconds) {}

  // The check started now (`started` true), or the one already running.
  json::Obj start(const http::Actor& actor, bool& started);
  json::Obj get(int64_t id) const;
  json::Arr latest(int limit) const;  // newest first
  // The server is stopping: a running check ends as interrupted at its next thousand records.
  void stop() { stopping_ = true; }

 private:
  void run(int64_t id, const http::Actor& actor);
  json::Obj toJson(const db::Row& r) const;

  db::Database& db_;
  const AuditLog& log_;
  JobQueue& jobs_;
  int staleSeconds_;
  std::atomic<bool> stopping_{false};
};

}  // namespace sr::audit
