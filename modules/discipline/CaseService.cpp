#include "discipline/Discipline.h"

namespace sr::discipline {

namespace {
constexpr std::string_view kCols =
    "SELECT c.id, c.kind, c.status, c.employment_id, c.agency_id, c.station_id, c.person_id, c.jurisdiction_path, "
    "c.resignation_id, c.category, c.description, c.evidence, c.occurred_on, c.opened_on, c.decision_reason, "
    "c.decided_on, c.blacklist_entry_id, c.appeal_note, c.appealed_on, c.appeal_status, c.appeal_reason, "
    "c.appeal_decided_on, p.name AS person_name FROM misconduct_cases c JOIN persons p ON p.id = c.person_id";

bool keeper(http::Role r) { return r == http::Role::admin || r == http::Role::bureau; }

json::Obj caseAudit(const std::string& status, const std::optional<std::string>& reason) {
  auto o = json::object();
  o->set("status", status);
  if (reason) o->set("reason", *reason);
  return o;
}
}  // namespace

json::Obj CaseService::toJson(const db::Row& r) const {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("kind", r.str("kind"));
  o->set("status", r.str("status"));
  o->set("employment_id", r.i64("employment_id"));
  o->set("agency_id", r.i64("agency_id"));
  o->set("station_id", r.i64("station_id"));
  auto person = json::object();
  person->set("id", r.i64("person_id"));
  person->set("name", r.str("person_name"));
  o->set("person", person);
  o->set("resignation_id", json::orNull(r.optI64("resignation_id")));
  o->set("category", json::orNull(r.optStr("category")));
  o->set("description", r.str("description"));
  o->set("evidence", json::orNull(r.optStr("evidence")));
  o->set("occurred_on", r.str("occurred_on"));
  o->set("opened_on", r.str("opened_on"));
  o->set("decision_reason", json::orNull(r.optStr("decision_reason")));
  o->set("decided_on", json::orNull(r.optStr("decided_on")));
  o->set("blacklist_entry_id", json::orNull(r.optI64("blacklist_entry_id")));
  auto appeal = json::object();
  appeal->set("status", json::orNull(r.optStr("appeal_status")));
  appeal->set("note", json::orNull(r.optStr("appeal_note")));
  appeal->set("filed_on", json::orNull(r.optStr("appealed_on")));
  appeal->set("decision_reason", json::orNull(r.optStr("appeal_reason")));
  appeal->set("decided_on", json::orNull(r.optStr("appeal_decided_on")));
  o->set("appeal", appeal);
  return o;
}

db::Row CaseService::rowFor(const http::Principal& p, int64_t id) const {
  auto r = db_.read<std::optional<db::Row>>(
      [&](db::Connection& c) { return c.queryOne(std::string(kCols) + " WHERE c.id = ?", {id}); });
  if (!r || !access::inScope(p, {r->str("jurisdiction_path"), r->i64("agency_id"), r->i64("person_id")}))
    throwNotFound("Case");
  return *r;
}

int64_t CaseService::open(db::Connection& c, const http::Actor& actor, const Opening& o) const {
  auto now = nowSeconds();
  auto id = c.insert(
      "INSERT INTO misconduct_cases (kind, status, employment_id, agency_id, station_id, person_id, jurisdiction_path, "
      "resignation_id, category, description, evidence, occurred_on, opened_on, created_by, created_at, updated_at) "
      "VALUES (?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {o.kind, o.employmentId, o.agencyId, o.stationId, o.personId, o.jurisdictionPath, db::nullable(o.resignationId),
       db::nullable(o.category), o.description, db::nullable(o.evidence), formatDate(o.occurredOn),
       formatDate(todayInChina()), db::nullable(actor.userId), now, now});
  auto after = json::object();
  after->set("kind", o.kind);
  after->set("employment_id", o.employmentId);
  after->set("description", o.description);
  audit_.append(c, actor, {"case.open", "misconduct_case", id, o.jurisdictionPath, nullptr, after});
  return id;
}

json::Obj CaseService::report(const http::Principal& p, const http::Actor& actor, const ReportInput& in) {
  auto e = employments_.employmentFor(p, in.employmentId);
  access::requireActsFor(p, e.agencyId);
  if (in.occurredOn < e.startDate)
    throw Error(Code::validation_failed, "The misconduct cannot predate the employment.",
                {{"occurred_on", "is before the employment started on " + formatDate(e.startDate)}});
  if (in.occurredOn > todayInChina())
    throw Error(Code::validation_failed, "The misconduct cannot be in the future.", {{"occurred_on", "is after today"}});
  auto id = db_.transact<int64_t>([&](db::Connection& c) {
    return open(c, actor, {"reported", e.id, e.agencyId, e.stationId, e.personId, e.jurisdictionPath, std::nullopt,
                           in.category, in.description, in.evidence, in.occurredOn});
  });
  return get(p, id);
}

json::Obj CaseService::get(const http::Principal& p, int64_t id) const {
  auto r = rowFor(p, id);
  auto o = toJson(r);
  // The keepers of the list and the worker themself see the entry; an agency sees the outcome only.
  if (keeper(p.role) || p.role == http::Role::worker) {
    json::Obj entry;
    if (auto entryId = r.optI64("blacklist_entry_id"))
      entry = blacklist_.toJson(blacklist_.entryFor(p, *entryId), todayInChina(), p.role);
    o->set("blacklist_entry", entry ? Poco::Dynamic::Var(entry) : Poco::Dynamic::Var());
  }
  return o;
}

std::vector<CaseService::Listed> CaseService::list(const http::Principal& p, const CaseFilter& f, int64_t after, int limit) const {
  std::string where = " WHERE c.id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"c.jurisdiction_path", "c.agency_id", "c.person_id"}, where, params);
  if (f.status) {
    where += " AND c.status = ?";
    params.emplace_back(*f.status);
  }
  if (f.kind) {
    where += " AND c.kind = ?";
    params.emplace_back(*f.kind);
  }
  if (f.agencyId) {
    where += " AND c.agency_id = ?";
    params.emplace_back(*f.agencyId);
  }
  params.emplace_back(int64_t{limit});
  auto rows = db_.read<std::vector<db::Row>>(
      [&](db::Connection& c) { return c.query(std::string(kCols) + where + " ORDER BY c.id LIMIT ?", params); });
  std::vector<Listed> out;
  for (const auto& r : rows) out.push_back({r.i64("id"), toJson(r)});
  return out;
}

json::Obj CaseService::dismiss(const http::Principal& p, const http::Actor& actor, int64_t id, const std::string& reason) {
  auto r = rowFor(p, id);
  if (auto why = decisionRefusal(r.str("status"))) throw Error(Code::conflict, *why);
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE misconduct_cases SET status = 'dismissed', decision_reason = ?, decided_on = ?, decided_by = ?, "
                  "updated_at = ? WHERE id = ? AND status = 'open'",
                  {reason, formatDate(todayInChina()), db::nullable(actor.userId), nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "This case was already decided.");
    audit_.append(c, actor, {"case.dismiss", "misconduct_case", id, r.str("jurisdiction_path"), caseAudit("open", std::nullopt),
                             caseAudit("dismissed", reason)});
  });
  return get(p, id);
}

json::Obj CaseService::listPerson(const http::Principal& p, const http::Actor& actor, int64_t id, const ListingInput& in) {
  auto r = rowFor(p, id);
  if (auto why = decisionRefusal(r.str("status"))) throw Error(Code::conflict, *why);
  auto listedOn = in.listedOn.value_or(todayInChina());
  auto occurred = *parseDate(r.str("occurred_on"));
  if (listedOn < occurred)
    throw Error(Code::validation_failed, "A listing cannot start before the misconduct.",
                {{"listed_on", "is before " + formatDate(occurred)}});
  // The entry belongs to the station's jurisdiction, so its bureau and those above keep it; its
  // length comes from that place's policy unless the bureau sets it.
  auto station = org_.findStation(r.i64("station_id")).value();
  auto place = org_.findJurisdiction(station.jurisdictionId).value();
  int years = in.years.value_or(static_cast<int>(
      policy_.effective(place, listedOn).effective.policy->getValue<int64_t>("blacklist_years")));
  auto reason = in.reason.value_or(r.str("description"));
  db_.transaction([&](db::Connection& c) {
    auto person = people_.find(c, r.i64("person_id")).value();
    auto idNumber = people_.protection().open("id_number", person.idSealed);
    auto entry = blacklist_.insert(c, actor, idNumber, person.name, reason, listedOn, years, place);
    if (c.execute("UPDATE misconduct_cases SET status = 'listed', decision_reason = ?, decided_on = ?, decided_by = ?, "
                  "blacklist_entry_id = ?, updated_at = ? WHERE id = ? AND status = 'open'",
                  {reason, formatDate(todayInChina()), db::nullable(actor.userId), entry.id, nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "This case was already decided.");
    audit_.append(c, actor, {"case.list", "misconduct_case", id, r.str("jurisdiction_path"), caseAudit("open", std::nullopt),
                             caseAudit("listed", reason)});
  });
  return get(p, id);
}

json::Obj CaseService::appeal(const http::Principal& p, const http::Actor& actor, int64_t id, const std::string& note) {
  auto r = rowFor(p, id);
  if (auto why = appealRefusal(r.str("status"), r.optStr("appeal_status"))) throw Error(Code::conflict, *why);
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE misconduct_cases SET appeal_status = 'pending', appeal_note = ?, appealed_on = ?, updated_at = ? "
                  "WHERE id = ? AND appeal_status IS NULL",
                  {note, formatDate(todayInChina()), nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "An appeal was already filed.");
    auto after = json::object();
    after->set("appeal_status", "pending");
    audit_.append(c, actor, {"case.appeal", "misconduct_case", id, r.str("jurisdiction_path"), nullptr, after});
  });
  return get(p, id);
}

json::Obj CaseService::decideAppeal(const http::Principal& p, const http::Actor& actor, int64_t id, bool upheld,
                                    const std::string& reason) {
  auto r = rowFor(p, id);
  if (auto why = appealDecisionRefusal(r.optStr("appeal_status"))) throw Error(Code::conflict, *why);
  std::string outcome = upheld ? "upheld" : "rejected";
  auto today = todayInChina();
  std::optional<blacklist::Entry> entry;
  if (upheld && !r.isNull("blacklist_entry_id")) entry = blacklist_.entryFor(p, r.i64("blacklist_entry_id"));
  db_.transaction([&](db::Connection& c) {
    if (c.execute("UPDATE misconduct_cases SET appeal_status = ?, appeal_reason = ?, appeal_decided_on = ?, updated_at = ? "
                  "WHERE id = ? AND appeal_status = 'pending'",
                  {outcome, reason, formatDate(today), nowSeconds(), id}) != 1)
      throw Error(Code::conflict, "The appeal was already decided.");
    // An upheld appeal lifts the listing from today (from its start if it has not begun).
    if (entry && !entry->term.liftedOn)
      blacklist_.liftIn(c, actor, *entry, std::max(today, entry->term.listedOn), "appeal upheld: " + reason);
    auto after = json::object();
    after->set("appeal_status", outcome);
    after->set("reason", reason);
    audit_.append(c, actor, {"case.appeal_decision", "misconduct_case", id, r.str("jurisdiction_path"), nullptr, after});
  });
  return get(p, id);
}

}  // namespace sr::discipline
