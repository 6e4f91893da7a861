#include "leaving/Leaving.h"

namespace sr::leaving {

namespace {
constexpr std::string_view kCols =
    "SELECT id, employment_id, agency_id, person_id, jurisdiction_path, notice_date, requested_last_day, reason, "
    "in_probation, statutory_date, policy_date, latest_date, status, replacement_employment_id, replacement_start, last_day "
    "FROM resignations";

Date date(const db::Row& r, const char* column) { return *parseDate(r.str(column)); }
std::optional<Date> optDate(const db::Row& r, const char* column) {
  auto v = r.optStr(column);
  return v ? parseDate(*v) : std::nullopt;
}
// The dates as recorded, explained with the replacement (if any) as it stands.
NoticeDates datesOf(const db::Row& r) {
  return explain(date(r, "statutory_date"), date(r, "policy_date"), optDate(r, "latest_date"), optDate(r, "replacement_start"));
}
}  // namespace

NoticePolicy ResignationService::policyFor(int64_t stationId, const Date& on) const {
  auto station = org_.findStation(stationId);
  auto notice = policy_.effective(*org_.findJurisdiction(station->jurisdictionId), on).effective.policy->getObject("notice");
  auto number = [&](const char* key) { return static_cast<int>(notice->getValue<int64_t>(key)); };
  return {number("statutory_days"), number("probation_days"), number("policy_months"), number("max_months"),
          notice->getValue<bool>("replacement_required")};
}

json::Obj ResignationService::toJson(const db::Row& r) const {
  auto dates = datesOf(r);
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("employment_id", r.i64("employment_id"));
  o->set("status", r.str("status"));
  o->set("notice_date", r.str("notice_date"));
  o->set("requested_last_day", r.str("requested_last_day"));
  o->set("reason", r.str("reason"));
  o->set("in_probation", r.i64("in_probation") != 0);
  o->set("statutory_date", r.str("statutory_date"));
  o->set("policy_date", r.str("policy_date"));
  o->set("latest_date", json::orNull(r.optStr("latest_date")));
  o->set("allowed_last_day", formatDate(dates.allowed));
  auto notes = json::array();
  for (const auto& n : dates.notes) notes->add(n);
  o->set("notes", notes);
  o->set("replacement_employment_id", json::orNull(r.optI64("replacement_employment_id")));
  o->set("replacement_start", json::orNull(r.optStr("replacement_start")));
  o->set("last_day", json::orNull(r.optStr("last_day")));
  return o;
}

std::optional<db::Row> ResignationService::row(int64_t id) const {
  return db_.read<std::optional<db::Row>>([&](db::Connection& c) { return c.queryOne(std::string(kCols) + " WHERE id = ?", {id}); });
}

db::Row ResignationService::rowFor(const http::Principal& p, int64_t id) const {
  auto r = row(id);
  if (!r || !access::inScope(p, {r->str("jurisdiction_path"), r->i64("agency_id"), r->i64("person_id")}))
    throwNotFound("Resignation");
  return *r;
}

json::Obj ResignationService::create(const http::Principal& p, const http::Actor& actor, const ResignationInput& in) {
  auto e = employments_.employmentFor(p, in.employmentId);
  // The worker resigns for themself; otherwise their agency records it.
  if (p.role != http::Role::worker) access::requireActsFor(p, e.agencyId);
  if (e.state != "employed")
    throw Error(Code::conflict, e.state == "notice" ? "A resignation is already pending." : "This employment has ended.");
  Validator v;
  if (in.noticeDate < e.startDate) v.add("notice_date", "is before the employment started");
  if (in.requestedLastDay < in.noticeDate) v.add("requested_last_day", "is before the notice date");
  v.throwIfAny();
  bool inProbation = e.probationEnd && in.noticeDate <= *e.probationEnd;
  auto notice = policyFor(e.stationId, in.noticeDate);
  auto dates = noticeDates(notice, in.noticeDate, inProbation, std::nullopt);
  if (in.requestedLastDay < dates.statutory)
    throw Error(Code::notice_too_short,
                "The law requires notice until " + formatDate(dates.statutory) +
                    (inProbation ? " (" + std::to_string(notice.probationDays) + " days' notice on probation)." : "."),
                {{"requested_last_day", "must be on or after " + formatDate(dates.statutory)}});
  int64_t id = 0;
  try {
    db_.transaction([&](db::Connection& c) {
      auto now = nowSeconds();
      // open_key's unique index admits one open resignation per employment, however many arrive at once.
      id = c.insert("INSERT INTO resignations (employment_id, agency_id, person_id, jurisdiction_path, notice_date, "
                    "requested_last_day, reason, in_probation, statutory_date, policy_date, latest_date, status, open_key, "
                    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                    {e.id, e.agencyId, e.personId, e.jurisdictionPath, formatDate(in.noticeDate),
                     formatDate(in.requestedLastDay), in.reason, int64_t{inProbation}, formatDate(dates.statutory),
                     formatDate(dates.policy), dates.latest ? db::Param(formatDate(*dates.latest)) : db::Param(nullptr), e.id,
                     db::nullable(actor.userId), now, now});
      if (!employments_.setOnNotice(c, e.id, true)) throw Error(Code::conflict, "This employment has ended meanwhile.");
      auto after = json::object();
      after->set("employment_id", e.id);
      after->set("notice_date", formatDate(in.noticeDate));
      after->set("requested_last_day", formatDate(in.requestedLastDay));
      audit_.append(c, actor, {"resignation.create", "resignation", id, e.jurisdictionPath, nullptr, after});
    });
  } catch (const db::UniqueViolation&) {
    throw Error(Code::conflict, "A resignation is already pending.");
  }
  return get(p, id);
}

json::Obj ResignationService::get(const http::Principal& p, int64_t id) const { return toJson(rowFor(p, id)); }

json::Arr ResignationService::list(const http::Principal& p, const std::optional<std::string>& status, int limit) const {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  access::appendScopeFilter(p, {"jurisdiction_path", "agency_id", "person_id"}, where, params);
  if (status) {
    where += " AND status = ?";
    params.emplace_back(*status);
  }
  params.emplace_back(int64_t{limit});
  auto rows = db_.read<std::vector<db::Row>>(
      [&](db::Connection& c) { return c.query(std::string(kCols) + where + " ORDER BY id DESC LIMIT ?", params); });
  auto out = json::array();
  for (const auto& r : rows) out->add(toJson(r));
  return out;
}

json::Obj ResignationService::linkReplacement(const http::Principal& p, const http::Actor& actor, int64_t id,
                                              int64_t replacementId) {
  auto r = rowFor(p, id);
  access::requireActsFor(p, r.i64("agency_id"));
  if (r.str("status") != "pending") throw Error(Code::conflict, "Only a pending resignation takes a replacement.");
  auto leaving = employments_.employmentFor(p, r.i64("employment_id"));
  std::optional<workforce::Employment> replacement;
  try {
    replacement = employments_.employmentFor(p, replacementId);
  } catch (const Error&) {
  }
  // The replacement is a different person, hired at the same station, in post by the latest date
  // (the requested last day where the place sets no replacement rule).
  const auto by = r.optStr("latest_date").value_or(r.str("requested_last_day"));
  if (!replacement || replacement->id == leaving.id || replacement->stationId != leaving.stationId ||
      replacement->state == "ended" || formatDate(replacement->startDate) > by)
    throw Error(Code::validation_failed, "Not a replacement for this post.",
                {{"employment_id", "must be a current hire at the same station starting by " + by}});
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE resignations SET status = 'replacement_found', replacement_employment_id = ?, "
                  "replacement_start = ?, updated_at = ? WHERE id = ? AND status = 'pending'",
                  {replacement->id, formatDate(replacement->startDate), nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "Only a pending resignation takes a replacement.");
    auto after = json::object();
    after->set("replacement_employment_id", replacement->id);
    audit_.append(c, actor, {"resignation.replacement", "resignation", id, r.str("jurisdiction_path"), nullptr, after});
  });
  return get(p, id);
}

json::Obj ResignationService::complete(const http::Principal& p, const http::Actor& actor, int64_t id,
                                       const std::optional<Date>& lastDayIn) {
  auto r = rowFor(p, id);
  access::requireActsFor(p, r.i64("agency_id"));
  if (r.str("status") != "pending" && r.str("status") != "replacement_found")
    throw Error(Code::conflict, "This resignation is " + r.str("status") + ".");
  auto lastDay = lastDayIn.value_or(date(r, "requested_last_day"));
  if (lastDay < date(r, "statutory_date"))
    throw Error(Code::notice_too_short, "The law requires notice until " + r.str("statutory_date") + ".",
                {{"last_day", "must be on or after " + r.str("statutory_date")}});
  auto allowed = datesOf(r).allowed;
  auto e = employments_.employmentFor(p, r.i64("employment_id"));
  employments_.end(p, actor, e.id, {lastDay, "resignation", r.str("reason")}, [&](db::Connection& c) {
    if (c.execute("UPDATE resignations SET status = 'completed', open_key = NULL, last_day = ?, updated_at = ? "
                  "WHERE id = ? AND status IN ('pending', 'replacement_found')",
                  {formatDate(lastDay), nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "This resignation was completed or withdrawn meanwhile.");
    auto after = json::object();
    after->set("last_day", formatDate(lastDay));
    audit_.append(c, actor, {"resignation.complete", "resignation", id, r.str("jurisdiction_path"), nullptr, after});
    // Lawful but against the commitment: the bureau decides what follows.
    if (leftEarly(lastDay, allowed)) {
      cases_.open(c, actor, {"early_leaving", e.id, e.agencyId, e.stationId, e.personId, e.jurisdictionPath, id,
                             std::nullopt,
                             "Left on " + formatDate(lastDay) + ", before the allowed last day " + formatDate(allowed) +
                                 " (notice given " + r.str("notice_date") +
                                 (r.isNull("replacement_start") ? ", no replacement in post)." : ")."),
                             std::nullopt, lastDay});
    }
  });
  return get(p, id);
}

json::Obj ResignationService::withdraw(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto r = rowFor(p, id);
  if (p.role != http::Role::worker) access::requireActsFor(p, r.i64("agency_id"));
  if (r.str("status") != "pending" && r.str("status") != "replacement_found")
    throw Error(Code::conflict, "This resignation is " + r.str("status") + ".");
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE resignations SET status = 'withdrawn', open_key = NULL, updated_at = ? WHERE id = ? AND "
                  "status IN ('pending', 'replacement_found')",
                  {nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "This resignation was completed or withdrawn meanwhile.");
    employments_.setOnNotice(c, r.i64("employment_id"), false);
    auto after = json::object();
    after->set("status", "withdrawn");
    audit_.append(c, actor, {"resignation.withdraw", "resignation", id, r.str("jurisdiction_path"), nullptr, after});
  });
  return get(p, id);
}

std::vector<OverdueReplacement> ResignationService::overdueReplacements(const std::string& underPath, const Date& today) const {
  // Pending (no replacement linked) and past the latest date; the rule below decides.
  auto rows = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query("SELECT r.id, r.employment_id, r.agency_id, r.notice_date, r.latest_date, r.replacement_start, "
                   "e.station_id FROM resignations r JOIN employments e ON e.id = r.employment_id WHERE r.status = 'pending' "
                   "AND r.latest_date IS NOT NULL AND r.latest_date < ? AND r.jurisdiction_path LIKE ? ORDER BY r.id",
                   {formatDate(today), underPath + "%"});
  });
  std::vector<OverdueReplacement> out;
  for (const auto& r : rows)
    if (replacementOverdue(optDate(r, "latest_date"), optDate(r, "replacement_start"), today))
      out.push_back({r.i64("id"), r.i64("employment_id"), r.i64("agency_id"), r.i64("station_id"), date(r, "notice_date"),
                     date(r, "latest_date")});
  return out;
}

void registerRoutes(http::RouteTable& routes, ResignationService& resignations) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto employer = Permission::only({Role::admin, Role::agency_admin});
  routes.add("POST", "/api/v1/resignations", Permission::only({Role::admin, Role::agency_admin, Role::worker}),
             "Give notice: {\"employment_id\",\"notice_date\",\"requested_last_day\",\"reason\"}; answers the statutory, "
             "policy and latest dates (422 notice_too_short before the statutory date)",
             [&resignations](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"employment_id", "notice_date", "requested_last_day", "reason"});
               ResignationInput x;
               x.employmentId = in.id("employment_id", true).value_or(0);
               x.noticeDate = in.date("notice_date", true).value_or(todayInChina());
               x.requestedLastDay = in.date("requested_last_day", true).value_or(todayInChina());
               x.reason = in.string("reason", false, 500).value_or("");
               v.throwIfAny();
               return Response::json(resignations.create(r.who(), r.actor(), x), 201);
             });
  routes.add("GET", "/api/v1/resignations", Permission::anyUser(),
             "Resignations in scope (a worker: their own); ?status=pending|replacement_found|completed|withdrawn",
             [&resignations](const Request& r) {
               auto status = r.choiceQuery("status", {"pending", "replacement_found", "completed", "withdrawn"});
               return Response::json(http::listPage(resignations.list(r.who(), status, r.limit()), std::nullopt));
             });
  routes.add("GET", "/api/v1/resignations/{id}", Permission::anyUser(), "One resignation with its dates",
             [&resignations](const Request& r) { return Response::json(resignations.get(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/resignations/{id}/replacement", employer,
             "Link the replacement hired at the same station: {\"employment_id\"}; the worker may leave once it is in post",
             [&resignations](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"employment_id"});
               auto replacement = in.id("employment_id", true);
               v.throwIfAny();
               return Response::json(resignations.linkReplacement(r.who(), r.actor(), r.pathId("id"), *replacement));
             });
  routes.add("POST", "/api/v1/resignations/{id}/complete", employer,
             "End the employment on the last day ({\"last_day\"}, default the requested one) and file the departure",
             [&resignations](const Request& r) {
               std::optional<Date> last;
               if (!r.body.empty()) {  // the body is optional
                 Validator v;
                 json::Reader in(r.json(), v);
                 in.rejectUnknown({"last_day"});
                 last = in.date("last_day", false);
                 v.throwIfAny();
               }
               return Response::json(resignations.complete(r.who(), r.actor(), r.pathId("id"), last));
             });
  routes.add("POST", "/api/v1/resignations/{id}/withdraw", Permission::only({Role::admin, Role::agency_admin, Role::worker}),
             "Withdraw a pending resignation", [&resignations](const Request& r) {
               return Response::json(resignations.withdraw(r.who(), r.actor(), r.pathId("id")));
             });
}

}  // namespace sr::leaving
