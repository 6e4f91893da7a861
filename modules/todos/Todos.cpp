#include "todos/Todos.h"

#include <algorithm>
#include <map>

namespace sr::todos {

namespace {
using Var = Poco::Dynamic::Var;

json::Obj item(const std::string& kind, const Var& subject, const Var& subjectId, const Var& dueOn, const std::string& link) {
  auto o = json::object();
  o->set("kind", kind);
  o->set("subject", subject);
  o->set("subject_id", subjectId);
  o->set("due_on", dueOn);
  o->set("link", link);
  return o;
}
}  // namespace

json::Arr TodoService::todos(const http::Principal& p) const {
  using http::Role;
  std::vector<json::Obj> out;
  const auto today = todayInChina();
  const bool agency = p.agencyId && (p.role == Role::agency_admin || p.role == Role::payroll_officer);
  if (agency) {
    // Contracts ending within 60 days, and those already ended that nobody renewed or closed.
    auto ending = employments_.contractsEnding(p, *p.agencyId, 60);
    for (std::size_t i = 0; i < ending->size(); ++i) {
      auto e = ending->getObject(static_cast<unsigned>(i));
      out.push_back(item(e->getValue<int64_t>("days_left") < 0 ? "contract_ended" : "contract_ending", e->get("name"),
                         e->get("employment_id"), e->get("end_date"), "#staff"));
    }
    // Runs this user may approve: drafts made by someone else (four eyes).
    if (p.role == Role::agency_admin) {
      auto runs = runs_.list(p, *p.agencyId, 24);
      for (std::size_t i = 0; i < runs->size(); ++i) {
        auto r = runs->getObject(static_cast<unsigned>(i));
        if (r->getValue<std::string>("status") != "draft") continue;
        if (!r->isNull("created_by") && r->getValue<int64_t>("created_by") == p.userId) continue;
        out.push_back(item("run_awaiting_approval", r->get("period"), r->get("id"), Var(),
                           "#payroll/" + std::to_string(r->getValue<int64_t>("id"))));
      }
    }
    // Probation ending within two weeks: confirm the hire, or end it while the probation lasts.
    auto probations = employments_.probationsEnding(p, *p.agencyId, 14);
    for (std::size_t i = 0; i < probations->size(); ++i) {
      auto e = probations->getObject(static_cast<unsigned>(i));
      out.push_back(item("probation_ending", e->get("name"), e->get("employment_id"), e->get("probation_end"), "#staff"));
    }
    // Notice given: the agency arranges the hand-over (and, where the rule asks, a replacement).
    auto notices = resignations_.list(p, std::string("pending"), 200);
    for (std::size_t i = 0; i < notices->size(); ++i) {
      auto r = notices->getObject(static_cast<unsigned>(i));
      out.push_back(item("resignation_pending", r->get("employment_id"), r->get("id"), r->get("allowed_last_day"), "#leaving"));
    }
  }
  if (agency || p.role == Role::bureau || p.role == Role::admin) {
    // Registrations in their 再登记 window (the certification rule decides; three months is at
    // most 92 days) within the caller's scope.
    auto certs = certs_.expiring(p, 92, 500);
    for (std::size_t i = 0; i < certs->size(); ++i) {
      auto c = certs->getObject(static_cast<unsigned>(i));
      if (!c->getValue<bool>("renewal_window_open")) continue;
      // Short of the continuing-education hours re-registration needs: say how many are missing.
      const auto missing = c->getValue<int64_t>("hours_required") - c->getValue<int64_t>("hours_earned");
      auto o = item(missing > 0 ? "certificate_hours_short" : "certificate_reregistration", c->get("name"),
                    c->get("certificate_id"), c->get("registered_until"), "#staff");
      if (missing > 0) o->set("hours_missing", missing);
      out.push_back(o);
    }
  }
  if (p.role == Role::bureau || p.role == Role::admin) {
    // Misconduct reports awaiting a decision, and appeals against a listing awaiting one.
    discipline::CaseFilter open;
    open.status = "open";
    for (const auto& c : cases_.list(p, open, 0, 200))
      out.push_back(item("case_open", c.json->getObject("person")->get("name"), c.id, c.json->get("opened_on"),
                         "#cases/" + std::to_string(c.id)));
    discipline::CaseFilter listed;
    listed.status = "listed";
    for (const auto& c : cases_.list(p, listed, 0, 500)) {
      auto appeal = c.json->getObject("appeal");
      if (appeal && !appeal->isNull("status") && appeal->getValue<std::string>("status") == "pending")
        out.push_back(item("appeal_pending", c.json->getObject("person")->get("name"), c.id, Var(),
                           "#cases/" + std::to_string(c.id)));
    }
    // This year's flags nobody has reviewed yet, as one line.
    auto flags = oversight_.flags(p, static_cast<int>(today.year()))->getArray("items");
    int64_t unreviewed = 0;
    for (std::size_t i = 0; i < flags->size(); ++i)
      if (flags->getObject(static_cast<unsigned>(i))->isNull("review")) ++unreviewed;
    if (unreviewed > 0) out.push_back(item("flags_unreviewed", unreviewed, Var(), Var(), "#turnover"));
    // The filing queue, as one line: how many wait, how many are overdue, the earliest due.
    auto pending = filings_.list(p, std::string("pending"), false, std::nullopt, 0, 1000);
    if (!pending.empty()) {
      auto earliest = std::min_element(pending.begin(), pending.end(), [](const auto& a, const auto& b) { return a.dueOn < b.dueOn; });
      auto o = item("filings_pending", static_cast<int64_t>(pending.size()), Var(), formatDate(earliest->dueOn), "#queue");
      o->set("overdue", static_cast<int64_t>(std::count_if(pending.begin(), pending.end(), [&](const auto& f) {
               return filing::isOverdue(f.status, f.dueOn, today);
             })));
      out.push_back(o);
    }
  }
  // Soonest first; those without a date (runs to approve) at the top: they wait on this user now.
  std::stable_sort(out.begin(), out.end(), [](const json::Obj& a, const json::Obj& b) {
    if (a->isNull("due_on") != b->isNull("due_on")) return a->isNull("due_on");
    return !a->isNull("due_on") && a->getValue<std::string>("due_on") < b->getValue<std::string>("due_on");
  });
  auto arr = json::array();
  for (const auto& o : out) arr->add(o);
  return arr;
}

json::Obj TodoService::home(const http::Principal& p) const {
  using http::Role;
  auto o = json::object();
  // How many of each kind; a line that stands for many (the filing queue, the flags) counts them.
  std::map<std::string, int64_t> byKind;
  auto items = todos(p);
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto x = items->getObject(static_cast<unsigned>(i));
    auto kind = x->getValue<std::string>("kind");
    byKind[kind] += kind == "filings_pending" || kind == "flags_unreviewed" ? x->getValue<int64_t>("subject") : 1;
  }
  auto counts = json::object();
  for (const auto& [kind, n] : byKind) counts->set(kind, n);
  o->set("counts", counts);

  // People in post per station the caller sees (a county's few hundred; the first 500 stations).
  auto inPost = employments_.headcountByStation(p);
  auto stations = json::array();
  int64_t total = 0;
  for (const auto& s : org_.listStations(p, 0, 500)) {
    auto it = inPost.find(s.id);
    auto x = json::object();
    x->set("station_id", s.id);
    x->set("name", s.name);
    x->set("headcount", it == inPost.end() ? int64_t{0} : it->second);
    total += it == inPost.end() ? 0 : it->second;
    stations->add(x);
  }
  auto headcount = json::object();
  headcount->set("total", total);
  headcount->set("stations", stations);
  o->set("headcount", headcount);

  // The month's pay. An agency: its latest run as computed. A bureau: approved pay in its area
  // against the funding standard, this month or, before any is approved, last month.
  Var pay;
  if (p.agencyId) {
    auto runs = runs_.list(p, *p.agencyId, 1);
    if (runs->size() > 0) {
      auto r = runs->getObject(0);
      auto x = json::object();
      x->set("period", r->get("period"));
      x->set("run_id", r->get("id"));
      x->set("status", r->get("status"));
      auto totals = r->isNull("totals") ? json::object() : r->getObject("totals");
      for (const char* k : {"payslips", "gross_fen", "net_fen", "labour_cost_fen"}) x->set(k, totals->has(k) ? totals->get(k) : Var());
      pay = x;
    }
  } else if (p.jurisdictionId && (p.role == Role::bureau || p.role == Role::admin)) {
    auto today = todayInChina();
    auto month = [](const Date& d) { return formatDate(d).substr(0, 7); };
    auto thisMonth = runs_.fundingSummary(p, *p.jurisdictionId, month(today));
    const Date lastOfLastMonth = addDays(Date{today.year(), today.month(), std::chrono::day{1}}, -1);
    auto summary = thisMonth->getValue<int64_t>("workers") > 0 ? thisMonth
                                                                : runs_.fundingSummary(p, *p.jurisdictionId, month(lastOfLastMonth));
    auto x = json::object();
    for (const char* k : {"period", "workers", "gross_fen", "labour_cost_fen", "budget_fen", "over_budget_fen"}) x->set(k, summary->get(k));
    pay = x;
  }
  o->set("pay", pay);
  return o;
}

void registerRoutes(http::RouteTable& routes, const TodoService& todos) {
  routes.add("GET", "/api/v1/todos", http::Permission::anyUser(),
             "What needs doing for the caller, soonest first: each {kind, subject, subject_id, due_on, link}; kinds "
             "contract_ending, contract_ended, probation_ending, run_awaiting_approval, resignation_pending, "
             "certificate_reregistration, certificate_hours_short (with hours_missing), case_open, appeal_pending, "
             "flags_unreviewed (subject: how many), "
             "filings_pending (subject: how many, with overdue)",
             [&todos](const http::Request& r) { return http::Response::json(http::listPage(todos.todos(r.who()), std::nullopt)); });
  routes.add("GET", "/api/v1/home", http::Permission::only({http::Role::admin, http::Role::bureau, http::Role::agency_admin,
                                                             http::Role::payroll_officer}),
             "The landing screen's figures: counts of to-dos by kind, people in post per station (headcount), and the "
             "month's pay (pay: an agency's latest run; a bureau's approved pay against its funding standard)",
             [&todos](const http::Request& r) { return http::Response::json(todos.home(r.who())); });
}

}  // namespace sr::todos
