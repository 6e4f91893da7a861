#include <map>
#include <set>

#include "blacklist/Blacklist.h"
#include "common/RateLimit.h"
#include "common/Mask.h"

namespace sr::blacklist {

namespace sql {
constexpr std::string_view kEntryCols =
    "SELECT b.id, b.id_sealed, b.id_masked, b.name, b.reason, b.listed_on, b.years, b.ends_on, b.lifted_on, b.lift_reason, "
    "b.jurisdiction_id, b.jurisdiction_path FROM blacklist_entries b";
}

namespace {
Entry entryFrom(const db::Row& r) {
  std::optional<Date> lifted;
  if (auto l = r.optStr("lifted_on")) lifted = parseDate(*l);
  return {r.i64("id"),
          r.str("id_sealed"),
          r.str("id_masked"),
          r.str("reason"),
          r.optStr("name"),
          {*parseDate(r.str("listed_on")), *parseDate(r.str("ends_on")), lifted},
          static_cast<int>(r.i64("years")),
          r.i64("jurisdiction_id"),
          r.str("jurisdiction_path"),
          r.optStr("lift_reason")};
}

// Bureaus keep the list of their own area; workers see entries about themselves.
void appendEntryScope(const http::Principal& p, std::string& where, db::Params& params) {
  if (p.role == http::Role::worker) {
    where += " AND b.id_hash = (SELECT id_hash FROM persons WHERE id = ?)";
    params.emplace_back(p.personId.value_or(0));
    return;
  }
  access::appendScopeFilter(p, {"b.jurisdiction_path", "", ""}, where, params);
}

CheckResult resultOf(const std::vector<Entry>& entries, const Date& on) {
  CheckResult out;
  for (const auto& e : entries)
    if (inForce(e.term, on)) {
      out.listed = true;
      auto free = freeFrom(e.term);
      if (!out.until || *out.until < free) out.until = free;
    }
  return out;
}
}  // namespace

json::Obj BlacklistService::toJson(const Entry& e, const Date& today, http::Role viewer) const {
  bool keeper = viewer == http::Role::admin || viewer == http::Role::bureau;
  auto o = json::object();
  o->set("id", e.id);
  o->set("id_number", keeper ? people_.protection().open("id_number", e.idSealed) : e.idMasked);
  o->set("name", json::orNull(e.name));
  o->set("reason", e.reason);
  o->set("listed_on", formatDate(e.term.listedOn));
  o->set("years", e.years);
  o->set("ends_on", formatDate(e.term.endsOn));
  o->set("lifted_on", json::orNull(e.term.liftedOn));
  o->set("lift_reason", json::orNull(e.liftReason));
  o->set("in_force", inForce(e.term, today));
  o->set("jurisdiction_id", e.jurisdictionId);
  return o;
}

Entry BlacklistService::add(const http::Principal& p, const http::Actor& actor, const EntryInput& in, Validator v) {
  std::optional<org::Jurisdiction> j;
  if (p.role == http::Role::bureau) {
    if (in.jurisdictionId && *in.jurisdictionId != p.jurisdictionId)
      v.add("jurisdiction_id", "a bureau lists in its own jurisdiction; leave it out");
    j = org_.findJurisdiction(p.jurisdictionId.value_or(0));
  } else if (!in.jurisdictionId) {
    v.add("jurisdiction_id", "is required for an admin");
  } else if (!(j = org_.findJurisdiction(*in.jurisdictionId))) {
    v.add("jurisdiction_id", "no such jurisdiction");
  }
  v.throwIfAny();
  int years = in.years.value_or(0);
  if (!in.years)
    years = static_cast<int>(policy_.effective(*j, in.listedOn).effective.policy->getValue<int64_t>("blacklist_years"));
  try {
    return db_.transact<Entry>(
        [&](db::Connection& c) { return insert(c, actor, in.idNumber, in.name, in.reason, in.listedOn, years, *j, true); });
  } catch (const db::UniqueViolation&) {
    throw Error(Code::conflict, "This person is already listed in this jurisdiction from that day.",
                {{"id_number", "is already listed from " + formatDate(in.listedOn)}});
  }
}

Entry BlacklistService::insert(db::Connection& c, const http::Actor& actor, const std::string& idNumber,
                               const std::optional<std::string>& name, const std::string& reason, const Date& listedOn,
                               int years, const org::Jurisdiction& j, bool oncePerDay) const {
  const auto& protection = people_.protection();
  Entry e{0,      protection.seal("id_number", idNumber), mask::idNumber(idNumber), reason, name,
          {listedOn, endsOn(listedOn, years), std::nullopt}, years, j.id, j.path, std::nullopt};
  e.id = c.insert(
      "INSERT INTO blacklist_entries (id_hash, id_sealed, id_masked, name, reason, listed_on, years, ends_on, "
      "jurisdiction_id, jurisdiction_path, created_by, created_at, listing_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {people_.idHash(idNumber), e.idSealed, e.idMasked, db::nullable(e.name), e.reason, formatDate(e.term.listedOn),
       int64_t{years}, formatDate(e.term.endsOn), e.jurisdictionId, e.jurisdictionPath, db::nullable(actor.userId), nowSeconds(),
       // One direct listing per person, jurisdiction and day: identical listings sent at once make one.
       oncePerDay ? db::Param(people_.idHash(idNumber) + ":" + std::to_string(e.jurisdictionId) + ":" + formatDate(e.term.listedOn))
                  : db::Param(nullptr)});
  audit_.append(c, actor, {"blacklist.add", "blacklist_entry", e.id, e.jurisdictionPath, nullptr, toJson(e, listedOn)});
  return e;
}

Entry BlacklistService::entryFor(const http::Principal& p, int64_t id) const {
  return db_.read<Entry>([&](db::Connection& c) {
    std::string where = " WHERE b.id = ?";
    db::Params params{id};
    appendEntryScope(p, where, params);
    auto row = c.queryOne(std::string(sql::kEntryCols) + where, params);
    if (!row) throwNotFound("Blacklist entry");
    return entryFrom(*row);
  });
}

Entry BlacklistService::lift(const http::Principal& p, const http::Actor& actor, int64_t id, const Date& liftedOn,
                             const std::string& reason) {
  auto e = entryFor(p, id);
  return db_.transact<Entry>([&](db::Connection& c) { return liftIn(c, actor, e, liftedOn, reason); });
}

Entry BlacklistService::liftIn(db::Connection& c, const http::Actor& actor, Entry e, const Date& liftedOn,
                               const std::string& reason) const {
  if (e.term.liftedOn) throw Error(Code::conflict, "This entry was already lifted.");
  if (liftedOn < e.term.listedOn)
    throw Error(Code::validation_failed, "An entry cannot be lifted before it was listed.",
                {{"lifted_on", "is before the listing date " + formatDate(e.term.listedOn)}});
  auto before = toJson(e, liftedOn);
  e.term.liftedOn = liftedOn;
  e.liftReason = reason;
  if (c.execute("UPDATE blacklist_entries SET lifted_on = ?, lift_reason = ? WHERE id = ? AND lifted_on IS NULL",
                {formatDate(liftedOn), reason, e.id}) != 1)
    throw Error(Code::conflict, "This entry was already lifted.");
  audit_.append(c, actor, {"blacklist.lift", "blacklist_entry", e.id, e.jurisdictionPath, before, toJson(e, liftedOn)});
  return e;
}

std::vector<Entry> BlacklistService::list(const http::Principal& p, int64_t after, int limit, bool inForceOnly) const {
  std::string where = " WHERE b.id > ?";
  db::Params params{after};
  appendEntryScope(p, where, params);
  if (inForceOnly) {
    // In force today: listed, not yet ended, not lifted (dates compare as text in ISO form).
    auto today = formatDate(todayInChina());
    where += " AND b.listed_on <= ? AND b.ends_on > ? AND (b.lifted_on IS NULL OR b.lifted_on > ?)";
    params.insert(params.end(), {today, today, today});
  }
  params.emplace_back(int64_t{limit});
  return db_.read<std::vector<Entry>>([&](db::Connection& c) {
    std::vector<Entry> out;
    for (auto& r : c.query(std::string(sql::kEntryCols) + where + " ORDER BY b.id LIMIT ?", params))
      out.push_back(entryFrom(r));
    return out;
  });
}

CheckResult BlacklistService::listedOn(db::Connection& c, const std::vector<std::string>& idKeys, const Date& on) const {
  return resultOf(entriesByKey(c, idKeys, idKeys.size())[0], on);
}

// The entries of each ID number (by its index in `keys`), one query per chunk of hashes.
std::vector<std::vector<Entry>> BlacklistService::entriesByKey(db::Connection& c, const std::vector<std::string>& keys,
                                                               std::size_t keysPerNumber) const {
  std::vector<std::vector<Entry>> out(keys.size() / keysPerNumber);
  db::forChunks(keys.size(), [&](std::size_t from, std::size_t to) {
    std::multimap<std::string, std::size_t> numberOf;  // one number may be asked about twice
    for (std::size_t i = from; i < to; ++i) numberOf.emplace(keys[i], i / keysPerNumber);
    for (auto& r : c.query("SELECT b.id_hash, " + std::string(sql::kEntryCols).substr(7) + " WHERE b.id_hash IN (" +
                               db::placeholders(to - from) + ")",
                           db::Params(keys.begin() + static_cast<std::ptrdiff_t>(from), keys.begin() + static_cast<std::ptrdiff_t>(to)))) {
      auto e = entryFrom(r);
      auto [first, last] = numberOf.equal_range(r.str("id_hash"));
      std::set<std::size_t> numbers;
      for (auto it = first; it != last; ++it) numbers.insert(it->second);
      for (auto n : numbers) out[n].push_back(e);
    }
  });
  return out;
}

std::vector<bool> BlacklistService::listedAmong(db::Connection& c,
                                                const std::vector<std::pair<std::vector<std::string>, Date>>& keysOn) const {
  std::vector<bool> out;
  if (keysOn.empty()) return out;
  std::vector<std::string> keys;
  for (const auto& [k, on] : keysOn) keys.insert(keys.end(), k.begin(), k.end());
  auto entries = entriesByKey(c, keys, keysOn.front().first.size());
  for (std::size_t i = 0; i < keysOn.size(); ++i) out.push_back(resultOf(entries[i], keysOn[i].second).listed);
  return out;
}

CheckResult BlacklistService::check(const http::Principal& p, const http::Actor& actor, const std::string& idNumber,
                                    const Date& on) {
  auto keys = people_.idKeys(idNumber);
  // Filed under the caller's own area so the bureau can see who asked about whom.
  std::string scope = p.role == http::Role::bureau ? p.jurisdictionPath : "";
  if (p.agencyId)
    if (auto a = org_.findAgency(*p.agencyId)) scope = a->jurisdictionPath;
  return db_.transact<CheckResult>([&](db::Connection& c) {
    ratelimit::require(c, ratelimit::idSearchKey(p.userId), ratelimit::kIdSearch, nowSeconds());
    auto result = listedOn(c, keys, on);
    auto record = json::object();
    record->set("id_number", mask::idNumber(idNumber));
    record->set("on", formatDate(on));
    record->set("listed", result.listed);
    audit_.append(c, actor, {"blacklist.check", "blacklist", std::nullopt, scope, nullptr, record});
    return result;
  });
}

}  // namespace sr::blacklist
