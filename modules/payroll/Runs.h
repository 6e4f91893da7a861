#pragma once
// Monthly payroll runs. Corrections of an approved period go into adjustment runs that reference
// the original and hold only differences; a paid payslip is never edited. A run computes one payslip per employment of the agency in post during
// the period, reading everything it needs in a handful of batched queries and writing payslips in
// chunks. Small runs finish inside the request, made, computed and audited in one transaction;
// beyond `backgroundThreshold` employments a run is a background job whose progress shows on GET. A run interrupted by a crash is marked failed
// with its partial payslips removed at the next start.
//
// States: computing → draft → approved → paid (or failed). A draft can be recomputed; approval
// needs an agency_admin other than the creator; an approved or paid period is locked.
#include <map>

#include "common/JobQueue.h"
#include "common/Sheet.h"
#include "pay/Scales.h"
#include "policy/Policy.h"
#include "workforce/Workforce.h"

namespace sr::payroll {

// The account each payslip paid (for `socialroll data reseal`).
inline std::vector<protect::SealedColumn> sealedColumns() { return {{"payslips", "bank_sealed", "bank_account", "", ""}}; }

struct RunSettings {
  int backgroundThreshold = 300;  // employments; above this a run is a background job
  int chunk = 500;                // payslips written per transaction (and per progress step)
  // A run still "computing" whose heartbeat is older than this was left by a server that died;
  // several servers may share one database, so a live server's run is never taken for dead.
  int staleSeconds = 60;
  // Names this server across restarts (by default host:port): at start it fails the runs its own
  // previous incarnation left computing at once, without waiting for staleSeconds.
  std::string instanceId;
  // Where an operator keeps corrected export layouts (exports.layouts_dir; "" = the shipped ones).
  std::string layoutsDir;
};

// Throws std::runtime_error when a layout the exports use is not valid (checked at start).
void checkExportLayouts(const std::string& dir);

class RunService {
 public:
  RunService(db::Database& db, const audit::AuditLog& audit, const org::OrgService& org,
             const policy::PolicyService& policy, const pay::ScaleService& scales,
             const workforce::EmploymentService& employments, const people::PeopleService& people, JobQueue& jobs,
             RunSettings settings)
      : db_(db), audit_(audit), org_(org), policy_(policy), scales_(scales), employments_(employments), people_(people),
        jobs_(jobs), settings_(settings) {}

  // At start-up and then periodically: runs left computing by a server that died (no heartbeat
  // for staleSeconds) are marked failed and their payslips removed. At start-up also the runs this
  // server's previous incarnation held (settings.instanceId), whatever their heartbeat.
  int recoverInterrupted(bool atStart = false);

  // A regular run, or with `adjusts` an adjustment run of an approved period: it pays or recovers
  // the difference between what the period comes to now and what was issued.
  // The run as it stands, and whether its computation went to the background (answered 202 even
  // when the job has already finished by the time the run is read back).
  struct Started {
    json::Obj run;
    bool background = false;
  };
  Started create(const http::Principal& p, const http::Actor& actor, int64_t agencyId, const std::string& period,
                 const std::optional<int64_t>& adjusts = std::nullopt);
  json::Obj get(const http::Principal& p, int64_t id) const;
  json::Arr list(const http::Principal& p, const std::optional<int64_t>& agencyId, int limit) const;
  Started recompute(const http::Principal& p, const http::Actor& actor, int64_t id);
  json::Obj approve(const http::Principal& p, const http::Actor& actor, int64_t id);
  json::Obj markPaid(const http::Principal& p, const http::Actor& actor, int64_t id);
  json::Arr payslips(const http::Principal& p, int64_t runId) const;
  json::Arr myPayslips(const http::Principal& p) const;
  // An employment's approved payslips, newest first (a person's page: issue #16).
  json::Arr employmentPayslips(const http::Principal& p, int64_t employmentId) const;

  // A pay item for an approved (locked) period is refused (409 period_locked) unless it is meant
  // for an adjustment run; the approved run itself never changes.
  json::Obj addPayItem(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                       const std::string& period, const std::string& kind, const std::string& name, int64_t amountFen,
                       bool forAdjustment);

  // Outputs (Outputs.cpp). The bank transfer file of an approved run: whole account numbers, so
  // agency admins only, and every download is audited.
  http::Response bankFile(const http::Principal& p, const http::Actor& actor, int64_t runId,
                          const std::optional<std::string>& templateId);
  json::Obj bankTemplates() const;
  void setBankTemplate(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                       const std::string& templateId) const;
  // A printable payslip (HTML, Chinese) for the worker, their agency, or the bureau over the station.
  std::string printablePayslip(const http::Principal& p, int64_t payslipId) const;
  // Exports (Exports.cpp, issue #14). The withholding declaration the tax client imports (whole ID
  // numbers: roles that file tax only; audited), and the payroll register as .xlsx or CSV.
  std::string iitDeclaration(const http::Principal& p, const http::Actor& actor, int64_t runId) const;
  std::string payrollRegister(const http::Principal& p, const http::Actor& actor, int64_t runId,
                              const sheet::Choice& choice) const;
  // The month's new hires for the tax client's person-information import (人员信息采集).
  std::string personRegistration(const http::Principal& p, const http::Actor& actor, int64_t runId) const;
  // Per agency and month, from its computed regular run: joiners with their bases and leavers
  // with their last day (社保/公积金增减员), and the housing fund's remittance list (汇缴清册).
  std::string siChanges(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                        const std::string& period) const;
  std::string hfRemittance(const http::Principal& p, const http::Actor& actor, int64_t agencyId,
                           const std::string& period) const;
  // Approved pay in a jurisdiction for a period, per agency, split by funding source per the policy.
  json::Obj fundingSummary(const http::Principal& p, int64_t jurisdictionId, const std::string& period) const;
  std::string fundingWorkbook(const http::Principal& p, int64_t jurisdictionId, const std::string& period) const;
  // Agencies' approved pay at stations over months (purchase contracts' statements, issue #17):
  // for each window, gross and the employer's contributions of the agency's payslips at the
  // station in its approved or paid runs from `from` to `to` (YYYY-MM, both included). One query
  // for all the windows, however many contracts they come from; the answer is index-aligned.
  struct LabourWindow {
    int64_t agencyId = 0, stationId = 0;
    std::string from, to;
  };
  struct LabourCost {
    int64_t grossFen = 0, employerFen = 0;
    int64_t totalFen() const { return grossFen + employerFen; }
  };
  std::vector<LabourCost> labourCost(const std::vector<LabourWindow>& windows) const;

 private:
  // column is "person_id" or "employment_id" (never from a request).
  json::Arr approvedPayslips(const std::string& column, int64_t id) const;
  // The run's payslips in id order, a chunk at a time, each with its people.
  // `columns`: what the caller reads besides id and person_id.
  void forEachPayslipChunk(
      int64_t runId, std::string_view columns,
      const std::function<void(const std::vector<db::Row>&, const std::map<int64_t, people::Person>&)>& each) const;
  struct Run {
    int64_t id = 0, agencyId = 0;
    std::string jurisdictionPath, period, kind, status;
    int progressDone = 0, progressTotal = 0;
    std::optional<std::string> error, totals;
    std::optional<int64_t> createdBy, approvedBy;
    int64_t createdAt = 0;
    std::optional<int64_t> computedAt, approvedAt, paidAt;
    std::optional<int64_t> expectedPayslips;
    std::optional<std::string> leaseToken;  // the writer's lease while computing; never shown
    json::Obj toJson() const;
  };
  static Run runFrom(const db::Row& r);
  Run monthRun(const http::Principal& p, int64_t agencyId, const std::string& period) const;
  // The cells every filing layout shares (employee_no, name, id_type, id_number), else nullopt.
  std::optional<sheet::Cell> identityCell(const std::string& source, const db::Row& slip,
                                          const people::Person& person) const;
  // Records who took an export holding whole ID numbers, and how many rows.
  void auditExport(const http::Actor& actor, const std::string& action, const Run& run, int64_t rows) const;
  Run load(db::Connection& c, int64_t id, bool lock) const;
  Run runFor(const http::Principal& p, int64_t id) const;
  // Computes and writes the run's payslips under the writer's lease; ends in draft, or failed
  // with the reason, or stops untouched the moment the lease is found taken.
  // 422 policy_incomplete naming every key a place the agency works in lacks for payroll.
  void requireCompletePolicies(int64_t agencyId, const Date& on, bool severance) const;
  void compute(int64_t runId, const std::string& lease, const http::Actor& actor);
  // A run small enough for the request, made, computed and audited in one transaction (or kept
  // failed with the reason), as committed.
  Run createAndCompute(const http::Actor& actor, const org::Agency& agency, const std::string& period,
                           const std::optional<int64_t>& adjusts, int employments);
  int64_t insertRun(db::Connection& c, const org::Agency& agency, const std::string& period,
                    const std::optional<int64_t>& adjusts, int employments, const std::string& lease,
                    const http::Actor& actor) const;
  // The audit record of a run's creation.
  static audit::Change created(int64_t runId, const org::Agency& agency, const std::string& period,
                               const std::optional<int64_t>& adjusts);
  // The computing run becomes a draft holding `held` payslips, if the lease is still its own; the
  // audit record of it, for the caller to append.
  audit::Change finishComputing(db::Connection& c, int64_t runId, const std::string& jurisdictionPath,
                                const std::string& lease, int64_t held, const json::Obj& totals) const;
  // Computes now, or queues the computation and returns true.
  bool startCompute(int64_t runId, const std::string& lease, int employments, const http::Actor& actor);
  bool periodLocked(db::Connection& c, int64_t agencyId, const std::string& period) const;

  db::Database& db_;
  const audit::AuditLog& audit_;
  const org::OrgService& org_;
  const policy::PolicyService& policy_;
  const pay::ScaleService& scales_;
  const workforce::EmploymentService& employments_;
  const people::PeopleService& people_;
  JobQueue& jobs_;
  RunSettings settings_;
};

// "2026-03" -> year_month, or nullopt.
std::optional<std::chrono::year_month> parsePeriod(std::string_view text);
// Why a period sent by a client is refused, or nullopt: YYYY-MM from 2000-01 up to the month after
// the current one in China (a run for 9999-12 was accepted before, issue #10; next month is allowed
// so a clerk can prepare it before the month turns).
std::optional<std::string> periodProblem(std::string_view text, const Date& today);

void registerRunRoutes(http::RouteTable& routes, RunService& runs);
void registerOutputRoutes(http::RouteTable& routes, RunService& runs);

}  // namespace sr::payroll
