#include "payroll/Payroll.h"

#include "payroll/PayInputs.h"

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
