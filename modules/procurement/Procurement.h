#pragma once
// Government purchase of services (政府购买服务, issue #17): the bureau's contracts buying a
// station's service from an agency for a term, with the posts it funds and who pays the standard.
// Kept by the bureau of the contract's jurisdiction and those above; the agency reads its own.
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "common/Sheet.h"
#include "org/Org.h"
#include "payroll/Runs.h"
#include "workforce/Workforce.h"
#include "procurement/ProcurementRules.h"

namespace sr::procurement {

// A station a contract covers, and the days it covers it.
struct CoveredStation {
  int64_t stationId = 0;
  int64_t fundedPosts = 0;
  Date from, to;
};

struct Contract {
  int64_t id = 0;
  int64_t jurisdictionId = 0;
  std::string jurisdictionPath;
  int64_t agencyId = 0;
  std::optional<std::string> reference;
  Date start, end;
  int64_t annualStandardFen = 0;
  std::vector<Source> sources;
  std::optional<std::string> schedule;
  std::string status;
  std::optional<Date> endedOn;
  std::optional<std::string> endReason;
  std::optional<int64_t> renewedFrom;
  std::vector<CoveredStation> stations;
  access::Owner owner() const { return {jurisdictionPath, agencyId, std::nullopt}; }
};

struct ContractInput {
  std::optional<int64_t> jurisdictionId;  // default: the bureau's own
  int64_t agencyId = 0;
  std::optional<std::string> reference;
  Date start, end;
  int64_t annualStandardFen = 0;
  std::vector<Source> sources;
  std::optional<std::string> schedule;
  struct Station {
    int64_t stationId = 0, fundedPosts = 0;
  };
  std::vector<Station> stations;
};

// Funds paid to the agency from one source, under its payment voucher (once per contract).
struct DisbursementInput {
  std::string source;
  int64_t amountFen = 0;
  Date paidOn;
  std::optional<Date> installmentDueOn;  // the schedule's installment it pays, when it has one
  std::string voucher;
  std::optional<std::string> note;
};
// Funds the bureau takes back for a rule broken (Haining recovers funds from agencies that break
// the rules), under its decision's reference (once per contract).
struct RecoveryInput {
  int64_t amountFen = 0;
  std::string rule;                  // late_filings | understaffed | unfilled_posts | failed_evaluation | misuse_of_funds | other
  std::optional<std::string> basis;  // the document and clause
  std::string reason;
  Date decidedOn;
  std::string reference;
  // Named from the agency's sanctions: the contract must be this agency's (422 on contract_id).
  std::optional<int64_t> agencyId;
};

// Renewal for a new term from the day after the end: the same agency, stations, posts, sources
// and schedule; the end and the standard default to the same length of term and the same amount.
struct RenewalInput {
  std::optional<Date> end;
  std::optional<int64_t> annualStandardFen;
  std::optional<std::string> reference;
};

struct EvaluationInput {
  int year = 0;
  std::map<std::string, int64_t> scores;
  Date evaluatedOn;
  std::optional<std::string> note;
};

// The scheme of a request body or a stored one; problems under their fields.
Scheme readScheme(const json::Obj& body, Validator& v);
json::Obj schemeJson(const Scheme& s);

struct ContractFilter {
  std::optional<std::string> status;
  std::optional<int64_t> agencyId, stationId;
};

class ContractService {
 public:
  ContractService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                  const payroll::RunService& runs)
      : db_(db), audit_(audit), org_(org), runs_(runs) {}

  // Records a signed contract. `v` holds the adapter's field errors; a station already under
  // another contract for part of the term is a 409.
  json::Obj create(const http::Principal& p, const http::Actor& actor, const ContractInput& in, Validator v = {});
  json::Obj get(const http::Principal& p, int64_t id) const;
  struct Listed {
    int64_t id = 0;
    json::Obj json;
  };
  std::vector<Listed> list(const http::Principal& p, const ContractFilter& f, int64_t after, int limit) const;

  // signed -> active (from the first day of the term), active -> ended (from its last day), and
  // signed or active -> terminated on a day, with a reason: the stations' cover ends that day.
  json::Obj activate(const http::Principal& p, const http::Actor& actor, int64_t id);
  json::Obj end(const http::Principal& p, const http::Actor& actor, int64_t id);
  json::Obj terminate(const http::Principal& p, const http::Actor& actor, int64_t id, const Date& on,
                      const std::string& reason);

  // Money: append-only records, each audited; a voucher or reference sent again is a 409.
  json::Obj disburse(const http::Principal& p, const http::Actor& actor, int64_t id, const DisbursementInput& in);
  json::Obj recover(const http::Principal& p, const http::Actor& actor, int64_t id, const RecoveryInput& in);
  // The year's statement: what the contract owes (per station and per source), the installments
  // due, what was disbursed and recovered, and the agency's labour cost at its stations from
  // approved payroll; every total is the sum of the records listed with it.
  json::Obj statement(const http::Principal& p, int64_t id, int year) const;
  // The bureau's view: the year's statements of the contracts kept in its area, summed per place
  // directly below it (a city sees its counties) and in total; as CSV or .xlsx too.
  json::Obj rollUp(const http::Principal& p, int64_t jurisdictionId, int year) const;
  std::string rollUpFile(const http::Principal& p, int64_t jurisdictionId, int year, const sheet::Choice& choice) const;

  // Evaluation schemes of a jurisdiction, versioned by the day they take effect; the one in force
  // on a day is the place's own or its nearest ancestor's (404 when there is none).
  json::Obj setScheme(const http::Principal& p, const http::Actor& actor, int64_t jurisdictionId, const Date& effectiveFrom,
                      const Scheme& scheme);
  json::Obj schemeFor(const http::Principal& p, int64_t jurisdictionId, const Date& on) const;
  // The bureau's evaluation of a contract for a year (once): its score, pass or fail, tier and
  // funding factor for the next year; a fail under a scheme that ends contracts proposes
  // termination, which the bureau confirms (the contract terminated on `on`) or dismisses.
  json::Obj evaluateContract(const http::Principal& p, const http::Actor& actor, int64_t id, const EvaluationInput& in);
  json::Obj decideProposal(const http::Principal& p, const http::Actor& actor, int64_t id, int year, bool confirm,
                           const std::optional<Date>& on, const std::string& reason);
  // A new term for an active or ended contract whose latest evaluation passed, in one action (once).
  json::Obj renew(const http::Principal& p, const http::Actor& actor, int64_t id, const RenewalInput& in);

  // The stations' covers in force on `on` (of signed or active contracts), for the bureau's flags.
  struct Cover {
    int64_t contractId = 0, agencyId = 0, stationId = 0, fundedPosts = 0;
    Date from, to;
  };
  std::vector<Cover> coversOn(const std::vector<int64_t>& stationIds, const Date& on) const;

  // The contract, scope-checked (404 when missing or out of scope).
  Contract contractFor(const http::Principal& p, int64_t id) const;

 private:
  json::Obj toJson(const Contract& c) const;
  // Inserts the contract with its stations (a station covered that day by another is a 409).
  int64_t record(db::Connection& conn, const http::Actor& actor, const Contract& c) const;
  // The funding factor of a year (hundredths) of each contract, by id: the tier of the evaluation
  // of the year before, of the contract or the one it renews; 100 without one. One query.
  std::map<int64_t, int64_t> fundingFactors(const std::vector<Contract>& cs, int year) const;
  json::Arr evaluationsOf(int64_t contractId) const;
  json::Obj statementOf(const Contract& c, int year) const;
  // Contracts kept under `pathPrefix` whose term touches [from, to] (YYYY-MM-DD), with stations.
  std::vector<Contract> contractsTouching(const std::string& pathPrefix, const std::string& from, const std::string& to) const;
  json::Obj changeState(const http::Principal& p, const http::Actor& actor, const Contract& before, const Contract& after,
                        const std::string& action);
  void applyState(db::Connection& c, const http::Actor& actor, const Contract& before, const Contract& after,
                  const std::string& action) const;
  // The contract as terminated on `on` for `reason`, or the refusal.
  static Contract terminated(const Contract& c, const Date& on, const std::string& reason);

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const payroll::RunService& runs_;
};

// A station handed to another agency at re-tendering: who goes with it and who leaves.
struct HandOverInput {
  int64_t agencyId = 0;
  Date from;
  struct Worker {
    int64_t employmentId = 0;
    std::string action;                 // transfer | end
    std::optional<Date> contractEnd;    // transfer: the new labour contract's end (default: the old one's)
    bool openEnded = false;             // transfer: contract_end given as null
    std::string endReason = "other";    // end: mutual_agreement | other
  };
  std::vector<Worker> workers;
};

class HandOverService {
 public:
  HandOverService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
                  workforce::EmploymentService& employments)
      : db_(db), audit_(audit), org_(org), employments_(employments) {}

  // From `from` the station is the new agency's (its history of agencies kept). Everyone in post
  // there the day before is listed once: transferred (the old employment ends the day before, a
  // new one with the new agency continues it and its service years) or ended that day; each is
  // filed with the bureau. The old agency's contracts stop covering the station the day before.
  // All of it in one transaction.
  json::Obj handOver(const http::Principal& p, const http::Actor& actor, int64_t stationId, const HandOverInput& in);

 private:
  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  workforce::EmploymentService& employments_;
};

void registerRoutes(http::RouteTable& routes, ContractService& contracts, HandOverService& handOvers);
// Sanctions on agencies (yellow cards, fund recoveries), issued by the bureau over the agency; a
// fund recovery is recorded on the purchase contract it takes funds back from.
void registerSanctionRoutes(http::RouteTable& routes, db::Database& db, const audit::AuditLog& audit,
                            const org::OrgService& org, ContractService& contracts);
// The fields of a fund recovery in a request body (a contract's recovery or an agency's sanction).
void readRecovery(json::Reader& in, RecoveryInput& x);

}  // namespace sr::procurement
