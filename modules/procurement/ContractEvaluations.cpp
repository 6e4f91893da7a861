// Evaluations of purchase contracts and what follows from them: the next year's funding factor,
// renewal (Chengdu: 考评结果作为拨付资金、续签合同) and, for a fail under a scheme that says so, a
// proposal to terminate that the bureau confirms (Jinan: 经评估不合格的,终止政府购买服务合同).
#include "common/Text.h"
#include "policy/PolicyRules.h"
#include "procurement/Procurement.h"

namespace sr::procurement {

namespace {
// A number with at most two decimals as hundredths, or a problem under `at`.
std::optional<int64_t> hundredthsAt(const json::Obj& o, const std::string& key, const std::string& at, Validator& v,
                                    int64_t max) {
  if (!o->has(key)) {
    v.add(at, "is required");
    return std::nullopt;
  }
  auto h = policy::hundredths(o->get(key));
  if (!h) {
    v.add(at, "must be a number with at most two decimals");
    return std::nullopt;
  }
  if (*h < 0 || *h > max) {
    v.add(at, "is out of range");
    return std::nullopt;
  }
  return h;
}

// Hundredths as the number a scheme is written with (60, 92.5), so a stored scheme reads back.
Poco::Dynamic::Var number(int64_t h) {
  if (h % 100 == 0) return h / 100;
  return static_cast<double>(h) / 100.0;
}

json::Obj evaluationJson(const db::Row& r) {
  auto o = json::object();
  o->set("year", r.i64("year"));
  o->set("score", hundredthsText(r.i64("score_hundredths")));
  o->set("outcome", r.str("outcome"));
  o->set("tier", json::orNull(r.optStr("tier")));
  auto factor = r.optI64("funding_factor_hundredths");
  o->set("funding_factor", factor ? Poco::Dynamic::Var(hundredthsText(*factor)) : Poco::Dynamic::Var());
  o->set("proposal", json::orNull(r.optStr("proposal")));
  o->set("scores", json::parseObject(r.str("scores")));
  o->set("evaluated_on", r.str("evaluated_on"));
  o->set("note", json::orNull(r.optStr("note")));
  return o;
}
constexpr std::string_view kEvaluationCols =
    "SELECT year, score_hundredths, outcome, tier, funding_factor_hundredths, proposal, scores, evaluated_on, note "
    "FROM contract_evaluations";

struct StoredScheme {
  int64_t id = 0, jurisdictionId = 0;
  std::string effectiveFrom;
  Scheme scheme;
};
}  // namespace

Scheme readScheme(const json::Obj& body, Validator& v) {
  Scheme s;
  json::Reader in(body, v);
  in.rejectUnknown({"name", "indicators", "pass_mark", "tiers", "fail_terminates", "effective_from"});
  s.name = in.name("name", true, 100).value_or("");
  s.passMarkH = hundredthsAt(body, "pass_mark", "pass_mark", v, 10000).value_or(0);
  s.failTerminates = in.boolean("fail_terminates", false).value_or(false);
  in.objects("indicators", json::Reader::List::required, [&](json::Reader& r, const json::Obj&, const std::string&) {
    r.rejectUnknown({"key", "name", "weight", "max_score"});
    auto key = r.string("key", true, 40);
    auto name = r.name("name", true, 100);
    auto weight = r.integer("weight", true, 1, 100);
    auto max = r.integer("max_score", true, 1, 1000);
    if (key && name && weight && max) s.indicators.push_back({*key, *name, *weight, *max});
  });
  in.objects("tiers", json::Reader::List::optional, [&](json::Reader& r, const json::Obj& o, const std::string& at) {
    r.rejectUnknown({"name", "min_score", "funding_factor"});
    auto name = r.name("name", true, 50);
    auto min = hundredthsAt(o, "min_score", at + ".min_score", v, 10000);
    auto factor = hundredthsAt(o, "funding_factor", at + ".funding_factor", v, 1000);
    if (name && min && factor) s.tiers.push_back({*name, *min, *factor});
  });
  if (v.ok())
    for (auto& e : schemeProblems(s)) v.add(e.field, e.message);
  return s;
}

json::Obj schemeJson(const Scheme& s) {
  auto o = json::object();
  o->set("name", s.name);
  auto indicators = json::array();
  for (const auto& i : s.indicators) {
    auto x = json::object();
    x->set("key", i.key);
    x->set("name", i.name);
    x->set("weight", i.weight);
    x->set("max_score", i.maxScore);
    indicators->add(x);
  }
  o->set("indicators", indicators);
  o->set("pass_mark", number(s.passMarkH));
  auto tiers = json::array();
  for (const auto& t : s.tiers) {
    auto x = json::object();
    x->set("name", t.name);
    x->set("min_score", number(t.minScoreH));
    x->set("funding_factor", number(t.factorH));
    tiers->add(x);
  }
  o->set("tiers", tiers);
  o->set("fail_terminates", s.failTerminates);
  return o;
}

namespace {
// The scheme in force on `on` for a place: its own or its nearest ancestor's, the latest version.
std::optional<StoredScheme> findScheme(db::Database& db, const org::OrgService& org, const org::Jurisdiction& place,
                                       const Date& on) {
  auto lineage = org.lineage(place);
  db::Params params;
  for (const auto& j : lineage) params.emplace_back(j.id);
  params.emplace_back(formatDate(on));
  auto rows = db.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query("SELECT id, jurisdiction_id, effective_from, body FROM evaluation_schemes WHERE jurisdiction_id IN (" +
                       db::placeholders(lineage.size()) + ") AND effective_from <= ? ORDER BY effective_from DESC, id DESC",
                   params);
  });
  for (auto j = lineage.rbegin(); j != lineage.rend(); ++j)  // the nearest place first
    for (const auto& r : rows)
      if (r.i64("jurisdiction_id") == j->id) {
        Validator v;
        auto scheme = readScheme(json::parseObject(r.str("body")), v);
        return StoredScheme{r.i64("id"), r.i64("jurisdiction_id"), r.str("effective_from"), scheme};
      }
  return std::nullopt;
}
}  // namespace

json::Obj ContractService::setScheme(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId,
                                     const Date& effectiveFrom, const Scheme& scheme) {
  auto place = org_.jurisdictionFor(p, jurisdictionId);
  auto body = schemeJson(scheme);
  db_.transaction([&](db::Connection& c) {
    int64_t id = 0;
    try {
      id = c.insert("INSERT INTO evaluation_schemes (jurisdiction_id, effective_from, body, created_by, created_at) "
                    "VALUES (?, ?, ?, ?, ?)",
                    {place.id, formatDate(effectiveFrom), json::stringify(body), db::nullable(actor.userId), nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "This place already has a scheme from that day.", {{"effective_from", "already has a version"}});
    }
    audit_.append(c, actor, {"evaluation_scheme.set", "evaluation_scheme", id, place.path, nullptr, body});
  });
  return schemeFor(p, jurisdictionId, effectiveFrom);
}

json::Obj ContractService::schemeFor(const http::Principal& p, int64_t jurisdictionId, const Date& on) const {
  auto place = org_.jurisdictionFor(p, jurisdictionId);
  auto found = findScheme(db_, org_, place, on);
  if (!found) throwNotFound("Evaluation scheme");
  auto o = schemeJson(found->scheme);
  o->set("jurisdiction_id", found->jurisdictionId);
  o->set("effective_from", found->effectiveFrom);
  return o;
}

json::Arr ContractService::evaluationsOf(int64_t contractId) const {
  auto out = json::array();
  for (const auto& r : db_.read<std::vector<db::Row>>([&](db::Connection& c) {
         return c.query(std::string(kEvaluationCols) + " WHERE contract_id = ? ORDER BY year", {contractId});
       }))
    out->add(evaluationJson(r));
  return out;
}

std::map<int64_t, int64_t> ContractService::fundingFactors(const std::vector<Contract>& cs, int year) const {
  std::map<int64_t, int64_t> out;
  if (cs.empty()) return out;
  db::Params params{int64_t{year - 1}};
  for (const auto& c : cs) {
    params.emplace_back(c.id);
    params.emplace_back(c.renewedFrom.value_or(c.id));
  }
  std::map<int64_t, int64_t> evaluated;  // contract -> factor of its evaluation of year - 1
  db_.read<int>([&](db::Connection& conn) {
    for (const auto& r : conn.query("SELECT contract_id, funding_factor_hundredths FROM contract_evaluations WHERE year = ? AND "
                                    "contract_id IN (" + db::placeholders(params.size() - 1) + ")",
                                    params))
      evaluated[r.i64("contract_id")] = r.optI64("funding_factor_hundredths").value_or(100);
    return 0;
  });
  for (const auto& c : cs) {
    auto own = evaluated.find(c.id);
    auto before = c.renewedFrom ? evaluated.find(*c.renewedFrom) : evaluated.end();
    out[c.id] = own != evaluated.end() ? own->second : before != evaluated.end() ? before->second : 100;
  }
  return out;
}

json::Obj ContractService::evaluateContract(const http::Principal& p, const http::Actor& actor, int64_t id,
                                            const EvaluationInput& in) {
  auto c = contractFor(p, id);
  const int last = static_cast<int>(c.end.year());
  if (in.year < static_cast<int>(c.start.year()) || in.year > last)
    throw Error(Code::validation_failed, "The year is outside the contract's term.",
                {{"year", "must be from " + std::to_string(static_cast<int>(c.start.year())) + " to " + std::to_string(last)}});
  const Date yearEnd{std::chrono::year{in.year}, std::chrono::December, std::chrono::day{31}};
  auto place = org_.findJurisdiction(c.jurisdictionId).value();
  auto scheme = findScheme(db_, org_, place, yearEnd);
  if (!scheme)
    throw Error(Code::policy_incomplete, "No evaluation scheme is in force here for that year; the bureau sets one first.");
  std::vector<FieldError> problems;
  auto outcome = evaluate(scheme->scheme, in.scores, problems);
  if (!problems.empty()) throw Error(Code::validation_failed, "The request has invalid fields.", problems);
  auto scores = json::object();
  for (const auto& [key, score] : in.scores) scores->set(key, score);
  db_.transaction([&](db::Connection& conn) {
    try {
      conn.execute("INSERT INTO contract_evaluations (contract_id, year, scheme_id, scores, score_hundredths, outcome, tier, "
                   "funding_factor_hundredths, proposal, evaluated_on, note, created_by, created_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {c.id, int64_t{in.year}, scheme->id, json::stringify(scores), outcome.scoreH,
                    std::string(outcome.pass ? "pass" : "fail"), db::nullable(outcome.tier), db::nullable(outcome.factorH),
                    db::nullable(outcome.proposeTermination ? std::optional<std::string>("proposed") : std::nullopt),
                    formatDate(in.evaluatedOn), db::nullable(in.note), db::nullable(actor.userId), nowSeconds()});
    } catch (const db::UniqueViolation&) {
      throw Error(Code::conflict, "This year's evaluation is already recorded.", {{"year", "is already evaluated"}});
    }
    auto after = json::object();
    after->set("year", in.year);
    after->set("score", hundredthsText(outcome.scoreH));
    after->set("outcome", outcome.pass ? "pass" : "fail");
    after->set("tier", json::orNull(outcome.tier));
    audit_.append(conn, actor, {"purchase_contract.evaluate", "purchase_contract", c.id, c.jurisdictionPath, nullptr, after});
  });
  return get(p, id);
}

json::Obj ContractService::decideProposal(const http::Principal& p, const http::Actor& actor, int64_t id, int year,
                                          bool confirm, const std::optional<Date>& on, const std::string& reason) {
  auto c = contractFor(p, id);
  std::optional<Contract> after;
  if (confirm) after = terminated(c, on.value_or(todayInChina()), reason);
  db_.transaction([&](db::Connection& conn) {
    if (conn.execute("UPDATE contract_evaluations SET proposal = ? WHERE contract_id = ? AND year = ? AND proposal = 'proposed'",
                     {std::string(confirm ? "confirmed" : "dismissed"), c.id, int64_t{year}}) != 1)
      throw Error(Code::conflict, "No proposal to terminate awaits a decision for that year.");
    if (after) applyState(conn, actor, c, *after, "terminate");
    auto state = json::object();
    state->set("year", year);
    state->set("proposal", confirm ? "confirmed" : "dismissed");
    state->set("reason", reason);
    audit_.append(conn, actor, {"purchase_contract.proposal", "purchase_contract", c.id, c.jurisdictionPath, nullptr, state});
  });
  return get(p, id);
}

json::Obj ContractService::renew(const http::Principal& p, const http::Actor& actor, int64_t id, const RenewalInput& in) {
  auto c = contractFor(p, id);
  if (c.status != "active" && c.status != "ended")
    throw Error(Code::conflict, "Only an active or ended contract can be renewed (this one is " + c.status + ").");
  auto latest = db_.read<std::optional<db::Row>>([&](db::Connection& conn) {
    return conn.queryOne("SELECT year, outcome FROM contract_evaluations WHERE contract_id = ? ORDER BY year DESC LIMIT 1",
                         {c.id});
  });
  if (!latest) throw Error(Code::conflict, "A contract is renewed on a passing evaluation; this one has none.");
  if (latest->str("outcome") != "pass")
    throw Error(Code::conflict,
                "A contract is renewed on a passing evaluation; its latest (" + latest->str("year") + ") failed.");
  Contract next = c;
  next.id = 0;
  next.status = "signed";
  next.endedOn.reset();
  next.endReason.reset();
  next.renewedFrom = c.id;
  next.reference = in.reference;
  next.start = addDays(c.end, 1);
  // The same length of term: as many calendar months as the old one ran, less a day.
  const int months = (static_cast<int>(next.start.year()) - static_cast<int>(c.start.year())) * 12 +
                     static_cast<int>(static_cast<unsigned>(next.start.month())) -
                     static_cast<int>(static_cast<unsigned>(c.start.month()));
  next.end = in.end.value_or(addDays(addMonths(next.start, months), -1));
  if (next.end < next.start)
    throw Error(Code::validation_failed, "The new term ends before it begins.",
                {{"end_date", "must be on or after " + formatDate(next.start)}});
  if (in.annualStandardFen) next.annualStandardFen = *in.annualStandardFen;
  // The stations it still covered at its end and their agency still runs (one handed over
  // meanwhile stays with its new agency's contract).
  next.stations.clear();
  for (const auto& s : c.stations) {
    auto station = org_.findStation(s.stationId);
    if (s.to == c.end && station && station->agencyId == c.agencyId)
      next.stations.push_back({s.stationId, s.fundedPosts, next.start, next.end});
  }
  if (next.stations.empty()) throw Error(Code::conflict, "No station of this contract is left to renew.");
  auto newId = db_.transact<int64_t>([&](db::Connection& conn) { return record(conn, actor, next); });
  return get(p, newId);
}

}  // namespace sr::procurement
