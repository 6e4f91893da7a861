// Routes of purchase contracts: the bureau keeps them, an agency reads its own.
#include "procurement/Procurement.h"

namespace sr::procurement {

namespace {
using http::Permission;
using http::Request;
using http::Response;
using http::Role;

ContractInput readContract(const json::Obj& body, Validator& v) {
  json::Reader in(body, v);
  in.rejectUnknown({"jurisdiction_id", "agency_id", "reference", "start_date", "end_date", "annual_standard_fen", "sources",
                    "schedule", "stations"});
  ContractInput c;
  c.jurisdictionId = in.id("jurisdiction_id", false);
  c.agencyId = in.id("agency_id", true).value_or(0);
  c.reference = in.name("reference", false, 100);
  c.start = in.date("start_date", true).value_or(Date{});
  c.end = in.date("end_date", true).value_or(Date{});
  c.annualStandardFen = in.integer("annual_standard_fen", true, 1, 100'000'000'00).value_or(0);
  c.schedule = in.oneOf("schedule", false, {"monthly", "quarterly", "half_yearly", "yearly"});
  in.objects("sources", json::Reader::List::nonEmpty, [&](json::Reader& s, const json::Obj&, const std::string&) {
    s.rejectUnknown({"source", "pct"});
    auto name = s.oneOf("source", true, {"central", "province", "city", "county", "town", "local", "other"});
    auto pct = s.integer("pct", true, 1, 100);
    if (name && pct) c.sources.push_back({*name, *pct});
  });
  in.objects("stations", json::Reader::List::nonEmpty, [&](json::Reader& s, const json::Obj&, const std::string&) {
    s.rejectUnknown({"station_id", "funded_posts"});
    auto station = s.id("station_id", true);
    auto posts = s.integer("funded_posts", true, 1, 100);
    if (station && posts) c.stations.push_back({*station, *posts});
  });
  return c;
}
}  // namespace

void readRecovery(json::Reader& in, RecoveryInput& x) {
  x.amountFen = in.integer("amount_fen", true, 1, 100'000'000'00).value_or(0);
  x.rule = in.oneOf("rule", true, {"late_filings", "understaffed", "unfilled_posts", "failed_evaluation", "misuse_of_funds", "other"})
               .value_or("");
  x.basis = in.string("basis", false, 600);
  x.reason = in.string("reason", true, 500).value_or("");  // a sanction's reason holds 500
  x.reference = in.name("reference", true, 100).value_or("");
}

void registerRoutes(http::RouteTable& routes, ContractService& contracts, HandOverService& handOvers) {
  const auto keepers = Permission::only({Role::admin, Role::bureau});
  const auto readers = Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer});
  routes.add("POST", "/api/v1/purchase-contracts", keepers,
             "Record a signed purchase-of-service contract: {\"agency_id\", \"start_date\", \"end_date\", \"stations\": "
             "[{\"station_id\", \"funded_posts\"}], \"annual_standard_fen\" (per funded worker a year), \"sources\": "
             "[{\"source\", \"pct\"}] adding up to 100, \"schedule\" (monthly|quarterly|half_yearly|yearly), "
             "\"reference\", \"jurisdiction_id\" (default the bureau's own)}; a station under another contract for part "
             "of the term is 409",
             [&contracts](const Request& r) {
               Validator v;
               auto in = readContract(r.json(), v);
               return Response::json(contracts.create(r.who(), r.actor(), in, std::move(v)), 201);
             });
  routes.add("GET", "/api/v1/purchase-contracts", readers,
             "Contracts in scope (an agency: its own): ?status=signed|active|ended|terminated, ?agency_id=, "
             "?station_id=, ?cursor=",
             [&contracts](const Request& r) {
               ContractFilter f;
               f.status = r.choiceQuery("status", {"signed", "active", "ended", "terminated"});
               f.agencyId = r.idQuery("agency_id");
               f.stationId = r.idQuery("station_id");
               int limit = r.limit();
               auto rows = contracts.list(r.who(), f, http::cursorAfter(r), limit + 1);
               return Response::json(http::pageOf(rows, limit, [](const ContractService::Listed& c) { return c.json; }));
             });
  routes.add("GET", "/api/v1/purchase-contracts/{id}", readers, "One contract, with the stations it covers",
             [&contracts](const Request& r) { return Response::json(contracts.get(r.who(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/activate", keepers,
             "A signed contract's service begins (from the first day of its term)",
             [&contracts](const Request& r) { return Response::json(contracts.activate(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/end", keepers,
             "An active contract has run its term (from its last day)",
             [&contracts](const Request& r) { return Response::json(contracts.end(r.who(), r.actor(), r.pathId("id"))); });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/terminate", keepers,
             "End a signed or active contract early: {\"on\" (the last day of service), \"reason\"}; its stations' "
             "cover stops that day",
             [&contracts](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"on", "reason"});
               auto on = in.date("on", true);
               auto reason = in.string("reason", true, 1000);
               v.throwIfAny();
               return Response::json(contracts.terminate(r.who(), r.actor(), r.pathId("id"), *on, *reason));
             });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/disbursements", keepers,
             "Record funds paid to the agency: {\"source\" (one of the contract's), \"amount_fen\", \"paid_on\", "
             "\"voucher\" (once per contract), \"installment_due_on\" (the schedule's installment it pays), \"note\"}",
             [&contracts](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"source", "amount_fen", "paid_on", "installment_due_on", "voucher", "note"});
               DisbursementInput d;
               d.source = in.string("source", true, 20).value_or("");
               d.amountFen = in.integer("amount_fen", true, 1, 100'000'000'00).value_or(0);
               d.paidOn = in.date("paid_on", true).value_or(Date{});
               d.installmentDueOn = in.date("installment_due_on", false);
               d.voucher = in.name("voucher", true, 100).value_or("");
               d.note = in.string("note", false, 500);
               v.throwIfAny();
               return Response::json(contracts.disburse(r.who(), r.actor(), r.pathId("id"), d), 201);
             });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/recoveries", keepers,
             "Record funds taken back from the agency: {\"amount_fen\", \"rule\" (late_filings|understaffed|"
             "unfilled_posts|failed_evaluation|misuse_of_funds|other), \"basis\" (the document and clause), \"reason\", "
             "\"decided_on\", \"reference\" (the decision's, once per contract)}",
             [&contracts](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"amount_fen", "rule", "basis", "reason", "decided_on", "reference"});
               RecoveryInput x;
               readRecovery(in, x);
               x.decidedOn = in.date("decided_on", true).value_or(Date{});
               v.throwIfAny();
               return Response::json(contracts.recover(r.who(), r.actor(), r.pathId("id"), x), 201);
             });
  routes.add("PUT", "/api/v1/jurisdictions/{id}/evaluation-scheme", keepers,
             "A place's evaluation scheme of purchase contracts from a day: {\"effective_from\", \"name\", \"indicators\": "
             "[{\"key\", \"name\", \"weight\" (adding up to 100), \"max_score\"}], \"pass_mark\" (out of 100), "
             "\"tiers\": [{\"name\", \"min_score\", \"funding_factor\"}] highest first (none: pass/fail), "
             "\"fail_terminates\"}",
             [&contracts](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               auto from = in.date("effective_from", true);
               auto scheme = readScheme(body, v);
               v.throwIfAny();
               return Response::json(contracts.setScheme(r.who(), r.actor(), r.pathId("id"), *from, scheme));
             });
  routes.add("GET", "/api/v1/jurisdictions/{id}/evaluation-scheme", keepers,
             "The evaluation scheme in force for the place on ?on= (default today): its own or its nearest ancestor's",
             [&contracts](const Request& r) {
               auto on = r.dateQuery("on").value_or(todayInChina());
               return Response::json(contracts.schemeFor(r.who(), r.pathId("id"), on));
             });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/evaluations", keepers,
             "Record the year's evaluation of the contract (once): {\"year\", \"scores\": {\"<indicator key>\": n}, "
             "\"evaluated_on\", \"note\"}; the place's scheme gives the score, pass or fail, tier and next year's funding "
             "factor, and for a fail under a scheme that ends contracts a proposal to terminate",
             [&contracts](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               in.rejectUnknown({"year", "scores", "evaluated_on", "note"});
               EvaluationInput e;
               e.year = static_cast<int>(in.integer("year", true, 2000, 2100).value_or(0));
               e.evaluatedOn = in.date("evaluated_on", false).value_or(todayInChina());
               e.note = in.string("note", false, 1000);
               if (!body->has("scores")) {
                 v.add("scores", "is required");
               } else if (auto scores = body->getObject("scores"); !scores) {
                 v.add("scores", "must be an object");
               } else {
                 json::Reader sr(scores, v, "scores");
                 for (const auto& [key, value] : *scores)
                   if (auto n = sr.integer(key, true, 0, 1000)) e.scores[key] = *n;
               }
               v.throwIfAny();
               return Response::json(contracts.evaluateContract(r.who(), r.actor(), r.pathId("id"), e), 201);
             });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/evaluations/{year}/proposal", keepers,
             "Decide a failed evaluation's proposal to terminate: {\"decision\": \"confirm|dismiss\", \"on\" (the last "
             "day of service when confirmed, default today), \"reason\"}",
             [&contracts](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"decision", "on", "reason"});
               auto decision = in.oneOf("decision", true, {"confirm", "dismiss"});
               auto on = in.date("on", false);
               auto reason = in.string("reason", true, 1000);
               v.throwIfAny();
               return Response::json(contracts.decideProposal(r.who(), r.actor(), r.pathId("id"),
                                                              static_cast<int>(r.pathId("year")), *decision == "confirm", on,
                                                              *reason));
             });
  routes.add("POST", "/api/v1/purchase-contracts/{id}/renew", keepers,
             "Renew an active or ended contract whose latest evaluation passed, once, for a new term from the day after "
             "its end: {\"end_date\" (default the same length), \"annual_standard_fen\" (default the same), "
             "\"reference\"}; the same agency, stations, posts, sources and schedule",
             [&contracts](const Request& r) {
               Validator v;
               RenewalInput x;
               if (!r.body.empty()) {
                 json::Reader in(r.json(), v);
                 in.rejectUnknown({"end_date", "annual_standard_fen", "reference"});
                 x.end = in.date("end_date", false);
                 x.annualStandardFen = in.integer("annual_standard_fen", false, 1, 100'000'000'00);
                 x.reference = in.name("reference", false, 100);
               }
               v.throwIfAny();
               return Response::json(contracts.renew(r.who(), r.actor(), r.pathId("id"), x), 201);
             });
  routes.add("POST", "/api/v1/stations/{id}/hand-over", keepers,
             "Hand the station to another agency from a day (re-tendering): {\"agency_id\", \"from\", \"workers\": "
             "[{\"employment_id\", \"action\": \"transfer|end\", \"contract_end_date\" (transfer; default the old "
             "contract's, null for open-ended), \"end_reason\" (end: mutual_agreement|other)}]} listing everyone the old "
             "agency has in post there the day before",
             [&handOvers](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               in.rejectUnknown({"agency_id", "from", "workers"});
               HandOverInput h;
               h.agencyId = in.id("agency_id", true).value_or(0);
               h.from = in.date("from", true).value_or(Date{});
               in.objects(
                   "workers", json::Reader::List::required,
                   [&](json::Reader& w, const json::Obj& o, const std::string& at) {
                     w.rejectUnknown({"employment_id", "action", "contract_end_date", "end_reason"});
                     HandOverInput::Worker x;
                     x.employmentId = w.id("employment_id", true).value_or(0);
                     x.action = w.oneOf("action", true, {"transfer", "end"}).value_or("");
                     x.openEnded = o->has("contract_end_date") && o->get("contract_end_date").isEmpty();
                     if (!x.openEnded) x.contractEnd = w.date("contract_end_date", false);
                     x.endReason = w.oneOf("end_reason", false, {"mutual_agreement", "other"}).value_or("other");
                     if (x.action != "transfer" && o->has("contract_end_date"))
                       v.add(at + ".contract_end_date", "applies to a transfer only");
                     h.workers.push_back(x);
                   });
               v.throwIfAny();
               return Response::json(handOvers.handOver(r.who(), r.actor(), r.pathId("id"), h));
             });
  routes.add("GET", "/api/v1/jurisdictions/{id}/purchase-funding", keepers,
             "The year's purchase contracts of the area summed per place directly below it and in total: ?year= "
             "(default this year), ?format=json|csv|xlsx; contracts, funded posts, owed, disbursed, recovered, labour "
             "cost, balance",
             [&contracts](const Request& r) {
               auto year = static_cast<int>(r.integerQuery("year", 2000, 2100).value_or(static_cast<int>(todayInChina().year())));
               auto format = r.choiceQuery("format", {"json", "csv", "xlsx"}).value_or("json");
               if (format != "json") {
                 auto choice = sheet::choose(r);
                 return sheet::download(contracts.rollUpFile(r.who(), r.pathId("id"), year, choice), choice.format,
                                        "购买服务经费-" + std::to_string(year), "purchase-funding-" + std::to_string(year));
               }
               return Response::json(contracts.rollUp(r.who(), r.pathId("id"), year));
             });
  routes.add("GET", "/api/v1/purchase-contracts/{id}/statement", readers,
             "The contract's statement for ?year= (default this year): owed per station (standard × funded posts × "
             "months covered ÷ 12) and per source, the installments due, disbursements, recoveries, the agency's labour "
             "cost at its stations from approved payroll, and the balance",
             [&contracts](const Request& r) {
               auto year = r.integerQuery("year", 2000, 2100).value_or(static_cast<int>(todayInChina().year()));
               return Response::json(contracts.statement(r.who(), r.pathId("id"), static_cast<int>(year)));
             });
}

}  // namespace sr::procurement
