#include <map>
#include <set>

#include "workforce/Workforce.h"

namespace sr::workforce {

namespace sql {
constexpr std::string_view kEmploymentCols =
    "SELECT e.id, e.person_id, e.agency_id, e.station_id, e.jurisdiction_path, e.post, e.grade, e.state, e.start_date, "
    "e.end_date, e.probation_end, e.ended_on, e.probation_pay_pct, e.end_reason, e.pay_factor_bp, e.first_job, e.transferred_from, e.service_from FROM employments e";
}

namespace {
std::optional<Date> optDate(const std::optional<std::string>& s) { return s ? parseDate(*s) : std::nullopt; }
db::Param dateParam(const std::optional<Date>& d) { return d ? db::Param(formatDate(*d)) : db::Param(nullptr); }

Employment employmentFrom(const db::Row& r) {
  return {r.i64("id"),
          r.i64("person_id"),
          r.i64("agency_id"),
          r.i64("station_id"),
          r.str("jurisdiction_path"),
          r.str("post"),
          static_cast<int>(r.i64("grade")),
          r.str("state"),
          *parseDate(r.str("start_date")),
          optDate(r.optStr("end_date")),
          optDate(r.optStr("probation_end")),
          optDate(r.optStr("ended_on")),
          static_cast<int>(r.i64("probation_pay_pct")),
          r.optStr("end_reason"),
          r.i64("pay_factor_bp"),
          r.i64("first_job") != 0,
          r.optI64("transferred_from"),
          optDate(r.optStr("service_from"))};
}

// Status filter as SQL over the stored state and dates (the same rule as employmentStatus).
void appendStatusFilter(const std::string& status, const std::string& today, std::string& where, db::Params& params) {
  // A contract past its end date, neither renewed nor ended, is "expired" whatever else holds.
  const std::string inTerm = " AND (e.end_date IS NULL OR e.end_date >= ?)";
  if (status == "probation") {
    where += " AND e.state = 'employed' AND e.probation_end >= ?" + inTerm;
    params.insert(params.end(), {today, today});
  } else if (status == "active") {
    where += " AND e.state = 'employed' AND (e.probation_end IS NULL OR e.probation_end < ?)" + inTerm;
    params.insert(params.end(), {today, today});
  } else if (status == "notice") {
    where += " AND ((e.state = 'notice'" + inTerm + ") OR (e.state = 'ended' AND e.ended_on >= ?))";
    params.insert(params.end(), {today, today});
  } else if (status == "expired") {
    where += " AND e.state <> 'ended' AND e.end_date < ?";
    params.emplace_back(today);
  } else if (status == "ended") {
    where += " AND e.state = 'ended' AND e.ended_on < ?";
    params.emplace_back(today);
  } else if (status == "current") {  // everyone not yet gone
    where += " AND (e.state <> 'ended' OR e.ended_on >= ?)";
    params.emplace_back(today);
  }
}

std::optional<Employment> findIn(db::Connection& c, int64_t id, bool lock) {
  auto row = c.queryOne(std::string(sql::kEmploymentCols) + " WHERE e.id = ?" + std::string(lock ? c.forUpdate() : ""),
                        {id});
  return row ? std::optional(employmentFrom(*row)) : std::nullopt;
}

int64_t insertAssignment(db::Connection& c, int64_t employmentId, const Date& on, int64_t stationId,
                         const std::string& post, int grade, int64_t factorBp, const std::string& reason) {
  // One change a day (assignments_one_per_day): the key decides, so two sent at once record one.
  try {
    return c.insert(
        "INSERT INTO assignments (employment_id, effective_on, station_id, post, grade, pay_factor_bp, reason, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        {employmentId, formatDate(on), stationId, post, int64_t{grade}, factorBp, reason, nowSeconds()});
  } catch (const db::UniqueViolation&) {
    throw Error(Code::conflict, "A change is already recorded for this date.", {{"effective_on", "already has a change"}});
  }
}
}  // namespace

HireInput readHire(const json::Obj& body, Validator& v) {
  json::Reader in(body, v);
  in.rejectUnknown({"person", "certificates", "station_id", "post", "grade", "grade_reason", "start_date", "end_date",
                    "probation_months", "probation_pay_pct", "first_job"});
  HireInput h;
  auto today = todayInChina();
  if (!in.has("person")) {
    v.add("person", "is required");
  } else if (body->get("person").type() != typeid(json::Obj)) {
    v.add("person", "must be an object");
  } else {
    h.person = people::readPersonInput(body->getObject("person"), v, "person", today);
  }
  if (in.has("certificates")) {
    auto list = body->getArray("certificates");
    if (!list) {
      v.add("certificates", "must be an array");
    } else {
      for (std::size_t i = 0; i < list->size(); ++i) {
        std::string prefix = "certificates[" + std::to_string(i) + "]";
        auto item = list->getObject(static_cast<unsigned>(i));
        if (!item) {
          v.add(prefix, "must be an object");
          continue;
        }
        if (auto c = certification::readCertificate(item, v, prefix)) h.certificates.push_back(*c);
      }
    }
  }
  h.stationId = in.id("station_id", true).value_or(0);
  h.post = in.string("post", true, 20).value_or("");
  h.grade = static_cast<int>(in.integer("grade", true, 1, 30).value_or(1));
  h.gradeReason = in.string("grade_reason", false, 200);
  h.startDate = in.date("start_date", true).value_or(today);
  h.endDate = in.date("end_date", false);
  h.probationMonths = static_cast<int>(in.integer("probation_months", false, 0, 6).value_or(0));
  h.probationPayPct = static_cast<int>(in.integer("probation_pay_pct", false, 0, 100).value_or(kMinProbationPayPct));
  h.firstJob = in.boolean("first_job", false).value_or(false);
  return h;
}

PlaceRules EmploymentService::placeRules(const org::Station& s, const Date& on) const {
  auto j = org_.findJurisdiction(s.jurisdictionId);
  auto policy = policy_.effective(*j, on).effective.policy;
  auto staffing = policy->getObject("staffing");
  PlaceRules r;
  r.policy = policy;
  r.filingDays = static_cast<int>(policy->getValue<int64_t>("filing_deadline_days"));
  if (policy->has("contract_years")) r.contractYears = static_cast<int>(policy->getValue<int64_t>("contract_years"));
  r.eligibility.maxAge = static_cast<int>(staffing->getValue<int64_t>("max_age"));
  r.eligibility.minEducation =
      people::parseEducation(staffing->getValue<std::string>("min_education")).value_or(people::Education::secondary);
  r.eligibility.qualificationRequired =
      staffing->has("qualification_required") && staffing->getValue<bool>("qualification_required");
  auto placement = policy->getObject("placement");
  for (const auto& [table, out] : {std::pair{"education_grades", &r.placement.educationGrades},
                                   std::pair{"certificate_grades", &r.placement.certificateGrades}}) {
    auto grades = placement->getObject(table);
    for (const auto& key : grades->getNames()) (*out)[key] = static_cast<int>(grades->getValue<int64_t>(key));
  }
  r.scale = scales_.inForce(*j, on);
  return r;
}

void EmploymentService::checkPost(const HireInput& in, const PlaceRules& rules, Validator& v) {
  if (v.has("post") || v.has("grade")) return;
  if (!rules.scale) {
    v.add("post", "no salary scale applies at this station on the start date; a bureau must set one first");
    return;
  }
  const auto& scale = rules.scale->scale;
  if (pay::baseFor(scale, in.post, in.grade)) return;
  bool known = false;
  std::string codes;
  for (const auto& p : scale.posts) {
    known = known || p == in.post;
    codes += (codes.empty() ? "" : ", ") + p;
  }
  if (!known)
    v.add("post", "is not a post of the scale in force (" + codes + ")");
  else
    v.add("grade", "must be from 1 to " + std::to_string(scale.grades) + " on the scale in force");
}

void EmploymentService::checkTerm(const HireInput& in, const PlaceRules& rules, Validator& v) {
  if (v.has("end_date")) return;
  if (auto problem = contractTermProblem(rules.contractYears, in.startDate, in.endDate)) {
    auto source = policy::citation(rules.policy, "contract_years");
    v.add("end_date", *problem + " (contract_years" + (source.empty() ? "" : "; " + source) + ")");
  }
}

json::Obj EmploymentService::toJson(const Employment& e, const Date& today) const {
  auto o = json::object();
  o->set("id", e.id);
  o->set("person_id", e.personId);
  o->set("agency_id", e.agencyId);
  o->set("station_id", e.stationId);
  o->set("post", e.post);
  o->set("grade", e.grade);
  o->set("status", employmentStatus(e.state, e.probationEnd, e.endedOn, today, e.endDate));
  o->set("start_date", formatDate(e.startDate));
  o->set("end_date", json::orNull(e.endDate));
  o->set("probation_end", json::orNull(e.probationEnd));
  o->set("probation_pay_pct", e.probationPayPct);
  o->set("ended_on", json::orNull(e.endedOn));
  o->set("end_reason", json::orNull(e.endReason));
  o->set("first_job", e.firstJob);
  o->set("transferred_from", json::orNull(e.transferredFrom));
  o->set("service_from", formatDate(e.serviceStart()));
  return o;
}

json::Obj EmploymentService::detailJson(const http::Principal& p, const Employment& e) const {
  auto o = toJson(e, todayInChina());
  db_.read<int>([&](db::Connection& c) {
    if (auto person = people_.find(c, e.personId)) o->set("person", people_.toJson(*person, p.role));
    // Listed on the blacklist while in post: the employer (and the bureau) review it; the listing
    // does not end the contract by itself (issue #12). A worker reads their own listing in their case.
    if (p.role != http::Role::worker && e.state != "ended") {
      auto keys = people_.idKeysOf(c, {e.personId});
      if (auto h = keys.find(e.personId); h != keys.end())
        if (auto listed = blacklist_.listedOn(c, h->second, todayInChina()); listed.listed) {
          auto b = json::object();
          b->set("until", listed.until ? Poco::Dynamic::Var(formatDate(*listed.until)) : Poco::Dynamic::Var());
          b->set("note", std::string(blacklist::kListedWhileEmployedNote));
          o->set("blacklisted", b);
        }
    }
    // Names for people who may not read stations and agencies themselves (a worker).
    if (auto names = c.queryOne("SELECT s.name AS station_name, a.name AS agency_name FROM stations s JOIN agencies a "
                                "ON a.id = s.agency_id WHERE s.id = ?",
                                {e.stationId})) {
      o->set("station_name", names->str("station_name"));
      o->set("agency_name", names->str("agency_name"));
    }
    auto contracts = json::array();
    for (auto& r : c.query("SELECT seq, kind, start_date, end_date, probation_months, probation_end FROM contracts "
                           "WHERE employment_id = ? ORDER BY seq",
                           {e.id})) {
      auto t = json::object();
      t->set("seq", r.i64("seq"));
      t->set("kind", r.str("kind"));
      t->set("start_date", r.str("start_date"));
      t->set("end_date", json::orNull(r.optStr("end_date")));
      t->set("probation_months", r.i64("probation_months"));
      t->set("probation_end", json::orNull(r.optStr("probation_end")));
      contracts->add(t);
    }
    o->set("contracts", contracts);
    auto history = json::array();
    for (auto& r : c.query("SELECT effective_on, station_id, post, grade, pay_factor_bp, reason FROM assignments WHERE employment_id = ? "
                           "ORDER BY effective_on",
                           {e.id})) {
      auto a = json::object();
      a->set("effective_on", r.str("effective_on"));
      a->set("station_id", r.i64("station_id"));
      a->set("post", r.str("post"));
      a->set("grade", r.i64("grade"));
      a->set("pay_factor_bp", r.i64("pay_factor_bp"));
      a->set("reason", r.str("reason"));
      history->add(a);
    }
    o->set("assignments", history);
    return 0;
  });
  return o;
}

void EmploymentService::checkContract(const HireInput& in, Validator& v) const {
  if (v.has("start_date") || v.has("end_date")) return;
  for (auto& e : contractProblems({in.startDate, in.endDate, in.probationMonths, in.probationPayPct, false}))
    v.add(e.field, e.message);
}

std::vector<std::optional<Error>> EmploymentService::screen(db::Connection& c, const std::vector<PreparedHire>& rows) const {
  std::vector<std::pair<std::vector<std::string>, Date>> keysOn;
  for (const auto& h : rows) keysOn.emplace_back(h.idKeys, h.in.startDate);
  auto listed = blacklist_.listedAmong(c, keysOn);
  std::vector<std::string> keys;  // every row's keys, in row order
  for (const auto& h : rows) keys.insert(keys.end(), h.idKeys.begin(), h.idKeys.end());

  // Who is already in the registry, their employments and certificates: one query each per chunk.
  struct Known {
    int64_t id;
    std::string name;
  };
  std::map<std::string, Known> known;
  struct Past {
    int64_t agencyId;
    bool active;
    std::optional<std::string> endedOn;
  };
  std::map<int64_t, std::vector<Past>> employments;
  std::map<int64_t, std::vector<certification::Held>> certificates;
  db::forChunks(keys.size(), [&](std::size_t from, std::size_t to) {
    db::Params hashes(keys.begin() + static_cast<std::ptrdiff_t>(from), keys.begin() + static_cast<std::ptrdiff_t>(to));
    db::Params ids;
    for (auto& r : c.query("SELECT id, id_hash, name FROM persons WHERE id_hash IN (" + db::placeholders(to - from) + ")",
                           hashes)) {
      known[r.str("id_hash")] = {r.i64("id"), r.str("name")};
      ids.emplace_back(r.i64("id"));
    }
    if (ids.empty()) return;
    for (auto& r : c.query("SELECT person_id, agency_id, active_person_id, ended_on FROM employments WHERE person_id IN (" +
                               db::placeholders(ids.size()) + ")",
                           ids))
      employments[r.i64("person_id")].push_back({r.i64("agency_id"), !r.isNull("active_person_id"), r.optStr("ended_on")});
    for (auto& r : c.query("SELECT person_id, level, passed_on, registered_until FROM certificates WHERE person_id IN (" +
                               db::placeholders(ids.size()) + ")",
                           ids))
      if (auto level = certification::parseLevel(r.str("level")))
        certificates[r.i64("person_id")].push_back({*level, *parseDate(r.str("passed_on")), *parseDate(r.str("registered_until"))});
  });

  std::vector<std::optional<Error>> out;
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const auto& h = rows[row];
    const auto& in = h.in;
    const Known* existing = nullptr;
    for (const auto& k : h.idKeys)
      if (auto person = known.find(k); !existing && person != known.end()) existing = &person->second;
    std::vector<Past> past = existing ? employments[existing->id] : std::vector<Past>{};
    auto start = formatDate(in.startDate);
    bool busy = false, sameEmployer = false;
    for (const auto& e : past) {
      busy = busy || e.active || (e.endedOn && *e.endedOn >= start);
      sameEmployer = sameEmployer || e.agencyId == h.station.agencyId;
    }
    // Certificates valid on the start date, on record or brought with the hire; the highest counts for placement.
    std::vector<certification::Held> held = existing ? certificates[existing->id] : std::vector<certification::Held>{};
    for (const auto& cert : in.certificates) held.push_back({cert.level, cert.passedOn, cert.registeredUntil});
    auto highest = certification::highestValid(held, in.startDate);
    bool certified = highest.has_value();
    int suggested = h.rules.scale ? pay::suggestedGrade(h.rules.placement, std::string(people::educationName(in.person.education)),
                                                        highest ? std::optional(std::string(certification::levelName(*highest)))
                                                                : std::nullopt,
                                                        h.rules.scale->scale.grades)
                                  : in.grade;
    auto problems = eligibilityProblems(
        h.rules.eligibility, {people::idFacts(in.person.idNumber).birthDate, in.person.education, in.person.socialWorkMajor, certified},
        in.startDate);

    // In this order: the blacklist, another employment (never saying where), the place's rules,
    // the registry's name for the ID number, one probation per employer.
    if (listed[row])
      out.emplace_back(Error(Code::blacklisted, "This person is on the sector blacklist on the start date."));
    else if (busy)
      out.emplace_back(Error(Code::already_employed, "This person already has an employment that is not over on the start date."));
    else if (!problems.empty())
      out.emplace_back(Error(Code::ineligible, "The person does not meet this place's rules for the post.", problems));
    else if (existing && existing->name != in.person.name)
      out.emplace_back(Error(Code::validation_failed, "The name does not match the registry record for this ID number.",
                             {{"person.name", "does not match the registered name for this ID number"}}));
    else if (sameEmployer && in.probationMonths > 0)
      out.emplace_back(Error(Code::validation_failed, "A second probation with the same employer is not allowed.",
                             {{"probation_months", "must be 0: this worker already served a probation with this employer"}}));
    else if (in.grade != suggested && !in.gradeReason)
      out.emplace_back(Error(Code::validation_failed, "The grade differs from the suggested placement.",
                             {{"grade", "differs from the suggested grade " + std::to_string(suggested) +
                                            " (education and certificates); give grade_reason"}}));
    else
      out.emplace_back(std::nullopt);
  }
  return out;
}

Employment EmploymentService::record(db::Connection& c, const http::Actor& actor, const PreparedHire& h) const {
  const auto& in = h.in;
  const auto& station = h.station;
  auto [person, created] = people_.findOrCreate(c, actor, in.person, station.jurisdictionPath);
  for (std::size_t i = 0; i < in.certificates.size(); ++i)
    certs_.addInTx(c, actor, person.id, in.certificates[i], station.jurisdictionPath,
                   "certificates[" + std::to_string(i) + "].number");
  auto now = nowSeconds();
  auto probation = probationEnd(in.startDate, in.probationMonths);
  Employment e{0,         person.id,   station.agencyId,   station.id,    station.jurisdictionPath, in.post, in.grade,
               "employed", in.startDate, in.endDate,        probation,     std::nullopt,             in.probationPayPct,
               std::nullopt, 10000, in.firstJob, std::nullopt, std::nullopt};
  // This employer's way to pay and reach the worker, kept with the employment (issue #10).
  std::optional<people::PeopleService::SealedAccount> bank;
  if (in.person.bankAccount) bank = people_.sealBankAccount(*in.person.bankAccount);
  e.id = c.insert(
      "INSERT INTO employments (person_id, agency_id, station_id, jurisdiction_path, post, grade, state, start_date, "
      "end_date, probation_end, probation_pay_pct, active_person_id, bank_sealed, bank_masked, phone, education, "
      "social_work_major, first_job, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'employed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?)",
      {e.personId, e.agencyId, e.stationId, e.jurisdictionPath, e.post, int64_t{e.grade}, formatDate(e.startDate),
       dateParam(e.endDate), dateParam(e.probationEnd), int64_t{e.probationPayPct}, e.personId,
       bank ? db::Param(bank->sealed) : db::Param(nullptr), bank ? db::Param(bank->masked) : db::Param(nullptr),
       db::nullable(in.person.phone), std::string(people::educationName(in.person.education)),
       int64_t{in.person.socialWorkMajor}, int64_t{in.firstJob}, now, now});
  c.execute(
      "INSERT INTO contracts (employment_id, seq, kind, start_date, end_date, probation_months, probation_end, "
      "created_at) VALUES (?, 1, 'initial', ?, ?, ?, ?, ?)",
      {e.id, formatDate(e.startDate), dateParam(e.endDate), int64_t{in.probationMonths}, dateParam(probation), now});
  insertAssignment(c, e.id, e.startDate, e.stationId, e.post, e.grade, e.payFactorBp,
                   in.gradeReason ? "hire: " + *in.gradeReason : "hire");
  auto after = toJson(e, todayInChina());
  audit_.append(c, actor, {"employment.hire", "employment", e.id, e.jurisdictionPath, nullptr, after});
  filings_.file(c, actor, {"hire", e.id, e.agencyId, e.stationId, e.jurisdictionPath, e.startDate, h.rules.filingDays, after});
  return e;
}

Employment EmploymentService::hire(const http::Principal& p, const http::Actor& actor, const HireInput& in, Validator v) {
  std::optional<org::Station> station;
  if (!v.has("station_id")) {
    station = org_.findStation(in.stationId);
    // Only the agency that runs the station hires for it.
    if (!station || !access::actsFor(p, station->agencyId)) {
      v.add("station_id", "no such station");
      station.reset();
    }
  }
  checkContract(in, v);
  PlaceRules rules;
  if (station && !v.has("start_date")) {
    rules = placeRules(*station, in.startDate);
    checkPost(in, rules, v);
    checkTerm(in, rules, v);
  }
  v.throwIfAny();
  PreparedHire h{in, *station, rules, people_.idKeys(in.person.idNumber)};
  try {
    return db_.transact<Employment>([&](db::Connection& c) {
      if (auto refusal = screen(c, {h}).front()) throw *refusal;
      return record(c, actor, h);
    });
  } catch (const db::UniqueViolation&) {
    // Two hires of one person raced; the unique key on active_person_id let only one through.
    throw Error(Code::already_employed, "This person already has an employment that is not over on the start date.");
  }
}

Employment EmploymentService::employmentFor(const http::Principal& p, int64_t id) const {
  auto e = db_.read<std::optional<Employment>>([&](db::Connection& c) { return findIn(c, id, false); });
  if (!e) throwNotFound("Employment");
  access::require(p, e->owner());
  return *e;
}

std::vector<Employment> EmploymentService::employmentsFor(const http::Principal& p, const std::vector<int64_t>& ids) const {
  std::map<int64_t, Employment> found;
  if (!ids.empty())
    db_.read<int>([&](db::Connection& c) {
      for (const auto& r : c.query(std::string(sql::kEmploymentCols) + " WHERE e.id IN (" + db::placeholders(ids.size()) + ")",
                                   db::Params(ids.begin(), ids.end()))) {
        auto e = employmentFrom(r);
        found.emplace(e.id, e);
      }
      return 0;
    });
  std::vector<Employment> out;
  for (auto id : ids) {
    auto it = found.find(id);
    if (it == found.end()) throwNotFound("Employment");
    access::require(p, it->second.owner());
    out.push_back(it->second);
  }
  return out;
}

std::vector<Employment> EmploymentService::list(const http::Principal& p, const ListFilter& filter, int64_t after,
                                                int limit) const {
  std::string where = " WHERE e.id > ?";
  db::Params params{after};
  access::appendScopeFilter(p, {"e.jurisdiction_path", "e.agency_id", "e.person_id"}, where, params);
  if (filter.stationId) {
    where += " AND e.station_id = ?";
    params.emplace_back(*filter.stationId);
  }
  if (filter.agencyId) {
    where += " AND e.agency_id = ?";
    params.emplace_back(*filter.agencyId);
  }
  if (filter.status) appendStatusFilter(*filter.status, formatDate(todayInChina()), where, params);
  if (filter.search) {
    // A whole ID number finds its person by the keyed hash; anything else is part of a name.
    if (!people::idNumberProblem(*filter.search, todayInChina())) {
      auto keys = people_.idKeys(people::normalizeIdNumber(*filter.search));
      where += " AND e.person_id IN (SELECT id FROM persons WHERE id_hash IN (" + db::placeholders(keys.size()) + "))";
      params.insert(params.end(), keys.begin(), keys.end());
    } else {
      std::string pattern = "%";
      for (char ch : *filter.search) {
        if (ch == '%' || ch == '_' || ch == '!') pattern += '!';
        pattern += ch;
      }
      where += " AND e.person_id IN (SELECT id FROM persons WHERE name LIKE ? ESCAPE '!')";
      params.emplace_back(pattern + "%");
    }
  }
  params.emplace_back(int64_t{limit});
  return db_.read<std::vector<Employment>>([&](db::Connection& c) {
    std::vector<Employment> out;
    for (auto& r : c.query(std::string(sql::kEmploymentCols) + where + " ORDER BY e.id LIMIT ?", params))
      out.push_back(employmentFrom(r));
    return out;
  });
}

std::map<int64_t, std::string> EmploymentService::personNames(const std::vector<Employment>& list) const {
  std::vector<int64_t> ids;
  for (const auto& e : list) ids.push_back(e.personId);
  std::map<int64_t, std::string> out;
  db_.read<int>([&](db::Connection& c) {
    for (auto& [id, person] : people_.findMany(c, ids)) out[id] = person.name;
    return 0;
  });
  return out;
}

Employment EmploymentService::change(const http::Principal& p, const http::Actor& actor, int64_t id,
                                     const ChangeInput& in, Validator v) {
  auto e = employmentFor(p, id);
  access::requireActsFor(p, e.agencyId);
  std::optional<org::Station> station;
  if (in.stationId && !v.has("station_id")) {
    station = org_.findStation(*in.stationId);
    if (!station || station->agencyId != e.agencyId) v.add("station_id", "no such station of this agency");
  }
  if (!in.stationId && !in.post && !in.grade) v.add("effective_on", "name at least one of station_id, post, grade to change");
  if (in.effectiveOn < e.startDate) v.add("effective_on", "is before the employment started");
  v.throwIfAny();
  if (e.state == "ended") throw Error(Code::conflict, "This employment has ended.");
  Employment next = e;
  if (station) {
    next.stationId = station->id;
    next.jurisdictionPath = station->jurisdictionPath;
  }
  if (in.post) next.post = *in.post;
  if (in.grade) next.grade = *in.grade;
  if (next.stationId == e.stationId && next.post == e.post && next.grade == e.grade)
    throw Error(Code::validation_failed, "Nothing would change.", {{"effective_on", "station, post and grade are already so"}});
  auto rules = placeRules(station ? *station : org_.findStation(e.stationId).value(), in.effectiveOn);
  HireInput onScale;
  onScale.post = next.post;
  onScale.grade = next.grade;
  checkPost(onScale, rules, v);  // the new post and grade must be on the scale in force then
  v.throwIfAny();
  db_.transaction([&](db::Connection& c) {
    auto locked = findIn(c, id, true);
    recordChange(c, actor, *locked, next, in.effectiveOn, in.reason, rules.filingDays);
  });
  return next;
}

void EmploymentService::recordChange(db::Connection& c, const http::Actor& actor, const Employment& before,
                                     const Employment& after, const Date& effectiveOn, const std::string& reason,
                                     int filingDays) const {
  auto id = before.id;
  auto latest = c.queryOne("SELECT MAX(effective_on) AS d FROM assignments WHERE employment_id = ?", {id});
  if (latest && !latest->isNull("d") && formatDate(effectiveOn) <= latest->str("d"))
    throw Error(Code::validation_failed, "Changes are recorded in date order.",
                {{"effective_on", "must be after the latest recorded change on " + latest->str("d")}});
  insertAssignment(c, id, effectiveOn, after.stationId, after.post, after.grade, after.payFactorBp, reason);
  c.execute("UPDATE employments SET station_id = ?, jurisdiction_path = ?, post = ?, grade = ?, pay_factor_bp = ?, "
            "updated_at = ? WHERE id = ?",
            {after.stationId, after.jurisdictionPath, after.post, int64_t{after.grade}, after.payFactorBp, nowSeconds(), id});
  auto today = todayInChina();
  auto b = toJson(before, today), a = toJson(after, today);
  audit_.append(c, actor, {"employment.change", "employment", id, after.jurisdictionPath, b, a});
  auto details = json::object();
  details->set("before", b);
  details->set("after", a);
  details->set("reason", reason);
  filings_.file(c, actor, {after.stationId != before.stationId ? "transfer" : "change", id, after.agencyId, after.stationId,
                           after.jurisdictionPath, effectiveOn, filingDays, details});
}

Employment EmploymentService::renew(const http::Principal& p, const http::Actor& actor, int64_t id,
                                    const std::optional<Date>& endDate, bool workerRequestedFixedTerm) {
  auto e = employmentFor(p, id);
  access::requireActsFor(p, e.agencyId);
  if (e.state == "ended") throw Error(Code::conflict, "This employment has ended.");
  if (!e.endDate) throw Error(Code::conflict, "This contract is open-ended; there is nothing to renew.");
  auto start = addDays(*e.endDate, 1);
  if (endDate && *endDate < start)
    throw Error(Code::validation_failed, "The new term ends before it starts.",
                {{"end_date", "must be on or after " + formatDate(start)}});
  // Every contract so far was fixed-term (an open-ended one is never renewed), and consecutive.
  auto fixedTerms = db_.read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM contracts WHERE employment_id = ?", {id})->i64("n");
  });
  if (openEndedRequired(static_cast<int>(fixedTerms), endDate.has_value()) && !workerRequestedFixedTerm)
    throw Error(Code::open_ended_required,
                "This would be the third consecutive fixed-term contract: the worker is owed an open-ended one "
                "(Labor Contract Law Art. 14(3)).",
                {{"end_date", "must be null for an open-ended contract, unless worker_requested_fixed_term is true"}});
  // Art. 14(1): ten years in a row with the employer, counting years with a previous agency of the
  // station when the worker came with it (Implementing Regulations Art. 10).
  if (tenYearsServed(e.serviceStart(), start) && endDate && !workerRequestedFixedTerm)
    throw Error(Code::open_ended_required,
                "The worker has served ten years in a row since " + formatDate(e.serviceStart()) +
                    ": they are owed an open-ended contract (Labor Contract Law Art. 14(1)).",
                {{"end_date", "must be null for an open-ended contract, unless worker_requested_fixed_term is true"}});
  int filingDays = placeRules(org_.findStation(e.stationId).value(), start).filingDays;
  Employment next = e;
  next.endDate = endDate;
  auto today = todayInChina();
  db_.transaction([&](db::Connection& c) {
    auto locked = findIn(c, id, true);
    if (locked->endDate != e.endDate) throw Error(Code::conflict, "The contract was changed meanwhile; reload it.");
    auto seq = c.queryOne("SELECT MAX(seq) AS s FROM contracts WHERE employment_id = ?", {id})->i64("s") + 1;
    // A renewal never carries a probation (Art. 19: once per employer).
    c.execute("INSERT INTO contracts (employment_id, seq, kind, start_date, end_date, probation_months, probation_end, "
              "worker_requested_fixed_term, created_at) VALUES (?, ?, 'renewal', ?, ?, 0, NULL, ?, ?)",
              {id, seq, formatDate(start), dateParam(endDate),
               int64_t{workerRequestedFixedTerm && openEndedRequired(static_cast<int>(fixedTerms), endDate.has_value())},
               nowSeconds()});
    // Conditional on the term renewed: two renewals at once extend it once (the contracts_seq key
    // refuses the second's row too).
    if (c.execute("UPDATE employments SET end_date = ?, updated_at = ? WHERE id = ? AND end_date = ? AND state <> 'ended'",
                  {dateParam(endDate), nowSeconds(), id, dateParam(e.endDate)}) != 1)
      throw Error(Code::conflict, "The contract was changed meanwhile; reload it.");
    auto before = toJson(*locked, today), after = toJson(next, today);
    audit_.append(c, actor, {"employment.renew", "employment", id, e.jurisdictionPath, before, after});
    filings_.file(c, actor, {"renewal", id, e.agencyId, e.stationId, e.jurisdictionPath, start, filingDays, after});
  });
  return next;
}

bool EmploymentService::setOnNotice(db::Connection& c, int64_t id, bool onNotice) const {
  return c.execute("UPDATE employments SET state = ?, updated_at = ? WHERE id = ? AND state = ?",
                   {std::string(onNotice ? "notice" : "employed"), nowSeconds(), id,
                    std::string(onNotice ? "employed" : "notice")}) == 1;
}

Employment EmploymentService::end(const http::Principal& p, const http::Actor& actor, int64_t id, const EndInput& in,
                                  const std::function<void(db::Connection&)>& alsoInTx) {
  auto e = employmentFor(p, id);
  access::requireActsFor(p, e.agencyId);
  if (e.state == "ended") throw Error(Code::conflict, "This employment has already ended.");
  Validator v;
  if (in.lastDay < e.startDate) v.add("last_day", "is before the employment started");
  if (in.reason == "contract_expired" && (!e.endDate || in.lastDay != *e.endDate))
    v.add("last_day", e.endDate ? "must be the contract's end date " + formatDate(*e.endDate) + " for an expired contract"
                                : "an open-ended contract does not expire");
  if (in.reason == "probation_failed" && (!e.probationEnd || in.lastDay > *e.probationEnd))
    v.add("reason", "probation_failed applies only within the probation period");
  v.throwIfAny();
  Employment next = e;
  next.state = "ended";
  next.endedOn = in.lastDay;
  next.endReason = in.reason;
  db_.transaction([&](db::Connection& c) {
    endIn(c, actor, e, in);
    if (alsoInTx) alsoInTx(c);
  });
  return next;
}

void EmploymentService::endIn(db::Connection& c, const http::Actor& actor, const Employment& e, const EndInput& in) const {
  int filingDays = placeRules(org_.findStation(e.stationId).value(), in.lastDay).filingDays;
  Employment next = e;
  next.state = "ended";
  next.endedOn = in.lastDay;
  next.endReason = in.reason;
  auto today = todayInChina();
  auto locked = findIn(c, e.id, true);
  // The transition itself is conditional: two endings at once end it once, on any engine or node.
  if (c.execute("UPDATE employments SET state = 'ended', active_person_id = NULL, ended_on = ?, end_reason = ?, "
                "updated_at = ? WHERE id = ? AND state <> 'ended'",
                {formatDate(in.lastDay), in.reason, nowSeconds(), e.id}) != 1)
    throw Error(Code::conflict, "This employment has already ended.");
  auto before = toJson(*locked, today), after = toJson(next, today);
  if (in.note) after->set("note", *in.note);
  audit_.append(c, actor, {"employment.end", "employment", e.id, e.jurisdictionPath, before, after});
  filings_.file(c, actor, {"departure", e.id, e.agencyId, e.stationId, e.jurisdictionPath, in.lastDay, filingDays, after});
}

std::vector<Employment> EmploymentService::inPostAt(int64_t stationId, const Date& day) const {
  auto d = formatDate(day);
  return db_.read<std::vector<Employment>>([&](db::Connection& c) {
    std::vector<Employment> out;
    for (const auto& r : c.query(std::string(sql::kEmploymentCols) +
                                     " WHERE e.station_id = ? AND e.start_date <= ? AND (e.ended_on IS NULL OR e.ended_on >= ?) "
                                     "AND e.state <> 'ended' ORDER BY e.id",
                                 {stationId, d, d}))
      out.push_back(employmentFrom(r));
    return out;
  });
}

std::vector<Employment> EmploymentService::startingFrom(int64_t stationId, const Date& day) const {
  return db_.read<std::vector<Employment>>([&](db::Connection& c) {
    std::vector<Employment> out;
    for (const auto& r : c.query(std::string(sql::kEmploymentCols) +
                                     " WHERE e.station_id = ? AND e.start_date >= ? AND e.state <> 'ended' ORDER BY e.id",
                                 {stationId, formatDate(day)}))
      out.push_back(employmentFrom(r));
    return out;
  });
}

Employment EmploymentService::transferIn(db::Connection& c, const http::Actor& actor, const Employment& old, int64_t newAgencyId,
                                         const Date& from, const std::optional<Date>& contractEnd) const {
  endIn(c, actor, old, {addDays(from, -1), "transferred", std::string("the station passed to another agency")});
  Employment e = old;
  e.agencyId = newAgencyId;
  e.state = "employed";
  e.startDate = from;
  e.endDate = contractEnd;
  e.probationEnd.reset();  // the same work continues: no new probation
  e.endedOn.reset();
  e.endReason.reset();
  e.firstJob = false;
  e.transferredFrom = old.id;
  e.serviceFrom = old.serviceStart();
  const auto now = nowSeconds();
  // The person's account, phone and education go with them; the old row stays as it was.
  e.id = c.insert("INSERT INTO employments (person_id, agency_id, station_id, jurisdiction_path, post, grade, state, start_date, "
                  "end_date, probation_end, probation_pay_pct, active_person_id, bank_sealed, bank_masked, phone, education, "
                  "social_work_major, first_job, pay_factor_bp, transferred_from, service_from, created_at, updated_at) "
                  "SELECT person_id, ?, station_id, jurisdiction_path, post, grade, 'employed', ?, ?, NULL, probation_pay_pct, "
                  "person_id, bank_sealed, bank_masked, phone, education, social_work_major, 0, pay_factor_bp, id, ?, ?, ? "
                  "FROM employments WHERE id = ?",
                  {newAgencyId, formatDate(from), dateParam(contractEnd), formatDate(*e.serviceFrom), now, now, old.id});
  c.execute("INSERT INTO contracts (employment_id, seq, kind, start_date, end_date, probation_months, probation_end, created_at) "
            "VALUES (?, 1, 'initial', ?, ?, 0, NULL, ?)",
            {e.id, formatDate(from), dateParam(contractEnd), now});
  insertAssignment(c, e.id, from, e.stationId, e.post, e.grade, e.payFactorBp, "transfer: station handed over");
  auto after = toJson(e, todayInChina());
  audit_.append(c, actor, {"employment.transfer_in", "employment", e.id, e.jurisdictionPath, nullptr, after});
  int filingDays = placeRules(org_.findStation(e.stationId).value(), from).filingDays;
  filings_.file(c, actor, {"hire", e.id, e.agencyId, e.stationId, e.jurisdictionPath, from, filingDays, after});
  return e;
}

Employment EmploymentService::changeBankAccount(const http::Principal& p, const http::Actor& actor, int64_t id,
                                                const std::string& account) {
  auto e = employmentFor(p, id);
  access::requireActsFor(p, e.agencyId);
  if (e.state == "ended") throw Error(Code::conflict, "An ended employment's bank account no longer changes.");
  auto bank = people_.sealBankAccount(account);
  db_.transaction([&](db::Connection& c) {
    auto old = c.queryOne("SELECT bank_sealed, bank_masked FROM employments WHERE id = ?", {id});
    if (auto sealed = old->optStr("bank_sealed"); sealed && people_.protection().open("bank_account", *sealed) == account)
      return;  // already this account: a repeated request changes nothing
    // Conditional on the account read: two changes at once, or one racing the end, apply once.
    if (c.execute("UPDATE employments SET bank_sealed = ?, bank_masked = ?, updated_at = ? WHERE id = ? AND state <> 'ended' "
                  "AND COALESCE(bank_sealed, '') = ?",
                  {bank.sealed, bank.masked, nowSeconds(), id, old->optStr("bank_sealed").value_or("")}) != 1)
      throw Error(Code::conflict, "The employment changed meanwhile; reload it.");
    c.execute("INSERT INTO employment_accounts (employment_id, bank_sealed, bank_masked, replaced_at, replaced_by) VALUES "
              "(?, ?, ?, ?, ?)",
              {id, db::nullable(old->optStr("bank_sealed")), db::nullable(old->optStr("bank_masked")), nowSeconds(),
               db::nullable(actor.userId)});
    auto before = json::object(), after = json::object();
    before->set("bank_account", json::orNull(old->optStr("bank_masked")));
    after->set("bank_account", bank.masked);
    audit_.append(c, actor, {"employment.bank_account", "employment", id, e.jurisdictionPath, before, after});
  });
  return employmentFor(p, id);
}

int EmploymentService::fileExpiredContracts(const Date& today) const {
  auto rows = db_.read<std::vector<db::Row>>([&](db::Connection& c) {
    return c.query(std::string(sql::kEmploymentCols) +
                       " WHERE e.state <> 'ended' AND e.end_date < ? AND (e.expiry_filed_on IS NULL OR "
                       "e.expiry_filed_on <> e.end_date) ORDER BY e.id LIMIT 1000",
                   {formatDate(today)});
  });
  const auto actor = http::systemActor("contract expiry");
  int filed = 0;
  std::map<std::pair<int64_t, std::string>, int> deadlines;  // per station and day: the place's rules, read once
  for (const auto& row : rows) {
    auto e = employmentFrom(row);
    auto key = std::make_pair(e.stationId, formatDate(*e.endDate));
    auto it = deadlines.find(key);
    if (it == deadlines.end())
      it = deadlines.emplace(key, placeRules(org_.findStation(e.stationId).value(), *e.endDate).filingDays).first;
    int filingDays = it->second;
    filed += db_.transact<int>([&](db::Connection& c) {
      if (c.execute("UPDATE employments SET expiry_filed_on = end_date WHERE id = ? AND end_date = ? AND state <> 'ended' "
                    "AND (expiry_filed_on IS NULL OR expiry_filed_on <> end_date)",
                    {e.id, formatDate(*e.endDate)}) != 1)
        return 0;  // renewed, ended or filed meanwhile
      auto after = toJson(e, today);
      audit_.append(c, actor, {"employment.expire", "employment", e.id, e.jurisdictionPath, nullptr, after});
      filings_.file(c, actor, {"departure", e.id, e.agencyId, e.stationId, e.jurisdictionPath, *e.endDate, filingDays, after});
      return 1;
    });
  }
  return filed;
}

std::map<int64_t, people::Person> EmploymentService::peopleOf(db::Connection& c, const std::vector<db::Row>& rows) const {
  std::vector<int64_t> ids;
  for (const auto& r : rows) ids.push_back(r.i64("person_id"));
  return people_.findMany(c, ids);
}

json::Arr EmploymentService::contractsEnding(const http::Principal& p, int64_t agencyId, int days) const {
  auto agency = org_.agencyFor(p, agencyId);
  auto today = todayInChina();
  auto out = json::array();
  db_.read<int>([&](db::Connection& c) {
    auto rows = c.query("SELECT e.id, e.person_id, e.station_id, e.end_date, (SELECT COUNT(*) FROM contracts k WHERE "
                        "k.employment_id = e.id) AS terms FROM employments e WHERE e.agency_id = ? AND e.state <> 'ended' "
                        "AND e.end_date IS NOT NULL AND e.end_date <= ? ORDER BY e.end_date, e.id",
                        {agency.id, formatDate(addDays(today, days))});
    auto persons = peopleOf(c, rows);
    for (const auto& r : rows) {
      auto end = *parseDate(r.str("end_date"));
      auto o = json::object();
      o->set("employment_id", r.i64("id"));
      o->set("name", persons.at(r.i64("person_id")).name);
      o->set("station_id", r.i64("station_id"));
      o->set("end_date", formatDate(end));
      o->set("days_left", daysBetween(today, end));  // negative: expired, neither renewed nor ended
      o->set("fixed_terms", r.i64("terms"));
      // The next renewal owes an open-ended contract unless the worker asks for a fixed term.
      o->set("open_ended_due", openEndedRequired(static_cast<int>(r.i64("terms")), true));
      out->add(o);
    }
    return 0;
  });
  return out;
}

json::Arr EmploymentService::probationsEnding(const http::Principal& p, int64_t agencyId, int days) const {
  auto agency = org_.agencyFor(p, agencyId);
  auto today = todayInChina();
  auto out = json::array();
  db_.read<int>([&](db::Connection& c) {
    auto rows = c.query("SELECT e.id, e.person_id, e.station_id, e.probation_end FROM employments e WHERE e.agency_id = ? "
                        "AND e.state = 'employed' AND e.probation_end >= ? AND e.probation_end <= ? "
                        "ORDER BY e.probation_end, e.id",
                        {agency.id, formatDate(today), formatDate(addDays(today, days))});
    auto persons = peopleOf(c, rows);
    for (const auto& r : rows) {
      auto o = json::object();
      o->set("employment_id", r.i64("id"));
      o->set("name", persons.at(r.i64("person_id")).name);
      o->set("station_id", r.i64("station_id"));
      o->set("probation_end", r.str("probation_end"));
      out->add(o);
    }
    return 0;
  });
  return out;
}

std::map<int64_t, int64_t> EmploymentService::headcountByStation(const http::Principal& p) const {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  access::appendScopeFilter(p, {"e.jurisdiction_path", "e.agency_id", "e.person_id"}, where, params);
  appendStatusFilter("current", formatDate(todayInChina()), where, params);
  return db_.read<std::map<int64_t, int64_t>>([&](db::Connection& c) {
    std::map<int64_t, int64_t> out;
    for (auto& r : c.query("SELECT e.station_id, COUNT(*) AS n FROM employments e" + where + " GROUP BY e.station_id", params))
      out[r.i64("station_id")] = r.i64("n");
    return out;
  });
}

Employment EmploymentService::mine(const http::Principal& p) const {
  auto e = db_.read<std::optional<Employment>>([&](db::Connection& c) -> std::optional<Employment> {
    auto row = c.queryOne(std::string(sql::kEmploymentCols) +
                              " WHERE e.person_id = ? ORDER BY CASE WHEN e.active_person_id IS NULL THEN 1 ELSE 0 END, "
                              "e.id DESC LIMIT 1",
                          {p.personId.value_or(0)});
    return row ? std::optional(employmentFrom(*row)) : std::nullopt;
  });
  if (!e) throwNotFound("Employment");
  return *e;
}

std::optional<std::string> EmploymentService::workerUserScope(const http::Principal& creator, int64_t personId) const {
  return db_.read<std::optional<std::string>>([&](db::Connection& c) -> std::optional<std::string> {
    std::string where = " WHERE e.person_id = ?";
    db::Params params{personId};
    access::appendScopeFilter(creator, {"e.jurisdiction_path", "e.agency_id", ""}, where, params);
    auto row = c.queryOne(std::string(sql::kEmploymentCols) + where +
                              " ORDER BY CASE WHEN e.active_person_id IS NULL THEN 1 ELSE 0 END, e.id DESC LIMIT 1",
                          params);
    if (!row) return std::nullopt;
    return row->str("jurisdiction_path");
  });
}

}  // namespace sr::workforce
