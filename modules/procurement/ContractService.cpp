#include <algorithm>
#include <set>

#include "procurement/Procurement.h"

namespace sr::procurement {

namespace sql {
constexpr std::string_view kContractCols =
    "SELECT id, jurisdiction_id, jurisdiction_path, agency_id, reference, start_date, end_date, annual_standard_fen, "
    "sources, schedule, status, ended_on, end_reason, renewed_from FROM purchase_contracts";
constexpr std::string_view kStationCols =
    "SELECT contract_id, station_id, funded_posts, from_date, to_date FROM purchase_contract_stations";
}  // namespace sql

namespace {
json::Arr sourcesJson(const std::vector<Source>& sources) {
  auto a = json::array();
  for (const auto& s : sources) {
    auto o = json::object();
    o->set("source", s.source);
    o->set("pct", s.pct);
    a->add(o);
  }
  return a;
}
std::string sourcesText(const std::vector<Source>& sources) { return json::stringify(Poco::Dynamic::Var(sourcesJson(sources))); }

std::vector<Source> sourcesFrom(const std::string& text) {
  std::vector<Source> out;
  auto o = json::parseObject(R"({"s":)" + text + "}");
  auto a = o->getArray("s");
  for (std::size_t i = 0; i < a->size(); ++i) {
    auto s = a->getObject(static_cast<unsigned>(i));
    out.push_back({s->getValue<std::string>("source"), s->getValue<int64_t>("pct")});
  }
  return out;
}

Contract contractFrom(const db::Row& r) {
  Contract c;
  c.id = r.i64("id");
  c.jurisdictionId = r.i64("jurisdiction_id");
  c.jurisdictionPath = r.str("jurisdiction_path");
  c.agencyId = r.i64("agency_id");
  c.reference = r.optStr("reference");
  c.start = *parseDate(r.str("start_date"));
  c.end = *parseDate(r.str("end_date"));
  c.annualStandardFen = r.i64("annual_standard_fen");
  c.sources = sourcesFrom(r.str("sources"));
  c.schedule = r.optStr("schedule");
  c.status = r.str("status");
  if (auto d = r.optStr("ended_on")) c.endedOn = parseDate(*d);
  c.endReason = r.optStr("end_reason");
  c.renewedFrom = r.optI64("renewed_from");
  return c;
}

CoveredStation coveredFrom(const db::Row& r) {
  return {r.i64("station_id"), r.i64("funded_posts"), *parseDate(r.str("from_date")), *parseDate(r.str("to_date"))};
}

// The stations of these contracts, in one query per 500 contracts.
std::map<int64_t, std::vector<CoveredStation>> stationsOf(db::Connection& c, const std::vector<int64_t>& ids) {
  std::map<int64_t, std::vector<CoveredStation>> out;
  db::forChunks(ids.size(), [&](std::size_t from, std::size_t to) {
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(to));
    for (const auto& r : c.query(std::string(sql::kStationCols) + " WHERE contract_id IN (" + db::placeholders(to - from) +
                                     ") ORDER BY id",
                                 params))
      out[r.i64("contract_id")].push_back(coveredFrom(r));
  });
  return out;
}

json::Obj stateOf(const Contract& c) {
  auto o = json::object();
  o->set("status", c.status);
  o->set("ended_on", json::orNull(c.endedOn));
  if (c.endReason) o->set("reason", *c.endReason);
  return o;
}
}  // namespace

json::Obj ContractService::toJson(const Contract& c) const {
  std::vector<int64_t> stationIds;
  for (const auto& s : c.stations) stationIds.push_back(s.stationId);
  auto stationNames = org_.stationNames(stationIds);
  auto agencyNames = org_.agencyNames({c.agencyId});
  auto o = json::object();
  o->set("id", c.id);
  o->set("jurisdiction_id", c.jurisdictionId);
  o->set("agency_id", c.agencyId);
  o->set("agency_name", agencyNames[c.agencyId]);
  o->set("reference", json::orNull(c.reference));
  o->set("start_date", formatDate(c.start));
  o->set("end_date", formatDate(c.end));
  o->set("annual_standard_fen", c.annualStandardFen);
  o->set("sources", sourcesJson(c.sources));
  o->set("schedule", json::orNull(c.schedule));
  o->set("status", c.status);
  o->set("ended_on", json::orNull(c.endedOn));
  o->set("end_reason", json::orNull(c.endReason));
  o->set("renewed_from", json::orNull(c.renewedFrom));
  auto stations = json::array();
  int64_t posts = 0;
  for (const auto& s : c.stations) {
    auto x = json::object();
    x->set("station_id", s.stationId);
    x->set("name", stationNames[s.stationId]);
    x->set("funded_posts", s.fundedPosts);
    x->set("from", formatDate(s.from));
    x->set("to", formatDate(s.to));
    stations->add(x);
    posts += s.fundedPosts;
  }
  o->set("stations", stations);
  o->set("funded_posts", posts);
  return o;
}

Contract ContractService::contractFor(const http::Principal& p, int64_t id) const {
  auto found = db_.read<std::optional<Contract>>([&](db::Connection& c) -> std::optional<Contract> {
    auto r = c.queryOne(std::string(sql::kContractCols) + " WHERE id = ?", {id});
    if (!r) return std::nullopt;
    auto contract = contractFrom(*r);
    contract.stations = stationsOf(c, {id})[id];
    return contract;
  });
  if (!found || !access::inScope(p, found->owner())) throwNotFound("Purchase contract");
  return *found;
}

json::Obj ContractService::get(const http::Principal& p, int64_t id) const {
  auto o = toJson(contractFor(p, id));
  o->set("evaluations", evaluationsOf(id));
  return o;
}

std::vector<ContractService::Listed> ContractService::list(const http::Principal& p, const ContractFilter& f, int64_t after,
                                                           int limit) const {
  std::string where = " WHERE id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"jurisdiction_path", "agency_id", ""}, where, params);
  if (f.status) {
    where += " AND status = ?";
    params.emplace_back(*f.status);
  }
  if (f.agencyId) {
    where += " AND agency_id = ?";
    params.emplace_back(*f.agencyId);
  }
  if (f.stationId) {
    where += " AND id IN (SELECT contract_id FROM purchase_contract_stations WHERE station_id = ?)";
    params.emplace_back(*f.stationId);
  }
  params.emplace_back(int64_t{limit});
  auto contracts = db_.read<std::vector<Contract>>([&](db::Connection& c) {
    std::vector<Contract> out;
    for (const auto& r : c.query(std::string(sql::kContractCols) + where + " ORDER BY id LIMIT ?", params))
      out.push_back(contractFrom(r));
    std::vector<int64_t> ids;
    for (const auto& x : out) ids.push_back(x.id);
    auto stations = stationsOf(c, ids);
    for (auto& x : out) x.stations = stations[x.id];
    return out;
  });
  std::vector<Listed> out;
  for (const auto& c : contracts) out.push_back({c.id, toJson(c)});
  return out;
}

std::vector<ContractService::Cover> ContractService::coversOn(const std::vector<int64_t>& stationIds, const Date& on) const {
  std::vector<Cover> out;
  auto day = formatDate(on);
  db_.read<int>([&](db::Connection& c) {
    db::forChunks(stationIds.size(), [&](std::size_t from, std::size_t to) {
      db::Params params{day, day};
      params.insert(params.end(), stationIds.begin() + static_cast<std::ptrdiff_t>(from),
                    stationIds.begin() + static_cast<std::ptrdiff_t>(to));
      for (const auto& r : c.query("SELECT s.contract_id, c.agency_id, s.station_id, s.funded_posts, s.from_date, s.to_date "
                                   "FROM purchase_contract_stations s JOIN purchase_contracts c ON c.id = s.contract_id "
                                   "WHERE s.from_date <= ? AND s.to_date >= ? AND c.status IN ('signed', 'active') AND "
                                   "s.station_id IN (" + db::placeholders(to - from) + ") ORDER BY s.contract_id, s.station_id",
                                   params))
        out.push_back({r.i64("contract_id"), r.i64("agency_id"), r.i64("station_id"), r.i64("funded_posts"),
                       *parseDate(r.str("from_date")), *parseDate(r.str("to_date"))});
    });
    return 0;
  });
  return out;
}

std::vector<Contract> ContractService::contractsTouching(const std::string& pathPrefix, const std::string& from,
                                                        const std::string& to) const {
  return db_.read<std::vector<Contract>>([&](db::Connection& c) {
    std::vector<Contract> out;
    for (const auto& r : c.query(std::string(sql::kContractCols) +
                                     " WHERE jurisdiction_path LIKE ? AND start_date <= ? AND end_date >= ? ORDER BY id",
                                 {pathPrefix + "%", to, from}))
      out.push_back(contractFrom(r));
    std::vector<int64_t> ids;
    for (const auto& x : out) ids.push_back(x.id);
    auto stations = stationsOf(c, ids);
    for (auto& x : out) x.stations = stations[x.id];
    return out;
  });
}

json::Obj ContractService::create(const http::Principal& p, const http::Actor& actor, const ContractInput& in, Validator v) {
  // The contract belongs to the bureau that signs it: the caller's own place unless it names one
  // below (an admin always names it).
  std::optional<org::Jurisdiction> place;
  if (in.jurisdictionId) {
    place = org_.findJurisdiction(*in.jurisdictionId);
    if (!place || !access::inScope(p, {place->path, std::nullopt, std::nullopt})) {
      v.add("jurisdiction_id", "no such jurisdiction");
      place.reset();
    }
  } else if (p.jurisdictionId) {
    place = org_.findJurisdiction(*p.jurisdictionId);
  } else if (!v.has("jurisdiction_id")) {
    v.add("jurisdiction_id", "is required for role " + std::string(http::roleName(p.role)));
  }
  auto agency = org_.findAgency(in.agencyId);
  if (!v.has("agency_id") && (!agency || !access::inScope(p, agency->owner()))) v.add("agency_id", "no such agency");
  if (!v.has("end_date") && in.end < in.start) v.add("end_date", "must be on or after " + formatDate(in.start));
  if (!v.has("sources"))
    if (auto problem = sourcesProblem(in.sources)) v.add("sources", *problem);
  std::set<int64_t> seen;
  auto named = org_.findStations([&] {
    std::vector<int64_t> ids;
    for (const auto& s : in.stations) ids.push_back(s.stationId);
    return ids;
  }());
  for (std::size_t i = 0; i < in.stations.size(); ++i) {
    const std::string at = "stations[" + std::to_string(i) + "].station_id";
    if (v.has(at)) continue;
    if (!seen.insert(in.stations[i].stationId).second) {
      v.add(at, "is used twice");
      continue;
    }
    auto found = named.find(in.stations[i].stationId);
    auto station = found == named.end() ? nullptr : &found->second;
    if (!station || !access::inScope(p, station->owner()))
      v.add(at, "no such station");
    else if (place && !access::isWithin(station->jurisdictionPath, place->path))
      v.add(at, "is outside the contract's jurisdiction");
    else if (agency && station->agencyId != agency->id)
      v.add(at, "is run by another agency; hand it over to this one first");
  }
  v.throwIfAny();

  Contract c;
  c.jurisdictionId = place->id;
  c.jurisdictionPath = place->path;
  c.agencyId = agency->id;
  c.reference = in.reference;
  c.start = in.start;
  c.end = in.end;
  c.annualStandardFen = in.annualStandardFen;
  c.sources = in.sources;
  c.schedule = in.schedule;
  c.status = "signed";
  for (const auto& s : in.stations) c.stations.push_back({s.stationId, s.fundedPosts, in.start, in.end});

  c.id = db_.transact<int64_t>([&](db::Connection& conn) { return record(conn, actor, c); });
  return get(p, c.id);
}

int64_t ContractService::record(db::Connection& conn, const http::Actor& actor, const Contract& c) const {
  // Each station's contracts so far: none may share a day with this term. The new one takes the
  // next number of each station; a contract recorded meanwhile took it too, and then this
  // transaction runs again and reads that one (station_contract_seq, sql/0028).
  std::vector<int64_t> ids;
  for (const auto& s : c.stations) ids.push_back(s.stationId);
  std::map<int64_t, int64_t> nextSeq;
  std::vector<FieldError> clashes;
  db::Params params(ids.begin(), ids.end());
  for (const auto& r : conn.query("SELECT contract_id, station_id, seq, from_date, to_date FROM purchase_contract_stations "
                                  "WHERE station_id IN (" + db::placeholders(ids.size()) + ")",
                                  params)) {
    auto station = r.i64("station_id");
    nextSeq[station] = std::max(nextSeq[station], r.i64("seq"));
    auto from = *parseDate(r.str("from_date")), to = *parseDate(r.str("to_date"));
    if (overlaps(from, to, c.start, c.end))
      for (std::size_t i = 0; i < c.stations.size(); ++i)
        if (c.stations[i].stationId == station)
          clashes.push_back({"stations[" + std::to_string(i) + "].station_id",
                             "is under contract " + std::to_string(r.i64("contract_id")) + " from " + formatDate(from) +
                                 " to " + formatDate(to)});
  }
  if (!clashes.empty()) throw Error(Code::conflict, "A station is already under contract for part of this term.", clashes);
  const int64_t now = nowSeconds();
  int64_t id = 0;
  try {
    id = conn.insert(
        "INSERT INTO purchase_contracts (jurisdiction_id, jurisdiction_path, agency_id, reference, start_date, end_date, "
        "annual_standard_fen, sources, schedule, status, renewed_from, created_by, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'signed', ?, ?, ?, ?)",
        {c.jurisdictionId, c.jurisdictionPath, c.agencyId, db::nullable(c.reference), formatDate(c.start), formatDate(c.end),
         c.annualStandardFen, sourcesText(c.sources), db::nullable(c.schedule), db::nullable(c.renewedFrom),
         db::nullable(actor.userId), now, now});
  } catch (const db::UniqueViolation&) {  // purchase_contracts_one_renewal
    throw Error(Code::conflict, "The contract was already renewed.");
  }
  for (const auto& s : c.stations) try {
      conn.execute("INSERT INTO purchase_contract_stations (contract_id, station_id, seq, funded_posts, from_date, to_date) "
                   "VALUES (?, ?, ?, ?, ?, ?)",
                   {id, s.stationId, nextSeq[s.stationId] + 1, s.fundedPosts, formatDate(s.from), formatDate(s.to)});
    } catch (const db::UniqueViolation& e) {
      throw db::RetryableConflict(e.what());
    }
  auto stored = c;
  stored.id = id;
  audit_.append(conn, actor,
                {c.renewedFrom ? "purchase_contract.renew" : "purchase_contract.create", "purchase_contract", id,
                 c.jurisdictionPath, nullptr, toJson(stored)});
  return id;
}

void ContractService::applyState(db::Connection& c, const http::Actor& actor, const Contract& before, const Contract& after,
                                 const std::string& action) const {
  // Conditional on the state read: of two changes sent at once, one finds it changed.
  if (c.execute("UPDATE purchase_contracts SET status = ?, ended_on = ?, end_reason = ?, updated_at = ? "
                "WHERE id = ? AND status = ?",
                {after.status, db::nullable(after.endedOn ? std::optional(formatDate(*after.endedOn)) : std::nullopt),
                 db::nullable(after.endReason), nowSeconds(), before.id, before.status}) != 1)
    throw Error(Code::conflict, "The contract was changed meanwhile; reload it.");
  // The stations' cover stops on the last day of service (a contract ended before it began
  // covers none: to_date before from_date).
  if (after.endedOn)
    c.execute("UPDATE purchase_contract_stations SET to_date = ? WHERE contract_id = ? AND to_date > ?",
              {formatDate(*after.endedOn), before.id, formatDate(*after.endedOn)});
  audit_.append(c, actor, {"purchase_contract." + action, "purchase_contract", before.id, before.jurisdictionPath,
                           stateOf(before), stateOf(after)});
}

json::Obj ContractService::changeState(const http::Principal& p, const http::Actor& actor, const Contract& before,
                                       const Contract& after, const std::string& action) {
  db_.transaction([&](db::Connection& c) { applyState(c, actor, before, after, action); });
  return get(p, before.id);
}

json::Obj ContractService::activate(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto c = contractFor(p, id);
  if (auto why = activationRefusal(c.status, c.start, todayInChina())) throw Error(Code::conflict, *why);
  auto after = c;
  after.status = "active";
  return changeState(p, actor, c, after, "activate");
}

json::Obj ContractService::end(const http::Principal& p, const http::Actor& actor, int64_t id) {
  auto c = contractFor(p, id);
  if (auto why = endRefusal(c.status, c.end, todayInChina())) throw Error(Code::conflict, *why);
  auto after = c;
  after.status = "ended";
  after.endedOn = c.end;
  return changeState(p, actor, c, after, "end");
}

Contract ContractService::terminated(const Contract& c, const Date& on, const std::string& reason) {
  if (auto why = terminationRefusal(c.status)) throw Error(Code::conflict, *why);
  if (on > c.end)
    throw Error(Code::validation_failed, "A contract ends by its end date.",
                {{"on", "must be on or before the end date " + formatDate(c.end)}});
  auto after = c;
  after.status = "terminated";
  after.endedOn = on;
  after.endReason = reason;
  return after;
}

json::Obj ContractService::terminate(const http::Principal& p, const http::Actor& actor, int64_t id, const Date& on,
                                     const std::string& reason) {
  auto c = contractFor(p, id);
  return changeState(p, actor, c, terminated(c, on, reason), "terminate");
}

}  // namespace sr::procurement
