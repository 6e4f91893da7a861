#pragma once
// The person registry: one record per national ID number, shared by every agency. An agency
// sees a person only through its own employments, a bureau through employments at stations in
// its area, a worker only themself.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/DataProtection.h"
#include "common/Database.h"
#include "common/Http.h"
#include "people/PersonRules.h"

namespace sr::people {

// Birth date and sex are read from the sealed ID number when needed (PeopleService::idFactsOf),
// never kept in the clear: beside a masked number they would leave a handful of candidates
// (issue #13, finding 4).
struct Person {
  int64_t id = 0;
  std::string idSealed, idMasked, name;
  Education education = Education::secondary;
  bool socialWorkMajor = false;
  std::optional<std::string> phone, bankSealed, bankMasked;
};

// A hire's "person" object, already checked field by field (readPersonInput).
struct PersonInput {
  std::string name, idNumber;  // idNumber normalised
  Education education = Education::secondary;
  bool socialWorkMajor = false;
  std::optional<std::string> phone, bankAccount;  // bankAccount normalised
};

// Reads and checks {"name","id_number","education","social_work_major","phone","bank_account"};
// problems go to `v` under `prefix` ("person.id_number").
PersonInput readPersonInput(const json::Obj& obj, Validator& v, const std::string& prefix, const Date& today);

// The ID number in `text`, normalised, or nullopt after adding the problem under `field`.
std::optional<std::string> checkedIdNumber(std::string_view text, const std::string& field, Validator& v,
                                           const Date& today);

// Roles whose work needs the full values: agencies file contracts, social insurance and tax
// under the ID number; only the payroll officer writes bank files. Everyone else sees masks.
bool revealsIdNumber(http::Role role);
bool revealsBankAccount(http::Role role);

// The registry's sealed columns (for `socialroll data reseal`).
inline std::vector<protect::SealedColumn> sealedColumns() {
  return {{"persons", "id_sealed", "id_number", "id_hash", ""}, {"persons", "bank_sealed", "bank_account", "", ""}};
}

class PeopleService {
 public:
  PeopleService(db::Database& db, const protect::DataProtection& protection, const audit::AuditLog& audit)
      : db_(db), protection_(protection), audit_(audit) {}

  // The lookup hash a new row stores for an ID number (the active cipher's).
  std::string idHash(const std::string& idNumber) const { return protection_.lookupHash("id_number", idNumber); }
  // Every hash a stored row may carry for it: while a database is being resealed to another cipher
  // (`socialroll data reseal`) rows carry either, so lookups match any of these (`id_hash IN (...)`).
  std::vector<std::string> idKeys(const std::string& idNumber) const { return protection_.lookupHashes("id_number", idNumber); }
  const protect::DataProtection& protection() const { return protection_; }
  // Birth date and sex, from a sealed ID number.
  IdFacts idFactsOf(const std::string& idSealed) const;
  // A bank account as stored wherever it is kept (employments, payslips): sealed, and masked for show.
  struct SealedAccount {
    std::string sealed, masked;
  };
  SealedAccount sealBankAccount(const std::string& normalized) const;
  // A stored account as `role` may see it: whole for payroll officers, masked otherwise, "" if none.
  std::string bankAccountFor(http::Role role, const std::optional<std::string>& sealed,
                             const std::optional<std::string>& masked) const;

  // Inside the hiring transaction: the registry record for the ID number, created when new and
  // brought up to date otherwise (the hire's screening has already refused a name that differs
  // from the registry's: one ID number is one person). Returns the person and whether it was created.
  std::pair<Person, bool> findOrCreate(db::Connection& c, const http::Actor& actor, const PersonInput& in,
                                       const std::string& scopePath) const;
  std::optional<Person> findByIdKeys(db::Connection& c, const std::vector<std::string>& keys) const;
  std::optional<Person> find(db::Connection& c, int64_t id) const;
  // Many at once, by id (a few queries for thousands).
  std::map<int64_t, Person> findMany(db::Connection& c, const std::vector<int64_t>& ids) const;
  // The ID-number lookup keys (idKeys) of people, by id (to ask the blacklist about people in post).
  std::map<int64_t, std::vector<std::string>> idKeysOf(db::Connection& c, const std::vector<int64_t>& ids) const;

  // Scope-checked read (404 outside scope) and list; `idNumber` searches by exact ID number, which
  // is audited and limited per user (ratelimit::kIdSearch).
  Person personFor(const http::Principal& p, int64_t id) const;
  std::vector<Person> list(const http::Principal& p, const http::Actor& actor, int64_t after, int limit,
                           const std::optional<std::string>& idNumber, const std::optional<std::string>& name) const;
  // True when the caller may see the person (used by other modules' checks).
  bool visible(db::Connection& c, const http::Principal& p, int64_t personId) const;

  json::Obj toJson(const Person& person, http::Role viewer) const;

 private:
  db::Database& db_;
  const protect::DataProtection& protection_;
  const audit::AuditLog& audit_;
};

// " AND <the caller may see p>" for a query over `persons p`.
void appendPersonScope(const http::Principal& p, std::string& where, db::Params& params);

void registerRoutes(http::RouteTable& routes, PeopleService& people);

}  // namespace sr::people
