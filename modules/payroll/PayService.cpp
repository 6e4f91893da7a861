#include "payroll/Payroll.h"

#include <algorithm>

#include "payroll/PayInputs.h"
#include "common/Text.h"

namespace sr::payroll {

namespace {
// "certificate_allowance_fen.senior: policy of 330481 from 2026-01-01"
std::string sourceOf(const policy::EffectiveView& view, const std::string& key) {
  auto it = view.effective.sourceOf.find(key);
  if (it == view.effective.sourceOf.end()) return key;
  const auto& layer = view.layers[it->second];
  return key + ": " + (layer.source == "national_default" ? std::string("national default")
                                                          : "policy of " + layer.source) +
         " from " + layer.effectiveFrom;
}
}  // namespace

json::Obj PayService::payFor(const http::Principal& p, int64_t employmentId, const Date& on) const {
  auto e = employments_.employmentFor(p, employmentId);
  const std::chrono::year_month ym{on.year(), on.month()};
  const auto monthEnd = pay::lastDay(ym);
  // The same facts, policy snapshot and function as the month's payroll run, read in one snapshot.
  struct Read {
    PayInputs inputs;
    std::optional<pay::ScaleVersion> scale;  // for the worker's view of the scale row
    std::optional<policy::EffectiveView> policy;
  };
  auto read = db_.snapshot<Read>([&](db::Connection& c) {
    Read r{readPayInputs(c, {org_, policy_, scales_}, e.agencyId, ym, e.id, on), std::nullopt, std::nullopt};
    if (r.inputs.staff.empty()) return r;
    if (const auto* placement = placementOn(r.inputs.staff.front(), on)) {
      auto j = org_.findJurisdiction(r.inputs.policy.stations.at(placement->stationId).jurisdictionId);
      r.scale = scales_.inForce(*j, on);
      r.policy = policy_.effective(*j, monthEnd);
    }
    return r;
  });
  const Placement* placement = read.inputs.staff.empty() ? nullptr : placementOn(read.inputs.staff.front(), on);
  if (!placement)
    throw Error(Code::validation_failed, "The employment had not started on that day.", {{"on", "is before the start date"}});
  const auto& facts = read.inputs.staff.front();
  const auto& view = *read.policy;
  auto rates = ratesUnder(*placement, facts, read.inputs.policy, on);

  auto o = json::object();
  o->set("employment_id", e.id);
  o->set("on", formatDate(on));
  o->set("station_id", placement->stationId);
  o->set("post", placement->post);
  o->set("post_name", Poco::Dynamic::Var());  // the scale's name for the post, below when one is in force
  o->set("grade", placement->grade);
  o->set("assignment_from", formatDate(placement->effectiveOn));
  if (const auto& scale = read.scale) {
    auto s = json::object();
    s->set("id", scale->id);
    s->set("name", scale->name);
    s->set("jurisdiction_id", scale->jurisdictionId);
    s->set("effective_from", formatDate(scale->effectiveFrom));
    s->set("illustrative", scale->illustrative);
    // The post's row, so a worker sees where they sit and what the next grade pays.
    auto row = json::array();
    for (int g = 1; g <= scale->scale.grades; ++g)
      if (auto cell = pay::baseFor(scale->scale, placement->post, g)) row->add(*cell);
    s->set("row", row);
    o->set("scale", s);
    const auto& posts = scale->scale.posts;
    if (auto at = std::find(posts.begin(), posts.end(), placement->post);
        at != posts.end() && static_cast<std::size_t>(at - posts.begin()) < scale->postNames.size())
      o->set("post_name", scale->postNames[static_cast<std::size_t>(at - posts.begin())]);
    auto next = pay::baseFor(scale->scale, placement->post, placement->grade + 1);
    if (next) {
      auto step = json::object();
      step->set("grade", placement->grade + 1);
      step->set("amount_fen", *next);
      o->set("next_step", step);
    } else {
      o->set("next_step", Poco::Dynamic::Var());  // the top grade is the cap
    }
  } else {
    o->set("scale", Poco::Dynamic::Var());
    o->set("next_step", Poco::Dynamic::Var());
  }
  o->set("scale_amount_fen", rates.scaleAmount ? Poco::Dynamic::Var(*rates.scaleAmount) : Poco::Dynamic::Var());
  o->set("pay_factor_bp", placement->factorBp);
  o->set("base_fen", rates.base);
  bool inProbation = facts.probationEnd && on <= *facts.probationEnd;
  auto probation = json::object();
  probation->set("in_probation", inProbation);
  probation->set("pay_pct", facts.probationPct);
  probation->set("monthly_fen", rates.probationMonthly);
  probation->set("source", "Labor Contract Law Art. 20; " + sourceOf(view, "minimum_wage_fen"));
  o->set("probation", probation);
  auto allowances = json::array();
  int64_t allowanceTotal = 0;
  if (auto level = certification::highestValid(facts.certificates, on)) {
    auto name = std::string(certification::levelName(*level));
    const auto* terms = read.inputs.policy.termsOf(placement->stationId);
    auto it = terms->certificateAllowance.find(*level);
    if (it != terms->certificateAllowance.end()) {
      auto a = json::object();
      a->set("kind", "certificate");
      a->set("level", name);
      a->set("amount_fen", it->second);
      a->set("source", sourceOf(view, "certificate_allowance_fen." + name));
      allowances->add(a);
      allowanceTotal += it->second;
    }
  }
  o->set("allowances", allowances);
  o->set("gross_monthly_fen", (inProbation ? rates.probationMonthly : rates.base) + allowanceTotal);
  // The month as its payroll run would pay it now: the same function over the same facts.
  auto month = payForMonth(facts, read.inputs.policy, ym);
  auto m = json::object();
  m->set("period", formatDate(pay::firstDay(ym)).substr(0, 7));
  if (month.problem) {
    m->set("problem", *month.problem);
  } else if (month.inPost) {
    const auto& slip = month.slip;
    m->set("paid_days", slip.paidDays);
    m->set("base_fen", slip.base);
    m->set("allowances_fen", slip.allowances);
    m->set("gross_fen", slip.gross);
    m->set("insurance_fen", slip.insurance.total());
    m->set("employer_total_fen", slip.employer.total());
    m->set("labour_cost_fen", slip.labourCost());
    // The bases charged, and how the year's were found (issue #11).
    auto basis = json::object();
    basis->set("social_insurance_base_fen", slip.siBase);
    basis->set("housing_fund_base_fen", slip.hfBase);
    basis->set("year_social_insurance_base_fen", month.basis.socialInsurance);
    basis->set("year_housing_fund_base_fen", month.basis.housingFund);
    basis->set("social_insurance_due", month.basis.socialInsuranceDue);
    basis->set("housing_fund_due", month.basis.housingFundDue);
    basis->set("source", month.basis.source);
    basis->set("detail", month.basis.detail);
    m->set("contribution_base", basis);
    m->set("annual_bonus_fen", slip.annualBonus);
    m->set("annual_bonus_iit_fen", slip.annualBonusIit);
    m->set("annual_bonus_separate", slip.bonusSeparate);
    m->set("severance_fen", slip.severance);
    m->set("severance_iit_fen", slip.severanceIit);
    m->set("special_deductions_fen", slip.specialDeductions);
    m->set("other_deductions_fen", slip.otherDeductions);
    m->set("iit_fen", slip.iit);
    m->set("net_fen", slip.net);
  }
  // The year's withholding rules as they apply, and the 60,000 rule when the records prove it.
  auto rule = basicDeductionRule(facts, ym);
  auto tax = json::object();
  tax->set("basic_deduction", rule.rule);
  tax->set("annual_60000_proposed", json::orNull(rule.proposal));
  tax->set("annual_bonus", facts.taxProfile.annualBonus.value_or("separate"));
  tax->set("separate_bonus_used_this_year", facts.separateBonusUsed);
  m->set("tax", tax);
  o->set("month", m);
  return o;
}

Poco::Dynamic::Var PayService::severanceSuggestion(const http::Principal&, const workforce::Employment& e) const {
  // Art. 46: an expiry owes it unless the worker declined a renewal on the same or better terms
  // (46(5)); an agreement owes it when the employer proposed it (46(2)). Other endings here owe none.
  if (!e.endedOn || (e.endReason != "contract_expired" && e.endReason != "mutual_agreement")) return {};
  const Date last = *e.endedOn;
  const std::chrono::year_month lastMonth{last.year(), last.month()};
  const auto from = formatDate(pay::firstDay(lastMonth - std::chrono::months{11})).substr(0, 7);
  const auto to = formatDate(last).substr(0, 7);
  struct Read {
    int64_t wages = 0, months = 0, contract = 0;
    std::optional<int64_t> exempt;
  };
  auto read = db_.snapshot<Read>([&](db::Connection& c) {
    Read r;
    // The last twelve months' wages with this employer (bonuses are wages; severance is not).
    auto w = c.queryOne("SELECT COALESCE(SUM(s.gross_fen - s.severance_fen), 0) AS wages, COUNT(DISTINCT s.period) AS months "
                        "FROM payslips s JOIN payroll_runs r ON r.id = s.run_id WHERE s.employment_id = ? AND r.status IN "
                        "('approved', 'paid') AND s.period >= ? AND s.period <= ?",
                        {e.id, from, to});
    r.wages = w->i64("wages");
    r.months = w->i64("months");
    auto inputs = readPayInputs(c, {org_, policy_, scales_}, e.agencyId, lastMonth, e.id, last);
    if (!inputs.staff.empty())
      if (const auto* placement = placementOn(inputs.staff.front(), last)) {
        r.contract = ratesUnder(*placement, inputs.staff.front(), inputs.policy, last).base;
        if (const auto* terms = inputs.policy.termsOf(placement->stationId)) r.exempt = terms->severanceExempt;
      }
    return r;
  });
  // No payslip yet: the contract's monthly pay stands in for the average.
  const int64_t average = read.months > 0 ? pay::mulDivRound(read.wages, 1, read.months) : read.contract;
  std::optional<int64_t> cap;
  if (read.exempt) cap = pay::mulDivRound(*read.exempt, 1, 12);  // 3 × the local average annual wage ÷ 12
  // Years with the station's previous agency count when the worker came with it (issue #17).
  auto s = pay::art47Severance(e.serviceStart(), last, average, cap);
  std::string working = "service " + formatDate(e.serviceStart()) + " to " + formatDate(last) + ": " +
                        std::to_string(s.fullYears) + " year(s) " + std::to_string(s.extraMonths) + " month(s)";
  working += s.extraMonths >= 6 ? " (6 months or more count as a year)"
             : s.partYear       ? " (under 6 months: half a month)"
                                : "";
  working += "; average monthly wage " + hundredthsText(average) +
             (read.months > 0 ? " over " + std::to_string(read.months) + " month(s) paid" : " (the contract's, nothing paid yet)");
  if (!cap)
    working += "; the place sets no iit.severance_exempt_fen, so the 3 × local average cap is not applied";
  else if (s.capped)
    working += "; capped at 3 × the local average, " + hundredthsText(*cap) + ", and at 12 years";
  working += "; " + hundredthsText(s.monthly) + " × " + (s.halfMonths % 2 ? std::to_string(s.halfMonths / 2) + ".5"
                                                                          : std::to_string(s.halfMonths / 2)) +
             " = " + hundredthsText(s.amount);
  auto o = json::object();
  o->set("amount_fen", s.amount);
  o->set("months", static_cast<double>(s.halfMonths) / 2.0);
  o->set("average_monthly_fen", s.averageMonthly);
  o->set("monthly_fen", s.monthly);
  o->set("capped", s.capped);
  o->set("working", working);
  o->set("basis", e.endReason == "contract_expired"
                      ? "Labor Contract Law Art. 46(5), 47: owed unless the worker declined a renewal on the same or better terms"
                      : "Labor Contract Law Art. 46(2), 47: owed when the employer proposed the agreement");
  o->set("pay_item", "POST /api/v1/employments/" + std::to_string(e.id) + "/pay-items {\"kind\": \"severance\"}");
  return o;
}

void registerRoutes(http::RouteTable& routes, PayService& pay) {
  using http::Permission;
  using http::Request;
  using http::Response;
  routes.add("GET", "/api/v1/employments/{id}/pay", Permission::anyUser(),
             "Pay on ?on= (default today): post, grade, scale amount, factor, probation pay, allowances, with sources",
             [&pay](const Request& r) {
               return Response::json(pay.payFor(r.who(), r.pathId("id"), r.dateQuery("on").value_or(todayInChina())));
             });
}

}  // namespace sr::payroll
