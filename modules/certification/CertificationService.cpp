#include "certification/Certification.h"

namespace sr::certification {

namespace sql {
constexpr std::string_view kCertCols =
    "SELECT c.id, c.person_id, c.level, c.number, c.passed_on, c.registered_until FROM certificates c";
}

namespace {
Certificate certFrom(const db::Row& r) {
  return {r.i64("id"), r.i64("person_id"), *parseLevel(r.str("level")), r.str("number"), *parseDate(r.str("passed_on")),
          *parseDate(r.str("registered_until"))};
}

int hoursBetween(db::Connection& c, int64_t personId, const Date& from, const Date& until) {
  auto row = c.queryOne("SELECT COALESCE(SUM(hours), 0) AS h FROM education_records WHERE person_id = ? AND taken_on >= ? "
                        "AND taken_on <= ?",
                        {personId, formatDate(from), formatDate(until)});
  return static_cast<int>(row->i64("h"));
}
}  // namespace

std::optional<CertificateInput> readCertificate(const json::Obj& obj, Validator& v, const std::string& prefix) {
  json::Reader in(obj, v, prefix);
  in.rejectUnknown({"level", "number", "passed_on", "registered_until"});
  auto level = in.oneOf("level", true, {"assistant", "intermediate", "senior"});
  auto number = in.string("number", true, 40);
  auto passed = in.date("passed_on", true);
  auto until = in.date("registered_until", true);
  if (!level || !number || number->empty() || !passed || !until) return std::nullopt;
  CertificateInput c{*parseLevel(*level), *number, *passed, *until};
  for (auto& e : certificateProblems(c, todayInChina(), prefix.empty() ? "" : prefix + ".")) v.add(e.field, e.message);
  return c;
}

Certificate CertificationService::addInTx(db::Connection& c, const http::Actor& actor, int64_t personId,
                                          const CertificateInput& in, const std::string& scopePath,
                                          const std::string& field) const {
  Certificate cert{0, personId, in.level, in.number, in.passedOn, in.registeredUntil};
  auto now = nowSeconds();
  try {  // the unique key decides: two sent at once record one
    cert.id = c.insert(
        "INSERT INTO certificates (person_id, level, number, passed_on, registered_until, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        {personId, std::string(levelName(in.level)), in.number, formatDate(in.passedOn), formatDate(in.registeredUntil), now});
  } catch (const db::UniqueViolation&) {
    throw Error(Code::conflict, "A certificate with this number is already recorded.", {{field, "is already recorded"}});
  }
  c.execute(
      "INSERT INTO certificate_registrations (certificate_id, registered_from, registered_until, hours_counted, created_at) "
      "VALUES (?, ?, ?, 0, ?)",
      {cert.id, formatDate(std::max(in.passedOn, registeredFrom(in.registeredUntil))), formatDate(in.registeredUntil), now});
  auto after = json::object();
  after->set("person_id", personId);
  after->set("level", std::string(levelName(in.level)));
  after->set("number", in.number);
  after->set("passed_on", formatDate(in.passedOn));
  after->set("registered_until", formatDate(in.registeredUntil));
  audit_.append(c, actor, {"certificate.create", "certificate", cert.id, scopePath, nullptr, after});
  return cert;
}

bool CertificationService::anyValidOn(db::Connection& c, int64_t personId, const Date& on) const {
  auto d = formatDate(on);
  return c.queryOne("SELECT id FROM certificates WHERE person_id = ? AND passed_on <= ? AND registered_until >= ?",
                    {personId, d, d})
      .has_value();
}

std::optional<db::Row> CertificationService::workplaceOf(db::Connection& c, int64_t personId) const {
  // The current (or latest) employment's station: whose records these are, and whose policy applies.
  return c.queryOne(
      "SELECT e.jurisdiction_path, s.jurisdiction_id FROM employments e JOIN stations s ON s.id = e.station_id "
      "WHERE e.person_id = ? ORDER BY CASE WHEN e.active_person_id IS NULL THEN 1 ELSE 0 END, e.id DESC LIMIT 1",
      {personId});
}

std::string CertificationService::scopePathOf(db::Connection& c, int64_t personId) const {
  auto row = workplaceOf(c, personId);
  return row ? row->str("jurisdiction_path") : "";
}

int CertificationService::hoursRequired(db::Connection& c, int64_t personId, Level level, const Date& on) const {
  auto row = workplaceOf(c, personId);
  json::Obj policy;
  if (auto j = row ? org_.findJurisdiction(row->i64("jurisdiction_id")) : std::nullopt)
    policy = policy_.effective(*j, on).effective.policy;
  else
    policy = json::parseObject(*policy::preset("national"));
  return static_cast<int>(
      policy->getObject("continuing_education_hours")->getValue<int64_t>(std::string(levelName(level))));
}

void CertificationService::requireVisible(const http::Principal& p, int64_t personId) const {
  if (!db_.read<bool>([&](db::Connection& c) { return people_.visible(c, p, personId); })) throwNotFound("Person");
}

json::Obj CertificationService::toJson(db::Connection& c, const Certificate& cert, const Date& today) const {
  auto from = registeredFrom(cert.registeredUntil);
  auto o = json::object();
  o->set("id", cert.id);
  o->set("person_id", cert.personId);
  o->set("level", std::string(levelName(cert.level)));
  o->set("number", cert.number);
  o->set("passed_on", formatDate(cert.passedOn));
  o->set("registered_until", formatDate(cert.registeredUntil));
  o->set("valid", validOn(cert.passedOn, cert.registeredUntil, today));
  o->set("period_from", formatDate(from));
  o->set("hours_earned", hoursBetween(c, cert.personId, from, cert.registeredUntil));
  o->set("hours_required", hoursRequired(c, cert.personId, cert.level, today));
  o->set("renewal_opens_on", formatDate(renewalOpensOn(cert.registeredUntil)));
  o->set("renewal_window_open", inRenewalWindow(cert.registeredUntil, today));
  o->set("days_left", daysBetween(today, cert.registeredUntil));
  return o;
}

json::Obj CertificationService::add(const http::Principal& p, const http::Actor& actor, int64_t personId,
                                    const CertificateInput& in) {
  requireVisible(p, personId);
  auto cert = db_.transact<Certificate>([&](db::Connection& c) {
    return addInTx(c, actor, personId, in, scopePathOf(c, personId), "number");
  });
  return db_.read<json::Obj>([&](db::Connection& c) { return toJson(c, cert, todayInChina()); });
}

json::Obj CertificationService::addEducation(const http::Principal& p, const http::Actor& actor, int64_t personId,
                                             const EducationInput& in) {
  requireVisible(p, personId);
  auto o = json::object();
  db_.transaction([&](db::Connection& c) {
    auto id = c.insert("INSERT INTO education_records (person_id, taken_on, hours, provider, created_at) VALUES (?, ?, ?, ?, ?)",
                       {personId, formatDate(in.takenOn), int64_t{in.hours}, in.provider, nowSeconds()});
    o->set("id", id);
    o->set("person_id", personId);
    o->set("taken_on", formatDate(in.takenOn));
    o->set("hours", in.hours);
    o->set("provider", in.provider);
    audit_.append(c, actor, {"education.create", "education_record", id, scopePathOf(c, personId), nullptr, o});
  });
  return o;
}

json::Obj CertificationService::overview(const http::Principal& p, int64_t personId) const {
  requireVisible(p, personId);
  auto today = todayInChina();
  return db_.read<json::Obj>([&](db::Connection& c) {
    auto certs = json::array();
    for (auto& r : c.query(std::string(sql::kCertCols) + " WHERE c.person_id = ? ORDER BY c.id", {personId}))
      certs->add(toJson(c, certFrom(r), today));
    auto records = json::array();
    for (auto& r : c.query("SELECT id, taken_on, hours, provider FROM education_records WHERE person_id = ? ORDER BY taken_on, id",
                           {personId})) {
      auto o = json::object();
      o->set("id", r.i64("id"));
      o->set("taken_on", r.str("taken_on"));
      o->set("hours", r.i64("hours"));
      o->set("provider", r.str("provider"));
      records->add(o);
    }
    auto o = json::object();
    o->set("person_id", personId);
    o->set("certificates", certs);
    o->set("education_records", records);
    return o;
  });
}

json::Obj CertificationService::renew(const http::Principal& p, const http::Actor& actor, int64_t certificateId) {
  auto today = todayInChina();
  auto cert = db_.read<std::optional<Certificate>>([&](db::Connection& c) -> std::optional<Certificate> {
    auto row = c.queryOne(std::string(sql::kCertCols) + " WHERE c.id = ?", {certificateId});
    if (!row || !people_.visible(c, p, row->i64("person_id"))) return std::nullopt;
    return certFrom(*row);
  });
  if (!cert) throwNotFound("Certificate");
  auto from = registeredFrom(cert->registeredUntil);
  RenewalCheck check = db_.read<RenewalCheck>([&](db::Connection& c) {
    return RenewalCheck{hoursBetween(c, cert->personId, from, cert->registeredUntil),
                        hoursRequired(c, cert->personId, cert->level, today), inRenewalWindow(cert->registeredUntil, today)};
  });
  auto problems = renewalProblems(check, cert->registeredUntil);
  if (!problems.empty()) throw Error(Code::validation_failed, "The registration cannot be renewed yet.", problems);
  auto next = addYears(cert->registeredUntil, kRegistrationYears);
  return db_.transact<json::Obj>([&](db::Connection& c) {
    if (c.execute("UPDATE certificates SET registered_until = ? WHERE id = ? AND registered_until = ?",
                  {formatDate(next), cert->id, formatDate(cert->registeredUntil)}) != 1)
      throw Error(Code::conflict, "The registration was renewed meanwhile.");
    c.execute(
        "INSERT INTO certificate_registrations (certificate_id, registered_from, registered_until, hours_counted, "
        "created_at) VALUES (?, ?, ?, ?, ?)",
        {cert->id, formatDate(addDays(cert->registeredUntil, 1)), formatDate(next), int64_t{check.hoursEarned}, nowSeconds()});
    auto before = toJson(c, *cert, today);
    Certificate renewed = *cert;
    renewed.registeredUntil = next;
    auto after = toJson(c, renewed, today);
    audit_.append(c, actor, {"certificate.renew", "certificate", cert->id, scopePathOf(c, cert->personId), before, after});
    return after;
  });
}

json::Arr CertificationService::expiring(const http::Principal& p, int days, int limit) const {
  auto today = todayInChina();
  std::string where = " WHERE c.registered_until >= ? AND c.registered_until <= ?";
  db::Params params{formatDate(today), formatDate(addDays(today, days))};
  people::appendPersonScope(p, where, params);
  params.emplace_back(int64_t{limit});
  return db_.read<json::Arr>([&](db::Connection& c) {
    auto out = json::array();
    for (auto& r : c.query("SELECT c.id, c.person_id, c.level, c.number, c.passed_on, c.registered_until, p.name "
                           "FROM certificates c JOIN persons p ON p.id = c.person_id" +
                               where + " ORDER BY c.registered_until, c.id LIMIT ?",
                           params)) {
      auto cert = certFrom(r);
      auto o = json::object();
      o->set("certificate_id", cert.id);
      o->set("person_id", cert.personId);
      o->set("name", r.str("name"));
      o->set("level", std::string(levelName(cert.level)));
      o->set("number", cert.number);
      o->set("registered_until", formatDate(cert.registeredUntil));
      o->set("days_left", daysBetween(today, cert.registeredUntil));
      const bool window = inRenewalWindow(cert.registeredUntil, today);
      o->set("renewal_window_open", window);
      // Hours matter to re-registration: counted for those whose window is open (few at a time).
      if (window) {
        o->set("hours_earned", hoursBetween(c, cert.personId, registeredFrom(cert.registeredUntil), cert.registeredUntil));
        o->set("hours_required", hoursRequired(c, cert.personId, cert.level, today));
      }
      out->add(o);
    }
    return out;
  });
}

}  // namespace sr::certification
