#include <Poco/JSON/Parser.h>

#include "common/Access.h"
#include "filing/Filing.h"

#include <map>
#include <set>

namespace sr::filing {

Date dueOn(const Date& eventOn, int deadlineDays) { return addDays(eventOn, deadlineDays); }
bool isOverdue(const std::string& status, const Date& due, const Date& today) { return status == "pending" && today > due; }
bool isLate(const Date& submitted, const Date& due) { return submitted > due; }

namespace sql {
constexpr std::string_view kFilingCols =
    "SELECT f.id, f.kind, f.employment_id, f.agency_id, f.station_id, f.jurisdiction_path, f.event_on, f.due_on, "
    "f.submitted_on, f.status, f.details, f.decided_by, f.decided_at, f.decision_reason FROM filings f";
}

namespace {
Filing filingFrom(const db::Row& r) {
  return {r.i64("id"),
          r.str("kind"),
          r.i64("employment_id"),
          r.i64("agency_id"),
          r.i64("station_id"),
          r.str("jurisdiction_path"),
          *parseDate(r.str("event_on")),
          *parseDate(r.str("due_on")),
          *parseDate(r.str("submitted_on")),
          r.str("status"),
          r.str("details"),
          r.optI64("decided_by"),
          r.optI64("decided_at"),
          r.optStr("decision_reason")};
}
}  // namespace

json::Obj FilingService::toJson(const Filing& f, const Date& today) {
  auto o = json::object();
  o->set("id", f.id);
  o->set("kind", f.kind);
  o->set("employment_id", f.employmentId);
  o->set("agency_id", f.agencyId);
  o->set("station_id", f.stationId);
  o->set("event_on", formatDate(f.eventOn));
  o->set("due_on", formatDate(f.dueOn));
  o->set("submitted_on", formatDate(f.submittedOn));
  o->set("late", isLate(f.submittedOn, f.dueOn));
  o->set("status", f.status);
  o->set("overdue", isOverdue(f.status, f.dueOn, today));
  o->set("details", json::parseObject(f.details));
  o->set("decided_at", f.decidedAt ? Poco::Dynamic::Var(rfc3339(*f.decidedAt)) : Poco::Dynamic::Var());
  o->set("decision_reason", json::orNull(f.decisionReason));
  return o;
}

int64_t FilingService::file(db::Connection& c, const http::Actor& actor, const NewFiling& f) const {
  auto today = todayInChina();
  Filing row{0, f.kind, f.employmentId, f.agencyId, f.stationId, f.jurisdictionPath, f.eventOn,
             dueOn(f.eventOn, f.deadlineDays), today, "pending", json::stringify(f.details), {}, {}, {}};
  row.id = c.insert(
      "INSERT INTO filings (kind, employment_id, agency_id, station_id, jurisdiction_path, event_on, due_on, "
      "submitted_on, status, details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {row.kind, row.employmentId, row.agencyId, row.stationId, row.jurisdictionPath, formatDate(row.eventOn),
       formatDate(row.dueOn), formatDate(row.submittedOn), row.status, row.details, nowSeconds()});
  audit_.append(c, actor, {"filing.submit", "filing", row.id, row.jurisdictionPath, nullptr, toJson(row, today)});
  return row.id;
}

std::vector<Filing> FilingService::list(const http::Principal& p, const std::optional<std::string>& status,
                                        bool overdueOnly, const std::optional<int64_t>& employmentId, int64_t after,
                                        int limit) const {
  std::string where = " WHERE f.id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"f.jurisdiction_path", "f.agency_id", ""}, where, params);
  if (status) {
    where += " AND f.status = ?";
    params.emplace_back(*status);
  }
  if (overdueOnly) {
    where += " AND f.status = 'pending' AND f.due_on < ?";
    params.emplace_back(formatDate(todayInChina()));
  }
  if (employmentId) {
    where += " AND f.employment_id = ?";
    params.emplace_back(*employmentId);
  }
  params.emplace_back(int64_t{limit});
  return db_.read<std::vector<Filing>>([&](db::Connection& c) {
    std::vector<Filing> out;
    for (auto& r : c.query(std::string(sql::kFilingCols) + where + " ORDER BY f.id LIMIT ?", params))
      out.push_back(filingFrom(r));
    return out;
  });
}

Filing FilingService::filingFor(const http::Principal& p, int64_t id) const {
  return db_.read<Filing>([&](db::Connection& c) {
    std::string where = " WHERE f.id = ?";
    db::Params params{id};
    access::appendScopeFilter(p, {"f.jurisdiction_path", "f.agency_id", ""}, where, params);
    auto row = c.queryOne(std::string(sql::kFilingCols) + where, params);
    if (!row) throwNotFound("Filing");
    return filingFrom(*row);
  });
}

Filing FilingService::decide(const http::Principal& p, const http::Actor& actor, int64_t id, bool accept,
                             const std::optional<std::string>& reason) {
  auto f = filingFor(p, id);
  auto today = todayInChina();
  auto before = toJson(f, today);
  db_.transaction([&](db::Connection& c) {
    auto now = nowSeconds();
    // Only a pending filing can be decided; the condition makes two bureau officers racing safe.
    if (c.execute("UPDATE filings SET status = ?, decided_by = ?, decided_at = ?, decision_reason = ? "
                  "WHERE id = ? AND status = 'pending'",
                  {std::string(accept ? "accepted" : "rejected"), db::nullable(actor.userId), now, db::nullable(reason),
                   f.id}) != 1)
      throw Error(Code::conflict, "This filing was already decided.");
    f.status = accept ? "accepted" : "rejected";
    f.decidedBy = actor.userId;
    f.decidedAt = now;
    f.decisionReason = reason;
    audit_.append(c, actor, {accept ? "filing.accept" : "filing.reject", "filing", f.id, f.jurisdictionPath, before,
                             toJson(f, today)});
  });
  return f;
}

FilingService::Accepted FilingService::acceptMany(const http::Principal& p, const http::Actor& actor,
                                                 const std::vector<int64_t>& ids) {
  const auto today = todayInChina();
  return db_.transact<Accepted>([&](db::Connection& c) {
    std::string where = " WHERE f.id IN (?";
    db::Params params{ids.front()};
    for (std::size_t i = 1; i < ids.size(); ++i) {
      where += ", ?";
      params.emplace_back(ids[i]);
    }
    where += ")";
    access::appendScopeFilter(p, {"f.jurisdiction_path", "f.agency_id", ""}, where, params);
    std::map<int64_t, Filing> found;
    for (const auto& r : c.query(std::string(sql::kFilingCols) + where, params)) {
      auto f = filingFrom(r);
      found.emplace(f.id, std::move(f));
    }
    if (found.size() != std::set<int64_t>(ids.begin(), ids.end()).size()) throwNotFound("Filing");
    Accepted out;
    std::vector<audit::Change> changes;
    const auto now = nowSeconds();
    for (auto& [id, f] : found) {
      // The same condition as one at a time: only a pending filing is decided, once.
      if (c.execute("UPDATE filings SET status = 'accepted', decided_by = ?, decided_at = ?, decision_reason = NULL "
                    "WHERE id = ? AND status = 'pending'",
                    {db::nullable(actor.userId), now, id}) != 1) {
        out.alreadyDecided.push_back(id);
        continue;
      }
      auto before = toJson(f, today);
      f.status = "accepted";
      f.decidedBy = actor.userId;
      f.decidedAt = now;
      changes.push_back({"filing.accept", "filing", f.id, f.jurisdictionPath, before, toJson(f, today)});
      out.accepted.push_back(id);
    }
    if (!changes.empty()) audit_.append(c, actor, changes);
    return out;
  });
}

}  // namespace sr::filing
