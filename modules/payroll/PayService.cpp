#include "payroll/Payroll.h"

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
  struct Facts {
    std::optional<db::Row> assignment;
    int64_t factorBp = 10000;
    std::optional<std::string> certificate;
  };
  auto facts = db_.read<Facts>([&](db::Connection& c) {
    Facts f;
    auto d = formatDate(on);
    f.assignment = c.queryOne(
        "SELECT effective_on, station_id, post, grade, pay_factor_bp FROM assignments WHERE employment_id = ? "
        "AND effective_on <= ? ORDER BY effective_on DESC LIMIT 1",
        {e.id, d});
    if (f.assignment) f.factorBp = f.assignment->i64("pay_factor_bp");
    // The highest certificate valid on the day.
    for (auto& r : c.query("SELECT level FROM certificates WHERE person_id = ? AND passed_on <= ? AND registered_until >= ?",
                           {e.personId, d, d})) {
      auto level = certification::parseLevel(r.str("level"));
      if (level && (!f.certificate || *level > *certification::parseLevel(*f.certificate))) f.certificate = r.str("level");
    }
    return f;
  });
  if (!facts.assignment)
    throw Error(Code::validation_failed, "The employment had not started on that day.", {{"on", "is before the start date"}});
  auto station = org_.findStation(facts.assignment->i64("station_id"));
  auto j = org_.findJurisdiction(station->jurisdictionId);
  auto view = policy_.effective(*j, on);
  auto scale = scales_.inForce(*j, on);
  auto post = facts.assignment->str("post");
  int grade = static_cast<int>(facts.assignment->i64("grade"));

  auto o = json::object();
  o->set("employment_id", e.id);
  o->set("on", formatDate(on));
  o->set("station_id", station->id);
  o->set("post", post);
  o->set("grade", grade);
  o->set("assignment_from", facts.assignment->str("effective_on"));
  std::optional<int64_t> amount;
  if (scale) {
    auto s = json::object();
    s->set("id", scale->id);
    s->set("name", scale->name);
    s->set("jurisdiction_id", scale->jurisdictionId);
    s->set("effective_from", formatDate(scale->effectiveFrom));
    s->set("illustrative", scale->illustrative);
    // The post's row, so a worker sees where they sit and what the next grade pays.
    auto row = json::array();
    for (int g = 1; g <= scale->scale.grades; ++g)
      if (auto cell = pay::baseFor(scale->scale, post, g)) row->add(*cell);
    s->set("row", row);
    o->set("scale", s);
    amount = pay::baseFor(scale->scale, post, grade);
    auto next = pay::baseFor(scale->scale, post, grade + 1);
    if (next) {
      auto step = json::object();
      step->set("grade", grade + 1);
      step->set("amount_fen", *next);
      o->set("next_step", step);
    } else {
      o->set("next_step", Poco::Dynamic::Var());  // the top grade is the cap
    }
  } else {
    o->set("scale", Poco::Dynamic::Var());
    o->set("next_step", Poco::Dynamic::Var());
  }
  o->set("scale_amount_fen", amount ? Poco::Dynamic::Var(*amount) : Poco::Dynamic::Var());
  o->set("pay_factor_bp", facts.factorBp);
  int64_t base = amount ? pay::mulDivRound(*amount, facts.factorBp, 10000) : 0;
  o->set("base_fen", base);
  bool inProbation = e.probationEnd && on <= *e.probationEnd;
  auto minimumWage = view.effective.policy->getValue<int64_t>("minimum_wage_fen");
  auto probation = json::object();
  probation->set("in_probation", inProbation);
  probation->set("pay_pct", e.probationPayPct);
  probation->set("monthly_fen", pay::probationMonthly(base, e.probationPayPct, minimumWage));
  probation->set("source", "Labor Contract Law Art. 20; " + sourceOf(view, "minimum_wage_fen"));
  o->set("probation", probation);
  auto allowances = json::array();
  int64_t allowanceTotal = 0;
  if (facts.certificate) {
    auto key = "certificate_allowance_fen." + *facts.certificate;
    auto amountFen = view.effective.policy->getObject("certificate_allowance_fen")->getValue<int64_t>(*facts.certificate);
    auto a = json::object();
    a->set("kind", "certificate");
    a->set("level", *facts.certificate);
    a->set("amount_fen", amountFen);
    a->set("source", sourceOf(view, key));
    allowances->add(a);
    allowanceTotal += amountFen;
  }
  o->set("allowances", allowances);
  o->set("gross_monthly_fen", (inProbation ? pay::probationMonthly(base, e.probationPayPct, minimumWage) : base) + allowanceTotal);
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
