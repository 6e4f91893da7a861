#pragma once
// Government purchase of services (政府购买服务, issue #17): the bureau's contracts buying a
// station's service from an agency for a term, with the posts it funds and who pays the standard.
// Kept by the bureau of the contract's jurisdiction and those above; the agency reads its own.
#include <optional>
#include <string>
#include <vector>

#include "audit/AuditLog.h"
#include "org/Org.h"
#include "payroll/Runs.h"
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
};

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
  json::Obj changeState(const http::Principal& p, const http::Actor& actor, const Contract& before, const Contract& after,
                        const std::string& action);

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const payroll::RunService& runs_;
};

void registerRoutes(http::RouteTable& routes, ContractService& contracts);

}  // namespace sr::procurement
