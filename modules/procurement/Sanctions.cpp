// Sanctions on agencies: the bureau over an agency issues yellow cards (黄牌警告) and recoveries of
// contract funds; the agency sees its own. A fund recovery is recorded on the purchase contract it
// takes funds back from (ContractService::recover), which lists it here as well: one record, one
// write path. Rows from before contracts were recorded keep their free-text contract reference.
#include "procurement/Procurement.h"

namespace sr::procurement {

namespace {
json::Obj sanctionJson(const db::Row& r) {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("agency_id", r.i64("agency_id"));
  o->set("kind", r.str("kind"));
  o->set("amount_fen", json::orNull(r.optI64("amount_fen")));
  o->set("reason", r.str("reason"));
  o->set("contract", json::orNull(r.optStr("contract_ref")));
  o->set("contract_id", json::orNull(r.optI64("contract_id")));
  o->set("recovery_id", json::orNull(r.optI64("recovery_id")));
  o->set("rule", json::orNull(r.optStr("rule")));
  o->set("basis", json::orNull(r.optStr("basis")));
  o->set("reference", json::orNull(r.optStr("reference")));
  o->set("issued_on", r.str("issued_on"));
  return o;
}
constexpr std::string_view kCols =
    "SELECT s.id, s.agency_id, s.kind, s.amount_fen, s.reason, s.contract_ref, s.contract_id, s.recovery_id, s.issued_on, "
    "r.rule, r.basis, r.reference FROM agency_sanctions s LEFT JOIN contract_recoveries r ON r.id = s.recovery_id";
}  // namespace

void registerSanctionRoutes(http::RouteTable& routes, db::Database& db, const audit::AuditLog& audit,
                            const org::OrgService& org, ContractService& contracts) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("POST", "/api/v1/agencies/{id}/sanctions", Permission::only({Role::admin, Role::bureau}),
             "Sanction an agency: {\"kind\":\"yellow_card\",\"reason\",\"issued_on\"} or {\"kind\":\"fund_recovery\","
             "\"contract_id\" (the agency's purchase contract), \"amount_fen\", \"rule\", \"basis\", \"reason\", "
             "\"reference\" (the decision's, once per contract), \"issued_on\"} — recorded on the contract",
             [&db, &audit, &org, &contracts](const Request& r) {
               auto agency = org.agencyFor(r.who(), r.pathId("id"));
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               // The free-text contract of before: a recovery now names the contract it is recorded on.
               if (body->has("contract")) v.add("contract", "is replaced by contract_id, the purchase contract's number");
               auto kind = in.oneOf("kind", true, {"yellow_card", "fund_recovery"});
               auto issuedOn = in.date("issued_on", false).value_or(todayInChina());
               if (kind == "fund_recovery") {
                 in.rejectUnknown({"kind", "contract", "contract_id", "amount_fen", "rule", "basis", "reason", "reference", "issued_on"});
                 auto contract = in.id("contract_id", true);
                 RecoveryInput x;
                 readRecovery(in, x);
                 x.decidedOn = issuedOn;
                 x.agencyId = agency.id;
                 v.throwIfAny();
                 auto recovery = contracts.recover(r.who(), r.actor(), *contract, x);
                 auto row = db.read<std::optional<db::Row>>([&](db::Connection& c) {
                   return c.queryOne(std::string(kCols) + " WHERE s.id = ?", {recovery->getValue<int64_t>("sanction_id")});
                 });
                 return Response::json(sanctionJson(*row), 201);
               }
               in.rejectUnknown({"kind", "contract", "reason", "issued_on"});
               auto reason = in.string("reason", true, 500);
               v.throwIfAny();
               auto out = db.transact<json::Obj>([&](db::Connection& c) {
                 auto id = c.insert("INSERT INTO agency_sanctions (agency_id, jurisdiction_path, kind, reason, issued_on, "
                                    "issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                    {agency.id, agency.jurisdictionPath, *kind, *reason, formatDate(issuedOn), r.who().userId,
                                     nowSeconds()});
                 auto o = sanctionJson(*c.queryOne(std::string(kCols) + " WHERE s.id = ?", {id}));
                 audit.append(c, r.actor(), {"agency.sanction", "agency_sanction", id, agency.jurisdictionPath, nullptr, o});
                 return o;
               });
               return Response::json(out, 201);
             });
  routes.add("GET", "/api/v1/agencies/{id}/sanctions",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "An agency's sanctions, newest first (the agency sees its own); a fund recovery names its contract",
             [&db, &org](const Request& r) {
               auto agency = org.agencyFor(r.who(), r.pathId("id"));
               auto items = db.read<json::Arr>([&](db::Connection& c) {
                 auto out = json::array();
                 for (auto& row : c.query(std::string(kCols) + " WHERE s.agency_id = ? ORDER BY s.issued_on DESC, s.id DESC",
                                          {agency.id}))
                   out->add(sanctionJson(row));
                 return out;
               });
               return Response::json(http::listPage(items, std::nullopt));
             });
}

}  // namespace sr::procurement
