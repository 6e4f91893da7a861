#include "todos/Todos.h"

#include <algorithm>

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
      out.push_back(item("certificate_reregistration", c->get("name"), c->get("certificate_id"), c->get("registered_until"),
                         "#staff"));
    }
  }
  if (p.role == Role::bureau || p.role == Role::admin) {
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

void registerRoutes(http::RouteTable& routes, const TodoService& todos) {
  routes.add("GET", "/api/v1/todos", http::Permission::anyUser(),
             "What needs doing for the caller, soonest first: each {kind, subject, subject_id, due_on, link}; kinds "
             "contract_ending, contract_ended, run_awaiting_approval, resignation_pending, certificate_reregistration, "
             "filings_pending (subject: how many, with overdue)",
             [&todos](const http::Request& r) { return http::Response::json(http::listPage(todos.todos(r.who()), std::nullopt)); });
}

}  // namespace sr::todos
