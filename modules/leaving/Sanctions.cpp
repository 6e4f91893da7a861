// Sanctions on agencies: the bureau over an agency issues yellow cards and recoveries of contract
// funds; the agency sees its own. Every sanction is audited.
#include "leaving/Leaving.h"

namespace sr::leaving {

namespace {
json::Obj sanctionJson(const db::Row& r) {
  auto o = json::object();
  o->set("id", r.i64("id"));
  o->set("agency_id", r.i64("agency_id"));
  o->set("kind", r.str("kind"));
  o->set("amount_fen", json::orNull(r.optI64("amount_fen")));
  o->set("reason", r.str("reason"));
  o->set("contract", json::orNull(r.optStr("contract_ref")));
  o->set("issued_on", r.str("issued_on"));
  return o;
}
constexpr std::string_view kCols =
    "SELECT id, agency_id, kind, amount_fen, reason, contract_ref, issued_on FROM agency_sanctions";
}  // namespace

void registerSanctionRoutes(http::RouteTable& routes, db::Database& db, const audit::AuditLog& audit,
                            const org::OrgService& org) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("POST", "/api/v1/agencies/{id}/sanctions", Permission::only({Role::admin, Role::bureau}),
             "Sanction an agency: {\"kind\":\"yellow_card|fund_recovery\",\"reason\",\"amount_fen\" (recoveries),"
             "\"contract\",\"issued_on\"}",
             [&db, &audit, &org](const Request& r) {
               auto agency = org.agencyFor(r.who(), r.pathId("id"));
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"kind", "reason", "amount_fen", "contract", "issued_on"});
               auto kind = in.oneOf("kind", true, {"yellow_card", "fund_recovery"});
               auto reason = in.string("reason", true, 500);
               auto amount = in.integer("amount_fen", false, 1, 100'000'000'00);
               auto contract = in.string("contract", false, 100);
               auto issuedOn = in.date("issued_on", false).value_or(todayInChina());
               if (kind == "fund_recovery" && !amount && !v.has("amount_fen")) v.add("amount_fen", "is required for a fund recovery");
               if (kind == "yellow_card" && amount) v.add("amount_fen", "does not apply to a yellow card");
               v.throwIfAny();
               auto out = db.transact<json::Obj>([&](db::Connection& c) {
                 auto id = c.insert("INSERT INTO agency_sanctions (agency_id, jurisdiction_path, kind, amount_fen, reason, "
                                    "contract_ref, issued_on, issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                    {agency.id, agency.jurisdictionPath, *kind, db::nullable(amount), *reason,
                                     db::nullable(contract), formatDate(issuedOn), r.who().userId, nowSeconds()});
                 auto o = sanctionJson(*c.queryOne(std::string(kCols) + " WHERE id = ?", {id}));
                 audit.append(c, r.actor(), {"agency.sanction", "agency_sanction", id, agency.jurisdictionPath, nullptr, o});
                 return o;
               });
               return Response::json(out, 201);
             });
  routes.add("GET", "/api/v1/agencies/{id}/sanctions",
             Permission::only({Role::admin, Role::bureau, Role::agency_admin, Role::payroll_officer}),
             "An agency's sanctions, newest first (the agency sees its own)", [&db, &org](const Request& r) {
               auto agency = org.agencyFor(r.who(), r.pathId("id"));
               auto items = db.read<json::Arr>([&](db::Connection& c) {
                 auto out = json::array();
                 for (auto& row : c.query(std::string(kCols) + " WHERE agency_id = ? ORDER BY issued_on DESC, id DESC",
                                          {agency.id}))
                   out->add(sanctionJson(row));
                 return out;
               });
               return Response::json(http::listPage(items, std::nullopt));
             });
}

}  // namespace sr::leaving
