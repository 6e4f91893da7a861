#include "payroll/Declarations.h"

#include "payroll/Runs.h"

namespace sr::payroll {

namespace {
std::optional<std::string> text(const db::Param& p) {
  if (std::holds_alternative<int64_t>(p)) return std::to_string(std::get<int64_t>(p));
  if (std::holds_alternative<std::string>(p)) return std::get<std::string>(p);
  return std::nullopt;
}
}  // namespace

workforce::Employment DeclarationService::employmentForYear(const http::Principal& p, int64_t employmentId,
                                                           int year) const {
  auto e = employments_.employmentFor(p, employmentId);
  // The worker may declare their own (employmentFor limited a worker to themself); others act for the agency.
  if (p.role != http::Role::worker) access::requireActsFor(p, e.agencyId);
  if (year < static_cast<int>(e.startDate.year()) || (e.endedOn && year > static_cast<int>(e.endedOn->year())))
    throw Error(Code::validation_failed, "The employment did not run in that year.", {{"year", "is outside the employment"}});
  return e;
}

json::Obj DeclarationService::setYearRow(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                         int year, const std::string& table, const std::string& action,
                                         const std::vector<std::pair<std::string, db::Param>>& values) {
  auto e = employmentForYear(p, employmentId, year);
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
  // The employer declares bases: the route admits no worker.
  return setYearRow(p, actor, employmentId, b.year, "contribution_bases", "employment.contribution_base",
                    {{"social_insurance_base_fen", b.socialInsurance}, {"housing_fund_base_fen", b.housingFund}});
}

json::Obj DeclarationService::setTaxProfile(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                            const TaxProfile& t) {
  return setYearRow(p, actor, employmentId, t.year, "tax_profiles", "employment.tax_profile",
                    {{"annual_bonus", db::nullable(t.annualBonus)}, {"basic_deduction", db::nullable(t.basicDeduction)}});
}

namespace {
std::string monthText(std::chrono::year_month m) { return formatDate(Date{m / 1}).substr(0, 7); }
json::Arr itemsJson(const std::vector<DeductionItem>& items) {
  auto out = json::array();
  for (const auto& it : items) {
    auto o = json::object();
    o->set("category", it.category);
    o->set("monthly_fen", it.monthlyFen);
    o->set("from", monthText(it.from));
    o->set("to", monthText(it.to));
    out->add(o);
  }
  return out;
}
std::vector<DeductionItem> itemsOf(db::Connection& c, int64_t employmentId, int year) {
  std::vector<DeductionItem> out;
  for (auto& r : c.query("SELECT category, monthly_fen, from_month, to_month FROM deduction_items WHERE employment_id = ? "
                         "AND year = ? ORDER BY id",
                         {employmentId, int64_t{year}}))
    out.push_back({r.str("category"), r.i64("monthly_fen"), *parsePeriod(r.str("from_month")), *parsePeriod(r.str("to_month"))});
  return out;
}
bool same(const std::vector<DeductionItem>& a, const std::vector<DeductionItem>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].category != b[i].category || a[i].monthlyFen != b[i].monthlyFen || a[i].from != b[i].from || a[i].to != b[i].to)
      return false;
  return true;
}
}  // namespace

json::Obj DeclarationService::setDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                            int year, const std::vector<DeductionItem>& items) {
  auto problems = deductionProblems(items, year);
  if (!problems.empty()) throw Error(Code::validation_failed, "The declaration has items the law does not allow.", problems);
  return writeDeductions(p, actor, employmentId, year, items);
}

json::Obj DeclarationService::confirmDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                                int year) {
  return writeDeductions(p, actor, employmentId, year, std::nullopt);
}

json::Obj DeclarationService::deductions(const http::Principal& p, int64_t employmentId, int year) const {
  auto e = employmentForYear(p, employmentId, year);
  return db_.read<json::Obj>([&](db::Connection& c) {
    auto o = json::object();
    o->set("employment_id", e.id);
    o->set("year", year);
    o->set("declared", c.queryOne("SELECT id FROM deduction_years WHERE employment_id = ? AND year = ?", {e.id, int64_t{year}})
                           .has_value());
    o->set("items", itemsJson(itemsOf(c, e.id, year)));
    return o;
  });
}

json::Obj DeclarationService::writeDeductions(const http::Principal& p, const http::Actor& actor, int64_t employmentId,
                                              int year, const std::optional<std::vector<DeductionItem>>& items) {
  auto e = employmentForYear(p, employmentId, year);
  auto write = [&](db::Connection& c) {
    auto o = json::object();
    o->set("employment_id", e.id);
    o->set("year", year);
    // The year's declaration row, locked: declarations of one employment and year take turns.
    auto declared = c.queryOne("SELECT id FROM deduction_years WHERE employment_id = ? AND year = ?" +
                                   std::string(c.forUpdate()),
                               {e.id, int64_t{year}});
    auto now = itemsOf(c, e.id, year);
    std::vector<DeductionItem> next;
    if (items) {
      next = *items;
    } else if (declared) {  // confirming a year already declared changes nothing
      o->set("items", itemsJson(now));
      return o;
    } else {
      next = carriedInto(itemsOf(c, e.id, year - 1), year);
    }
    o->set("items", itemsJson(next));
    if (declared && same(now, next)) return o;  // the same declaration again: nothing to record
    if (declared) {
      c.execute("UPDATE deduction_years SET set_at = ?, set_by = ? WHERE id = ?",
                {nowSeconds(), db::nullable(actor.userId), declared->i64("id")});
      c.execute("DELETE FROM deduction_items WHERE employment_id = ? AND year = ?", {e.id, int64_t{year}});
    } else {
      // The year's first: the unique key keeps concurrent first declarations to one.
      c.execute("INSERT INTO deduction_years (employment_id, year, confirmed_from_previous, set_at, set_by) VALUES "
                "(?, ?, ?, ?, ?)",
                {e.id, int64_t{year}, int64_t{!items}, nowSeconds(), db::nullable(actor.userId)});
    }
    for (const auto& it : next)
      c.execute("INSERT INTO deduction_items (employment_id, year, category, monthly_fen, from_month, to_month) VALUES "
                "(?, ?, ?, ?, ?, ?)",
                {e.id, int64_t{year}, it.category, it.monthlyFen, monthText(it.from), monthText(it.to)});
    json::Obj old;
    if (declared) {
      old = json::object();
      old->set("items", itemsJson(now));
    }
    audit_.append(c, actor, {items ? "employment.deductions" : "employment.deductions_confirm", "employment", e.id,
                             e.jurisdictionPath, old, o});
    return o;
  };
  try {
    return db_.transact<json::Obj>(write);
  } catch (const db::UniqueViolation&) {
    return db_.transact<json::Obj>(write);  // another request declared the year meanwhile: now an update or nothing
  }
}

namespace {
// One item of a declaration's body; problems land in `v` under items[i].
std::optional<DeductionItem> readItem(const json::Obj& body, Validator& v, const std::string& at) {
  json::Reader in(body, v, at);
  in.rejectUnknown({"category", "monthly_fen", "from", "to"});
  auto category = in.string("category", true, 40);
  auto monthly = in.integer("monthly_fen", true, 1, 10'000'000);
  auto from = in.string("from", true, 7), to = in.string("to", true, 7);
  std::optional<std::chrono::year_month> f = from ? parsePeriod(*from) : std::nullopt, t = to ? parsePeriod(*to) : std::nullopt;
  if (from && !f) v.add(at + ".from", "must be a month YYYY-MM");
  if (to && !t) v.add(at + ".to", "must be a month YYYY-MM");
  if (category && !isDeductionCategory(*category))
    v.add(at + ".category",
          "must be one of: children_education, infant_care, elderly_support, housing_loan, housing_rent, "
          "continuing_education_degree, continuing_education_certificate");
  if (!category || !monthly || !f || !t) return std::nullopt;
  return DeductionItem{*category, *monthly, *f, *t};
}
}  // namespace

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
  routes.add("PUT", "/api/v1/employments/{id}/deductions",
             Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer, Role::worker}),
             "The year's special additional deductions: {\"year\", \"items\": [{\"category\", \"monthly_fen\", \"from\": "
             "\"YYYY-MM\", \"to\": \"YYYY-MM\"}]} (legal amounts and exclusions checked; months back to from are caught "
             "up). The old {\"special_deductions_fen\"} declares this year's monthly lump sum",
             [&declarations](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               if (body->has("special_deductions_fen")) {  // the old body: a lump sum for the current year
                 in.rejectUnknown({"special_deductions_fen"});
                 auto fen = in.integer("special_deductions_fen", true, 0, 10'000'000);
                 v.throwIfAny();
                 const int year = static_cast<int>(todayInChina().year());
                 std::vector<DeductionItem> items;
                 if (*fen > 0)
                   items.push_back({"unspecified", *fen, std::chrono::year{year} / std::chrono::January,
                                    std::chrono::year{year} / std::chrono::December});
                 auto o = declarations.setDeductions(r.who(), r.actor(), r.pathId("id"), year, items);
                 o->set("special_deductions_fen", *fen);
                 return Response::json(o);
               }
               in.rejectUnknown({"year", "items"});
               auto year = in.integer("year", true, 2000, 2100);
               std::vector<DeductionItem> items;
               if (!body->has("items")) {
                 v.add("items", "is required");
               } else if (auto list = body->getArray("items"); !list) {
                 v.add("items", "must be an array");
               } else {
                 for (std::size_t i = 0; i < list->size(); ++i) {
                   std::string at = "items[" + std::to_string(i) + "]";
                   auto item = list->getObject(static_cast<unsigned>(i));
                   if (!item) {
                     v.add(at, "must be an object");
                     continue;
                   }
                   if (auto d = readItem(item, v, at)) items.push_back(*d);
                 }
               }
               v.throwIfAny();
               return Response::json(declarations.setDeductions(r.who(), r.actor(), r.pathId("id"), static_cast<int>(*year), items));
             });
  routes.add("GET", "/api/v1/employments/{id}/deductions",
             Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer, Role::worker}),
             "The year's special additional deductions as declared: ?year= (default this year); declared is false "
             "until the year is declared or confirmed",
             [&declarations](const Request& r) {
               auto year = r.integerQuery("year", 2000, 2100).value_or(static_cast<int>(todayInChina().year()));
               return Response::json(declarations.deductions(r.who(), r.pathId("id"), static_cast<int>(year)));
             });
  routes.add("POST", "/api/v1/employments/{id}/deductions/confirm",
             Permission::only({Role::admin, Role::agency_admin, Role::payroll_officer, Role::worker}),
             "Confirms a year's deductions: {\"year\"}; an undeclared year takes last year's items still running in "
             "December; without a declaration or a confirmation a year deducts nothing",
             [&declarations](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"year"});
               auto year = in.integer("year", true, 2000, 2100);
               v.throwIfAny();
               return Response::json(declarations.confirmDeductions(r.who(), r.actor(), r.pathId("id"), static_cast<int>(*year)));
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
