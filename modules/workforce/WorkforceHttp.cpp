#include <set>

#include "common/Sheet.h"
#include "people/PersonRules.h"
#include "workforce/Workforce.h"

namespace sr::workforce {

namespace {
// The history's reasons as the caller reads them (reason_detail): the system's own words
// ("hire", "annual increment 2026: ...") in their language, what a clerk typed as typed.
json::Obj said(json::Obj detail, const http::Request& r) {
  messages::sayEach(detail->getArray("assignments"), "reason", r.lang());
  return detail;
}
}  // namespace

namespace {
using http::Permission;
using http::Request;
using http::Response;
using http::Role;

}  // namespace

void registerRoutes(http::RouteTable& routes, EmploymentService& employments, EndAnswer endAnswer) {
  const auto hirers = Permission::only({Role::admin, Role::agency_admin});

  routes.add("POST", "/api/v1/employments", hirers,
             "Hire: find or create the person, check blacklist, other employment and the place's rules, "
             "sign the contract and file it with the bureau",
             [&employments](const Request& r) {
               Validator v;
               auto in = readHire(r.json(), v);
               auto e = employments.hire(r.who(), r.actor(), in, std::move(v));
               return Response::json(employments.toJson(e, todayInChina()), 201);
             });
  routes.add("GET", "/api/v1/employments", Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "Employments in scope, each with the person's name; ?station_id=, ?status=probation|active|notice|ended|current, "
             "?q= (a whole ID number, or part of a name)",
             [&employments](const Request& r) {
               auto status = r.choiceQuery("status", {"probation", "active", "notice", "expired", "ended", "current"});
               std::optional<std::string> search;
               if (auto q = r.queryParam("q"); q && !q->empty()) {
                 if (q->size() > 50) throw Error(Code::validation_failed, "The search is too long.", {{"q", "at most 50 characters"}});
                 search = std::move(*q);
               }
               int limit = r.limit();
               auto rows = employments.list(r.who(), {r.idQuery("station_id"), std::nullopt, status, search},
                                            http::cursorAfter(r), limit + 1);
               auto names = employments.personNames(rows);
               auto today = todayInChina();
               return Response::json(http::pageOf(rows, limit, [&](const Employment& e) {
                 auto o = employments.toJson(e, today);
                 o->set("person_name", names[e.personId]);
                 return o;
               }));
             });
  routes.add("GET", "/api/v1/employments/{id}", Permission::anyUser(),
             "One employment with the person, contract terms and assignment history", [&employments](const Request& r) {
               return Response::json(said(employments.detailJson(r.who(), employments.employmentFor(r.who(), r.pathId("id"))), r));
             });
  routes.add("POST", "/api/v1/employments/{id}/changes", hirers,
             "Transfer to another station of the agency and/or change post or grade from a date: "
             "{\"effective_on\",\"station_id\",\"post\",\"grade\",\"reason\"}",
             [&employments](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"effective_on", "station_id", "post", "grade", "reason"});
               ChangeInput c;
               c.effectiveOn = in.date("effective_on", true).value_or(todayInChina());
               c.stationId = in.id("station_id", false);
               c.post = in.string("post", false, 20);
               if (auto g = in.integer("grade", false, 1, 11)) c.grade = static_cast<int>(*g);
               c.reason = in.string("reason", false, 200).value_or("");
               auto e = employments.change(r.who(), r.actor(), r.pathId("id"), c, std::move(v));
               return Response::json(employments.toJson(e, todayInChina()), 201);
             });
  routes.add("POST", "/api/v1/employments/{id}/renewals", hirers,
             "Renew the contract from the day after it ends, without probation: {\"end_date\"} (null = open-ended), "
             "\"open_ended\": true for the same, \"worker_requested_fixed_term\": true where Art. 14(3) owes an open-ended one",
             [&employments](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"end_date", "open_ended", "worker_requested_fixed_term"});
               bool openEnded = in.boolean("open_ended", false).value_or(false);
               bool requested = in.boolean("worker_requested_fixed_term", false).value_or(false);
               if (!in.has("end_date") && !openEnded) v.add("end_date", "is required (null for an open-ended contract)");
               auto end = in.date("end_date", false);
               if (openEnded && end) v.add("end_date", "must be null for an open-ended contract");
               if (openEnded && requested) v.add("worker_requested_fixed_term", "contradicts open_ended");
               v.throwIfAny();
               auto e = employments.renew(r.who(), r.actor(), r.pathId("id"), end, requested);
               return Response::json(employments.toJson(e, todayInChina()), 201);
             });
  routes.add("PUT", "/api/v1/employments/{id}/bank-account", hirers,
             "Change the account the employment's pay goes to: {\"bank_account\"}; the old one is kept, computed "
             "payslips keep theirs (recompute a draft run to pay the new one)",
             [&employments](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"bank_account"});
               auto account = in.string("bank_account", true, 40);
               if (account)
                 if (auto problem = people::bankAccountProblem(*account)) v.add("bank_account", *problem);
               v.throwIfAny();
               return Response::json(employments.toJson(
                   employments.changeBankAccount(r.who(), r.actor(), r.pathId("id"), people::normalizeBankAccount(*account)),
                   todayInChina()));
             });
  routes.add("GET", "/api/v1/agencies/{id}/contracts-ending",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "Fixed-term contracts ending within ?within_days= (default 60, at most 366), and those expired unrenewed",
             [&employments](const Request& r) {
               auto days = r.integerQuery("within_days", 0, 366).value_or(60);
               return Response::json(http::listPage(
                   employments.contractsEnding(r.who(), r.pathId("id"), static_cast<int>(days)), std::nullopt));
             });
  routes.add("POST", "/api/v1/employments/{id}/end", hirers,
             "End an employment: {\"last_day\",\"reason\":\"contract_expired|mutual_agreement|probation_failed|other\",\"note\"}; "
             "for a reason that may owe severance the answer's severance suggests the Art. 47 amount with its working",
             [&employments, endAnswer](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"last_day", "reason", "note"});
               EndInput e;
               e.lastDay = in.date("last_day", true).value_or(todayInChina());
               e.reason = in.oneOf("reason", true, {"contract_expired", "mutual_agreement", "probation_failed", "other"})
                              .value_or("");
               e.note = in.string("note", false, 500);
               v.throwIfAny();
               auto ended = employments.end(r.who(), r.actor(), r.pathId("id"), e);
               auto o = employments.toJson(ended, todayInChina());
               if (endAnswer) endAnswer(r.who(), ended, o);
               return Response::json(o);
             });
  routes.add("POST", "/api/v1/agencies/{id}/staff-import", hirers,
             "Import current staff from CSV (UTF-8 or GBK, header row; see README) or an .xlsx workbook: ?dry_run=true reports every bad "
             "row with its line and writes nothing; without it the file is imported whole or not at all",
             [&employments](const Request& r) {
               bool dryRun = r.flagQuery("dry_run");
               auto type = r.headers.find("content-type");
               bool workbook = type != r.headers.end() &&
                               type->second.rfind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 0) == 0;
               auto report = employments.importStaff(r.who(), r.actor(), r.pathId("id"), r.body, dryRun, workbook);
               auto o = json::object();
               o->set("dry_run", report.dryRun);
               o->set("rows", report.rows);
               std::set<int> badLines;
               for (const auto& p : report.problems) badLines.insert(p.line);
               o->set("valid_rows", report.rows - static_cast<int>(badLines.size()));
               auto problems = json::array();
               for (const auto& p : report.problems) {
                 auto x = json::object();
                 x->set("line", p.line);
                 x->set("field", p.field);
                 x->set("column", importColumnHeader(p.field));
                 x->set("code", p.code);
                 x->set("message", p.message);
                 // The reason in the caller's language, with its stable code and parameters.
                 auto reason = messages::describe({p.field, p.message}, r.lang());
                 x->set("reason_code", reason.code);
                 x->set("params", reason.params);
                 x->set("detail", reason.text);
                 problems->add(x);
               }
               o->set("problems", problems);
               auto created = json::array();
               for (auto id : report.created) created->add(id);
               o->set("created", created);
               return Response::json(o, dryRun ? 200 : 201);
             });
  routes.add("GET", "/api/v1/agencies/{id}/staff.csv",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "The agency's staff in scope as CSV for Excel (UTF-8 with BOM, ?encoding=gbk; ID numbers masked unless the "
             "role needs them)",
             [&employments](const Request& r) {
               auto choice = sheet::choose(r, sheet::Format::csv);
               choice.format = sheet::Format::csv;
               return sheet::download(employments.exportStaff(r.who(), r.pathId("id"), choice), choice.format, "花名册", "staff");
             });
  routes.add("GET", "/api/v1/agencies/{id}/exports/roster",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "The staff roster (花名册) as .xlsx, or ?format=csv", [&employments](const Request& r) {
               auto choice = sheet::choose(r, sheet::Format::xlsx);
               return sheet::download(employments.exportStaff(r.who(), r.pathId("id"), choice), choice.format, "花名册",
                                      "roster");
             });
  routes.add("GET", "/api/v1/me/employment", Permission::only({Role::worker}),
             "The signed-in worker's current employment with contract and history", [&employments](const Request& r) {
               return Response::json(said(employments.detailJson(r.who(), employments.mine(r.who())), r));
             });
}

}  // namespace sr::workforce
