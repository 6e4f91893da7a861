#pragma once
// Filing (备案): every hire, post or grade change, transfer, renewal and departure is filed with
// the bureau of the station's jurisdiction, due `filing_deadline_days` after the event. The bureau
// accepts or rejects (with a reason); the agency sees its own filings and their status.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/Database.h"
#include "common/Http.h"

namespace sr::filing {

// Pure rules.
Date dueOn(const Date& eventOn, int deadlineDays);
// Still waiting for the bureau after its due date.
bool isOverdue(const std::string& status, const Date& due, const Date& today);
// Reached the bureau after its due date (the agency recorded the change late).
bool isLate(const Date& submitted, const Date& due);

struct Filing {
  int64_t id = 0;
  std::string kind;
  int64_t employmentId = 0, agencyId = 0, stationId = 0;
  std::string jurisdictionPath;
  Date eventOn, dueOn, submittedOn;
  std::string status;  // pending | accepted | rejected
  std::string details;  // JSON text
  std::optional<int64_t> decidedBy, decidedAt;
  std::optional<std::string> decisionReason;
};

struct NewFiling {
  std::string kind;  // hire | change | transfer | renewal | departure
  int64_t employmentId = 0, agencyId = 0, stationId = 0;
  std::string jurisdictionPath;
  Date eventOn;
  int deadlineDays = 7;
  json::Obj details;
};

class FilingService {
 public:
  FilingService(db::Database& db, const audit::AuditLog& audit) : db_(db), audit_(audit) {}

  // Inside the transaction of the change it files.
  int64_t file(db::Connection& c, const http::Actor& actor, const NewFiling& f) const;
  std::vector<Filing> list(const http::Principal& p, const std::optional<std::string>& status, bool overdueOnly,
                           const std::optional<int64_t>& employmentId, int64_t after, int limit) const;
  Filing filingFor(const http::Principal& p, int64_t id) const;
  Filing decide(const http::Principal& p, const http::Actor& actor, int64_t id, bool accept,
                const std::optional<std::string>& reason);

  // Accepts many pending filings at once (issue #16: 204 filings were 204 clicks), each audited, in
  // one transaction. Every id must be a filing in the caller's area (else 404, nothing accepted);
  // one decided meanwhile by someone else is reported, not accepted again.
  struct Accepted {
    std::vector<int64_t> accepted, alreadyDecided;
  };
  Accepted acceptMany(const http::Principal& p, const http::Actor& actor, const std::vector<int64_t>& ids);

  static json::Obj toJson(const Filing& f, const Date& today);

 private:
  db::Database& db_;
  const audit::AuditLog& audit_;
};

void registerRoutes(http::RouteTable& routes, FilingService& filings);

}  // namespace sr::filing
