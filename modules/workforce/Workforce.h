#pragma once
// Employments: hiring with its eligibility checks, the labour contract and its renewals, station,
// post and grade changes, and ending. Every change keeps its history and is filed with the bureau.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "blacklist/Blacklist.h"
#include "common/Sheet.h"
#include "certification/Certification.h"
#include "filing/Filing.h"
#include "org/Org.h"
#include "pay/Scales.h"
#include "people/People.h"
#include "policy/Policy.h"
#include "workforce/HireRules.h"

namespace sr::workforce {

struct Employment {
  int64_t id = 0, personId = 0, agencyId = 0, stationId = 0;
  std::string jurisdictionPath, post;
  int grade = 1;
  std::string state;
  Date startDate;
  std::optional<Date> endDate, probationEnd, endedOn;
  int probationPayPct = 80;
  std::optional<std::string> endReason;
  int64_t payFactorBp = 10000;  // personal pay factor: percent raises compound here
  bool firstJob = false;        // the worker's first job: no housing fund in the first month
  // Continuing an employment with the station's previous agency (issue #17): which, and the day
  // continuous service began (for Art. 14 and Art. 47 counts).
  std::optional<int64_t> transferredFrom;
  std::optional<Date> serviceFrom;
  Date serviceStart() const { return serviceFrom.value_or(startDate); }
  access::Owner owner() const { return {jurisdictionPath, agencyId, personId}; }
};

struct HireInput {
  people::PersonInput person;
  std::vector<certification::CertificateInput> certificates;
  int64_t stationId = 0;
  std::string post;
  int grade = 1;
  Date startDate;
  std::optional<Date> endDate;
  int probationMonths = 0;
  int probationPayPct = kMinProbationPayPct;
  // Why the grade differs from the suggested placement (required when it does).
  std::optional<std::string> gradeReason;
  // The worker's first job ever (住房公积金管理条例 Art. 15: the fund starts the month after).
  bool firstJob = false;
};

// Reads a hire request; every field problem lands in `v`.
HireInput readHire(const json::Obj& body, Validator& v);

// What the place says on a date: policy rules for hiring and placement, the filing deadline, and
// the salary scale in force.
struct PlaceRules {
  json::Obj policy;  // the effective document the rules below were read from
  EligibilityRules eligibility;
  pay::PlacementRules placement;
  int filingDays = 7;
  int contractYears = 0;  // contract_years where the place fixes the term, else 0
  std::optional<pay::ScaleVersion> scale;
};

// A hire whose fields are valid, with what the place says on its start date.
struct PreparedHire {
  HireInput in;
  org::Station station;
  PlaceRules rules;
  std::vector<std::string> idKeys;  // PeopleService::idKeys: the active cipher's hash first
};

struct ImportProblem {
  int line = 0;
  std::string field, code, message;
};
// The header a staff file names a column with (the first the import accepts), for a report the
// clerk reads against the file: "身份证号", not id_number (issue #16).
std::string importColumnHeader(const std::string& field);
struct ImportReport {
  bool dryRun = true;
  int rows = 0;
  std::vector<ImportProblem> problems;
  std::vector<int64_t> created;  // employment ids, on commit
};

struct ChangeInput {
  Date effectiveOn;
  std::optional<int64_t> stationId;
  std::optional<std::string> post;
  std::optional<int> grade;
  std::string reason;
};

struct EndInput {
  Date lastDay;
  std::string reason;  // contract_expired | mutual_agreement | probation_failed | other | resignation | transferred
  std::optional<std::string> note;
};

// Each employment's bank account, and the accounts it replaced (for `socialroll data reseal`).
inline std::vector<protect::SealedColumn> sealedColumns() {
  return {{"employments", "bank_sealed", "bank_account", "", ""}, {"employment_accounts", "bank_sealed", "bank_account", "", ""}};
}

class EmploymentService {
 public:
  EmploymentService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                    const policy::PolicyService& policy, const people::PeopleService& people,
                    const blacklist::BlacklistService& blacklist, const filing::FilingService& filings,
                    const certification::CertificationService& certs, const pay::ScaleService& scales)
      : db_(db), audit_(audit), org_(org), policy_(policy), people_(people), blacklist_(blacklist), filings_(filings),
        certs_(certs), scales_(scales) {}

  Employment hire(const http::Principal& p, const http::Actor& actor, const HireInput& in, Validator v = {});
  // Staff import from a spreadsheet: every bad row reported with its line; commit is all or nothing.
  // The body is CSV (UTF-8 or GBK) or an .xlsx workbook (its first sheet).
  ImportReport importStaff(const http::Principal& p, const http::Actor& actor, int64_t agencyId, std::string_view csvText,
                           bool dryRun, bool workbookDeclared = false);
  // The agency's staff in the caller's scope as CSV, in the import's columns.
  std::string exportStaff(const http::Principal& p, int64_t agencyId, const sheet::Choice& choice) const;
  Employment employmentFor(const http::Principal& p, int64_t id) const;
  // The same for many ids in one query, in their order (a 404 when any is out of reach).
  std::vector<Employment> employmentsFor(const http::Principal& p, const std::vector<int64_t>& ids) const;
  struct ListFilter {
    std::optional<int64_t> stationId, agencyId;
    std::optional<std::string> status;  // probation | active | notice | ended | current
    std::optional<std::string> search;  // a whole ID number, or part of a name
  };
  std::vector<Employment> list(const http::Principal& p, const ListFilter& filter, int64_t after, int limit) const;
  // The names of the people of `list`, by person id, in one query.
  std::map<int64_t, std::string> personNames(const std::vector<Employment>& list) const;
  Employment change(const http::Principal& p, const http::Actor& actor, int64_t id, const ChangeInput& in, Validator v = {});
  // `workerRequestedFixedTerm` records that the worker asked for a fixed term where Art. 14(3)
  // would otherwise owe them an open-ended contract (third consecutive fixed term).
  Employment renew(const http::Principal& p, const http::Actor& actor, int64_t id, const std::optional<Date>& endDate,
                   bool workerRequestedFixedTerm = false);
  // Contracts past their end date with neither a renewal nor an ending are filed with the bureau as
  // departures, once per end date (a conditional update, so several servers may sweep). Returns how many.
  int fileExpiredContracts(const Date& today) const;
  // Fixed-term contracts of the caller's agency ending within `days` of today, soonest first.
  json::Arr contractsEnding(const http::Principal& p, int64_t agencyId, int days) const;
  // Probation periods of the caller's agency ending within `days` of today (from today), soonest first:
  // {employment_id, name, station_id, probation_end}. Confirming or ending is due before the day.
  json::Arr probationsEnding(const http::Principal& p, int64_t agencyId, int days) const;
  // People in post (not yet gone) per station, in the caller's scope.
  std::map<int64_t, int64_t> headcountByStation(const http::Principal& p) const;
  // The employer changes the account its pay goes to; the one replaced is kept in
  // employment_accounts. Payslips already computed keep the account they sealed.
  Employment changeBankAccount(const http::Principal& p, const http::Actor& actor, int64_t id, const std::string& account);
  // `alsoInTx` runs inside the same transaction (a resignation completes with the employment).
  Employment end(const http::Principal& p, const http::Actor& actor, int64_t id, const EndInput& in,
                 const std::function<void(db::Connection&)>& alsoInTx = {});
  // A station handed to another agency (issue #17). Those in post at the station on `day`, and,
  // inside the caller's transaction, ending one on `lastDay` or transferring one to the new agency
  // from `from` (the old employment ends the day before; the new one continues its post, grade,
  // pay factor and service years, with a labour contract to `contractEnd`, none for open-ended).
  // Each is audited and filed with the bureau.
  std::vector<Employment> inPostAt(int64_t stationId, const Date& day) const;
  // Employments at the station starting on or after `day`, not ended (a hand-over from `day` has
  // none of the old agency's left behind).
  std::vector<Employment> startingFrom(int64_t stationId, const Date& day) const;
  void endIn(db::Connection& c, const http::Actor& actor, const Employment& e, const EndInput& in) const;
  Employment transferIn(db::Connection& c, const http::Actor& actor, const Employment& old, int64_t newAgencyId,
                        const Date& from, const std::optional<Date>& contractEnd) const;
  // While a resignation is pending the employment is on notice; withdrawn, it is employed again.
  // employed -> notice (or back); false when the employment was not in the state it moves from.
  bool setOnNotice(db::Connection& c, int64_t id, bool onNotice) const;
  // Inside a transaction that locked the employment: records a change of station, post, grade or
  // pay factor from a date (history, employment row, audit, filing). Changes go in date order.
  void recordChange(db::Connection& c, const http::Actor& actor, const Employment& before, const Employment& after,
                    const Date& effectiveOn, const std::string& reason, int filingDays) const;
  PlaceRules placeRules(const org::Station& s, const Date& on) const;
  // The caller's own current (or latest) employment; 404 when they have none.
  Employment mine(const http::Principal& p) const;
  // The person scope of a worker user: the path of the creating agency's employment of the person,
  // or nullopt when the creator may not make a user for them.
  std::optional<std::string> workerUserScope(const http::Principal& creator, int64_t personId) const;

  json::Obj toJson(const Employment& e, const Date& today) const;
  // toJson plus the person, the contract terms and the assignment history.
  json::Obj detailJson(const http::Principal& p, const Employment& e) const;

 private:
  // The people the rows name (person_id), in one query.
  std::map<int64_t, people::Person> peopleOf(db::Connection& c, const std::vector<db::Row>& rows) const;
  // Field-level problems of a hire: the contract (Art. 19/20), and post and grade on the scale in force.
  void checkContract(const HireInput& in, Validator& v) const;
  static void checkPost(const HireInput& in, const PlaceRules& rules, Validator& v);
  // The contract's term against the place's contract_years (named with its source).
  static void checkTerm(const HireInput& in, const PlaceRules& rules, Validator& v);
  // Screens hires against the blacklist, other employments, the place's eligibility rules and the
  // one-probation-per-employer rule: a few queries for all rows together. Per row, the refusal or nullopt.
  std::vector<std::optional<Error>> screen(db::Connection& c, const std::vector<PreparedHire>& rows) const;
  // Writes a screened hire: person, certificates, employment, contract, assignment, audit, filing.
  Employment record(db::Connection& c, const http::Actor& actor, const PreparedHire& h) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const people::PeopleService& people_;
  const blacklist::BlacklistService& blacklist_;
  const filing::FilingService& filings_;
  const certification::CertificationService& certs_;
  const pay::ScaleService& scales_;
};

// What other modules add to the answer of an ending (payroll: the severance Art. 47 suggests),
// given the employment as ended; wired by the app, so workforce depends on nothing above it.
using EndAnswer = std::function<void(const http::Principal&, const Employment&, json::Obj&)>;
void registerRoutes(http::RouteTable& routes, EmploymentService& employments, EndAnswer endAnswer = {});

}  // namespace sr::workforce
