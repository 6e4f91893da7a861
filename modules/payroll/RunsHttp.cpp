#include "payroll/Runs.h"

namespace sr::payroll {

void registerRunRoutes(http::RouteTable& routes, RunService& runs) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto preparers = Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer});
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});

  routes.add("POST", "/api/v1/payroll-runs", preparers,
             "Compute a month's payroll for an agency: {\"agency_id\",\"period\":\"YYYY-MM\"} (with "
             "\"adjusts_run_id\": an adjustment run of an approved period); large runs continue in the background "
             "(202, progress on GET)",
             [&runs](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"agency_id", "period", "adjusts_run_id"});
               auto agency = in.id("agency_id", true);
               auto adjusts = in.id("adjusts_run_id", false);
               auto period = in.string("period", true, 7);
               if (auto problem = period ? periodProblem(*period, todayInChina()) : std::nullopt) v.add("period", *problem);
               v.throwIfAny();
               auto started = runs.create(r.who(), r.actor(), *agency, *period, adjusts);
               return Response::json(started.run, started.background ? 202 : 201);
             });
  routes.add("GET", "/api/v1/payroll-runs", readers, "Payroll runs in scope, newest period first; ?agency_id=",
             [&runs](const Request& r) {
               return Response::json(http::listPage(runs.list(r.who(), r.idQuery("agency_id"), r.limit()), std::nullopt));
             });
  routes.add("GET", "/api/v1/payroll-runs/{id}", readers, "One run with its state, progress and totals",
             [&runs](const Request& r) { return Response::json(runs.get(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/payroll-runs/{id}/recompute", preparers, "Recompute a draft run",
             [&runs](const Request& r) {
               auto started = runs.recompute(r.who(), r.actor(), r.pathId("id"));
               return Response::json(started.run, started.background ? 202 : 200);
             });
  routes.add("POST", "/api/v1/payroll-runs/{id}/approve", Permission::only({Role::agency_admin}),
             "Approve a draft run: an agency admin other than its creator (403 four_eyes); locks the period",
             [&runs](const Request& r) { return Response::json(runs.approve(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/payroll-runs/{id}/paid", Permission::only({Role::agency_admin}),
             "Record that an approved run was paid out",
             [&runs](const Request& r) { return Response::json(runs.markPaid(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("GET", "/api/v1/payroll-runs/{id}/payslips", readers, "The run's payslips (a bureau: stations in its area)",
             [&runs](const Request& r) {
               return Response::json(http::listPage(runs.payslips(r.who(), r.pathId("id")), std::nullopt));
             });
  routes.add("GET", "/api/v1/employments/{id}/payslips", readers, "An employment's approved payslips, newest first",
             [&runs](const Request& r) {
               return Response::json(http::listPage(runs.employmentPayslips(r.who(), r.pathId("id")), std::nullopt));
             });
  routes.add("GET", "/api/v1/me/payslips", Permission::only({Role::worker}), "The signed-in worker's approved payslips",
             [&runs](const Request& r) { return Response::json(http::listPage(runs.myPayslips(r.who()), std::nullopt)); });
  routes.add("POST", "/api/v1/employments/{id}/pay-items", Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer}),
             "An item for one period: {\"period\",\"kind\",\"name\",\"amount_fen\"}; kind allowance (taxable wages), "
             "deduction (before tax), annual_bonus (全年一次性奖金, taxed on its own per the tax profile) or severance "
             "(经济补偿, exempt up to the policy's iit.severance_exempt_fen)",
             [&runs](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"period", "kind", "name", "amount_fen", "for_adjustment"});
               auto period = in.string("period", true, 7);
               if (auto problem = period ? periodProblem(*period, todayInChina()) : std::nullopt) v.add("period", *problem);
               auto kind = in.oneOf("kind", true, {"allowance", "deduction", "annual_bonus", "severance"});
               auto name = in.name("name", true, 100);
               auto amount = in.integer("amount_fen", true, 1, 100'000'000'00);
               bool forAdjustment = in.boolean("for_adjustment", false).value_or(false);
               v.throwIfAny();
               return Response::json(
                   runs.addPayItem(r.who(), r.actor(), r.pathId("id"), *period, *kind, *name, *amount, forAdjustment), 201);
             });
}

}  // namespace sr::payroll
