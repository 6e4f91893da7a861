#include "payroll/Declarations.h"

namespace sr::payroll {

json::Obj DeclarationService::setContributionBase(const http::Principal& p, const http::Actor& actor,
                                                  int64_t employmentId, const Bases& b) {
  auto e = employments_.employmentFor(p, employmentId);
  access::requireActsFor(p, e.agencyId);
  if (b.year < static_cast<int>(e.startDate.year()) || (e.endedOn && b.year > static_cast<int>(e.endedOn->year())))
    throw Error(Code::validation_failed, "The employment did not run in that year.", {{"year", "is outside the employment"}});
  auto o = json::object();
  o->set("employment_id", e.id);
  o->set("year", b.year);
  o->set("social_insurance_base_fen", b.socialInsurance);
  o->set("housing_fund_base_fen", b.housingFund);
  o->set("source", "declared");
  const db::Params key{e.id, int64_t{b.year}};
  auto write = [&](db::Connection& c) {
    // The year's last declaration, locked: the audit says what this one replaced.
    auto before = c.queryOne("SELECT social_insurance_base_fen, housing_fund_base_fen FROM contribution_bases WHERE "
                             "employment_id = ? AND year = ?" + std::string(c.forUpdate()),
                             key);
    db::Params set{b.socialInsurance, b.housingFund, nowSeconds(), db::nullable(actor.userId), e.id, int64_t{b.year}};
    if (before) {
      // A declaration of the same figures changes nothing and records nothing.
      set.insert(set.end(), {b.socialInsurance, b.housingFund});
      if (c.execute("UPDATE contribution_bases SET social_insurance_base_fen = ?, housing_fund_base_fen = ?, set_at = ?, "
                    "set_by = ? WHERE employment_id = ? AND year = ? AND NOT (social_insurance_base_fen = ? AND "
                    "housing_fund_base_fen = ?)",
                    set) == 0)
        return;
    } else {
      // The year's first: the unique key keeps concurrent first declarations to one row.
      c.execute("INSERT INTO contribution_bases (social_insurance_base_fen, housing_fund_base_fen, set_at, set_by, "
                "employment_id, year) VALUES (?, ?, ?, ?, ?, ?)",
                set);
    }
    json::Obj old;
    if (before) {
      old = json::object();
      old->set("social_insurance_base_fen", before->i64("social_insurance_base_fen"));
      old->set("housing_fund_base_fen", before->i64("housing_fund_base_fen"));
    }
    audit_.append(c, actor, {"employment.contribution_base", "employment", e.id, e.jurisdictionPath, old, o});
  };
  try {
    db_.transaction(write);
  } catch (const db::UniqueViolation&) {
    db_.transaction(write);  // another request made the year's first row meanwhile: now it is an update or nothing
  }
  return o;
}

void registerDeclarationRoutes(http::RouteTable& routes, DeclarationService& declarations) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("PUT", "/api/v1/employments/{id}/contribution-base",
             Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer}),
             "The year's social-insurance and housing-fund contribution bases: {\"year\", \"social_insurance_base_fen\", "
             "\"housing_fund_base_fen\"}; without them a run uses last year's average monthly gross with this employer, "
             "else the first full month's contract pay (GET .../pay shows which)",
             [&declarations](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"year", "social_insurance_base_fen", "housing_fund_base_fen"});
               DeclarationService::Bases b;
               b.year = static_cast<int>(in.integer("year", true, 2000, 2100).value_or(0));
               b.socialInsurance = in.integer("social_insurance_base_fen", true, 1, 100'000'000'00).value_or(0);
               b.housingFund = in.integer("housing_fund_base_fen", true, 1, 100'000'000'00).value_or(0);
               v.throwIfAny();
               return Response::json(declarations.setContributionBase(r.who(), r.actor(), r.pathId("id"), b));
             });
}

}  // namespace sr::payroll
