#include "common/Access.h"
#include "common/Mask.h"
#include "common/RateLimit.h"
#include "common/Time.h"
#include "people/People.h"

namespace sr::people {

namespace sql {
constexpr std::string_view kPersonCols =
    "SELECT p.id, p.id_sealed, p.id_masked, p.name, p.education, p.social_work_major, p.phone, "
    "p.bank_sealed, p.bank_masked FROM persons p";
}

namespace {
Person personFrom(const db::Row& r) {
  return {r.i64("id"),
          r.str("id_sealed"),
          r.str("id_masked"),
          r.str("name"),
          parseEducation(r.str("education")).value_or(Education::secondary),
          r.i64("social_work_major") != 0,
          r.optStr("phone"),
          r.optStr("bank_sealed"),
          r.optStr("bank_masked")};
}
}  // namespace

std::optional<std::string> checkedIdNumber(std::string_view text, const std::string& field, Validator& v,
                                           const Date& today) {
  if (auto problem = idNumberProblem(text, today)) {
    v.add(field, *problem);
    return std::nullopt;
  }
  return normalizeIdNumber(text);
}

PersonInput readPersonInput(const json::Obj& obj, Validator& v, const std::string& prefix, const Date& today) {
  json::Reader in(obj, v, prefix);
  in.rejectUnknown({"name", "id_number", "education", "social_work_major", "phone", "bank_account"});
  PersonInput p;
  p.name = in.name("name", true, 100).value_or("");
  auto id = in.string("id_number", true, 18);
  if (id && !id->empty()) p.idNumber = checkedIdNumber(*id, in.path("id_number"), v, today).value_or("");
  auto education = in.oneOf("education", true, {"secondary", "college", "bachelor", "master", "doctorate"});
  if (education) p.education = *parseEducation(*education);
  p.socialWorkMajor = in.boolean("social_work_major", false).value_or(false);
  p.phone = in.string("phone", false, 20);
  if (p.phone && !p.phone->empty()) {
    if (auto problem = phoneProblem(*p.phone)) v.add(in.path("phone"), *problem);
  } else {
    p.phone.reset();
  }
  auto bank = in.string("bank_account", false, 40);
  if (bank && !bank->empty()) {
    if (auto problem = bankAccountProblem(*bank))
      v.add(in.path("bank_account"), *problem);
    else
      p.bankAccount = normalizeBankAccount(*bank);
  }
  return p;
}

PeopleService::SealedAccount PeopleService::sealBankAccount(const std::string& normalized) const {
  return {protection_.seal("bank_account", normalized), mask::bankAccount(normalized)};
}

std::string PeopleService::bankAccountFor(http::Role role, const std::optional<std::string>& sealed,
                                          const std::optional<std::string>& masked) const {
  if (!sealed) return "";
  return revealsBankAccount(role) ? protection_.open("bank_account", *sealed) : masked.value_or("");
}

bool revealsIdNumber(http::Role role) { return role == http::Role::agency_admin || role == http::Role::payroll_officer; }
bool revealsBankAccount(http::Role role) { return role == http::Role::payroll_officer; }

void appendPersonScope(const http::Principal& p, std::string& where, db::Params& params) {
  if (p.role == http::Role::admin) return;
  if (p.role == http::Role::worker) {
    where += " AND p.id = ?";
    params.emplace_back(p.personId.value_or(0));
    return;
  }
  where += " AND EXISTS (SELECT 1 FROM employments se WHERE se.person_id = p.id";
  access::appendScopeFilter(p, {"se.jurisdiction_path", "se.agency_id", "se.person_id"}, where, params);
  where += ")";
}

std::optional<Person> PeopleService::findByIdKeys(db::Connection& c, const std::vector<std::string>& keys) const {
  auto row = c.queryOne(std::string(sql::kPersonCols) + " WHERE p.id_hash IN (" + db::placeholders(keys.size()) + ") ORDER BY p.id LIMIT 1",
                        db::Params(keys.begin(), keys.end()));
  return row ? std::optional(personFrom(*row)) : std::nullopt;
}

std::optional<Person> PeopleService::find(db::Connection& c, int64_t id) const {
  auto row = c.queryOne(std::string(sql::kPersonCols) + " WHERE p.id = ?", {id});
  return row ? std::optional(personFrom(*row)) : std::nullopt;
}

std::pair<Person, bool> PeopleService::findOrCreate(db::Connection& c, const http::Actor& actor, const PersonInput& in,
                                                    const std::string& scopePath) const {
  auto hash = idHash(in.idNumber);
  auto now = nowSeconds();
  if (auto existing = findByIdKeys(c, idKeys(in.idNumber))) {
    // The new employer's phone, bank account, education and major go on its employment (the
    // caller records them), never over the registry's: a former employer's records and payslips
    // keep theirs (issue #10).
    return {*existing, false};
  }
  Person p{0,
           protection_.seal("id_number", in.idNumber),
           mask::idNumber(in.idNumber),
           in.name,
           in.education,
           in.socialWorkMajor,
           in.phone,
           std::nullopt,
           std::nullopt};
  if (in.bankAccount) {  // a new person's registry record starts with the account of their first hire
    auto bank = sealBankAccount(*in.bankAccount);
    p.bankSealed = bank.sealed;
    p.bankMasked = bank.masked;
  }
  p.id = c.insert(
      "INSERT INTO persons (id_hash, id_sealed, id_masked, name, education, social_work_major, phone, "
      "bank_sealed, bank_masked, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {hash, p.idSealed, p.idMasked, p.name, std::string(educationName(p.education)), int64_t{p.socialWorkMajor}, db::nullable(p.phone),
       db::nullable(p.bankSealed), db::nullable(p.bankMasked), now, now});
  audit_.append(c, actor, {"person.create", "person", p.id, scopePath, nullptr, toJson(p, http::Role::admin)});
  return {p, true};
}

std::map<int64_t, std::vector<std::string>> PeopleService::idKeysOf(db::Connection& c, const std::vector<int64_t>& ids) const {
  // From the sealed number, not the stored hash: a blacklist entry may not be resealed yet when
  // its person is, or the other way round.
  std::map<int64_t, std::vector<std::string>> out;
  db::forChunks(ids.size(), [&](std::size_t from, std::size_t to) {
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(to));
    for (auto& r : c.query("SELECT id, id_sealed FROM persons WHERE id IN (" + db::placeholders(to - from) + ")", params))
      out.emplace(r.i64("id"), idKeys(protection_.open("id_number", r.str("id_sealed"))));
  });
  return out;
}

std::map<int64_t, Person> PeopleService::findMany(db::Connection& c, const std::vector<int64_t>& ids) const {
  std::map<int64_t, Person> out;
  db::forChunks(ids.size(), [&](std::size_t from, std::size_t to) {
    db::Params params(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(to));
    for (auto& r : c.query(std::string(sql::kPersonCols) + " WHERE p.id IN (" + db::placeholders(to - from) + ")", params))
      out.emplace(r.i64("id"), personFrom(r));
  });
  return out;
}

bool PeopleService::visible(db::Connection& c, const http::Principal& p, int64_t personId) const {
  std::string where = " WHERE p.id = ?";
  db::Params params{personId};
  appendPersonScope(p, where, params);
  return c.queryOne("SELECT p.id FROM persons p" + where, params).has_value();
}

Person PeopleService::personFor(const http::Principal& p, int64_t id) const {
  return db_.read<Person>([&](db::Connection& c) {
    std::string where = " WHERE p.id = ?";
    db::Params params{id};
    appendPersonScope(p, where, params);
    auto row = c.queryOne(std::string(sql::kPersonCols) + where, params);
    if (!row) throwNotFound("Person");
    return personFrom(*row);
  });
}

std::vector<Person> PeopleService::list(const http::Principal& p, const http::Actor& actor, int64_t after, int limit,
                                        const std::optional<std::string>& idNumber,
                                        const std::optional<std::string>& name) const {
  std::string where = " WHERE p.id > ?";
  db::Params params{after};
  if (idNumber) {
    auto keys = idKeys(normalizeIdNumber(*idNumber));
    where += " AND p.id_hash IN (" + db::placeholders(keys.size()) + ")";
    params.insert(params.end(), keys.begin(), keys.end());
  }
  if (name) {
    where += " AND p.name = ?";
    params.emplace_back(*name);
  }
  appendPersonScope(p, where, params);
  params.emplace_back(int64_t{limit});
  auto read = [&](db::Connection& c) {
    std::vector<Person> out;
    for (auto& r : c.query(std::string(sql::kPersonCols) + where + " ORDER BY p.id LIMIT ?", params))
      out.push_back(personFrom(r));
    return out;
  };
  if (!idNumber) return db_.read<std::vector<Person>>(read);
  // A whole ID number confirms a guess: each search is limited per user and filed, under the
  // searcher's own area, for their bureau to see (issue #13, finding 4).
  return db_.transact<std::vector<Person>>([&](db::Connection& c) {
    ratelimit::require(c, ratelimit::idSearchKey(p.userId), ratelimit::kIdSearch, nowSeconds());
    auto out = read(c);
    auto record = json::object();
    record->set("id_number", mask::idNumber(*idNumber));
    record->set("found", static_cast<int64_t>(out.size()));
    audit_.append(c, actor, {"person.id_search", "person", std::nullopt, p.homePath, nullptr, record});
    return out;
  });
}

IdFacts PeopleService::idFactsOf(const std::string& idSealed) const {
  return idFacts(protection_.open("id_number", idSealed));
}

json::Obj PeopleService::toJson(const Person& person, http::Role viewer) const {
  auto o = json::object();
  o->set("id", person.id);
  o->set("name", person.name);
  const auto whole = protection_.open("id_number", person.idSealed);  // opened once, for both
  const auto facts = idFacts(whole);
  if (revealsIdNumber(viewer)) {
    o->set("id_number", whole);
    o->set("birth_date", formatDate(facts.birthDate));
  } else {
    // A masked number with its birth date beside it left about nine candidates, and one
    // whole-number search confirmed the right one (issue #13, finding 4): age only.
    o->set("id_number", person.idMasked);
    o->set("age", ageOn(facts.birthDate, todayInChina()));
  }
  o->set("sex", facts.sex == 'M' ? "male" : "female");
  o->set("education", std::string(educationName(person.education)));
  o->set("social_work_major", person.socialWorkMajor);
  o->set("phone", json::orNull(person.phone));
  if (person.bankSealed && revealsBankAccount(viewer))
    o->set("bank_account", protection_.open("bank_account", *person.bankSealed));
  else
    o->set("bank_account", json::orNull(person.bankMasked));
  return o;
}

}  // namespace sr::people
