#include "payroll/Declarations.h"

namespace sr::payroll {

namespace {
std::optional<std::string> text(const db::Param& p) {
  if (std::holds_alternative<int64_t>(p)) return std::to_string(std::get<int64_t>(p));
  if (std::holds_alternative<std::string>(p)) return std::get<std::string>(p);
  return std::nullopt;
}
}  // namespace

json::Obj DeclarationService::setYearRow(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                         int year, const std::string& table, const std::string& action,
                                         const std::vector<std::pair<std::string, db::Param>>& values) {
  auto e = employments_.employmentFor(p, employmentId);
  // The worker may declare their own (employmentFor limited a worker to themself); others act for the agency.
  if (p.role != http::Role::worker) access::requireActsFor(p, e.agencyId);
  if (year < static_cast<int>(e.startDate.year()) || (e.endedOn && year > static_cast<int>(e.endedOn->year())))
    throw Error(Code::validation_failed, "The employment did not run in that year.", {{"year", "is outside the employment"}});
  auto o = json::object();
  o->set("employment_id", e.id);
  o->set("year", year);
  std::string columns, sets, marks;
  db::Params params;
  for (const auto& [column, value] : values) {
    o->set(column, text(value) ? (std::holds_alternative<int64_t>(value) ? Poco::Dynamic::Var(std::get<int64_t>(value))
                                                                       : Poco::Dynamic::Var(*text(value)))
                               : Poco::Dynamic::Var());
    columns += column + ", ";
    sets += column + " = ?, ";
    marks += "?, ";
    params.push_back(value);
  }
  params.insert(params.end(), {nowSeconds(), db::nullable(actor.userId), e.id, int64_t{year}});
  auto write = [&](db::Connection& c) {
    // The year's row, locked: an identical declaration changes and records nothing.
    auto before = c.queryOne("SELECT " + columns + "id FROM " + table + " WHERE employment_id = ? AND year = ?" +
                                 std::string(c.forUpdate()),
                             {e.id, int64_t{year}});
    json::Obj old;
    if (before) {
      bool same = true;
      old = json::object();
      for (const auto& [column, value] : values) {
        same = same && before->optStr(column) == text(value);
        old->set(column, json::orNull(before->optStr(column)));
      }
      if (same) return;
      c.execute("UPDATE " + table + " SET " + sets + "set_at = ?, set_by = ? WHERE employment_id = ? AND year = ?", params);
    } else {
      // The year's first: the unique key keeps concurrent first declarations to one row.
      c.execute("INSERT INTO " + table + " (" + columns + "set_at, set_by, employment_id, year) VALUES (" + marks +
                    "?, ?, ?, ?)",
                params);
    }
    audit_.append(c, actor, {action, "employment", e.id, e.jurisdictionPath, old, o});
  };
  try {
    db_.transaction(write);
  } catch (const db::UniqueViolation&) {
    db_.transaction(write);  // another request made the year's first row meanwhile: now it is an update or nothing
  }
  return o;
}

json::Obj DeclarationService::setContributionBase(const http::Principal& p, const http::Actor& actor,
                                                  int64_t employmentId, const Bases& b) {
  if (p.role == http::Role::worker) throw Error(Code::forbidden, "The employer declares contribution bases.");
  return setYearRow(p, actor, employmentId, b.year, "contribution_bases", "employment.contribution_base",
                    {{"social_insurance_base_fen", b.socialInsurance}, {"housing_fund_base_fen", b.housingFund}});
}

json::Obj DeclarationService::setTaxProfile(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                            const TaxProfile& t) {
  return setYearRow(p, actor, employmentId, t.year, "tax_profiles", "employment.tax_profile",
                    {{"annual_bonus", db::nullable(t.annualBonus)}, {"basic_deduction", db::nullable(t.basicDeduction)}});
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
  routes.add("PUT", "/api/v1/employments/{id}/tax-profile",
             Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer, Role::worker}),
             "The year's tax choices: {\"year\", \"annual_bonus\": \"separate|combined\", \"basic_deduction\": "
             "\"standard|first_income_of_year|annual_60000\"}; a field left out takes the default (a bonus taxed on its "
             "own while the policy allows; annual_60000 when last year's records prove it, else standard). GET .../pay "
             "shows what applies and why",
             [&declarations](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"year", "annual_bonus", "basic_deduction"});
               DeclarationService::TaxProfile t;
               t.year = static_cast<int>(in.integer("year", true, 2000, 2100).value_or(0));
               t.annualBonus = in.oneOf("annual_bonus", false, {"separate", "combined"});
               t.basicDeduction =
                   in.oneOf("basic_deduction", false, {"standard", "first_income_of_year", "annual_60000"});
               v.throwIfAny();
               return Response::json(declarations.setTaxProfile(r.who(), r.actor(), r.pathId("id"), t));
             });
}

}  // namespace sr::payroll
