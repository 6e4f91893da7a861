#include <map>

#include "payroll/Assessments.h"

namespace sr::payroll {

std::optional<std::string> AssessmentService::yearProblem(const workforce::Employment& e, int year) {
  if (year < static_cast<int>(e.startDate.year()) || (e.endedOn && year > static_cast<int>(e.endedOn->year())))
    return "is outside the employment";
  if (year > static_cast<int>(todayInChina().year())) return "is in the future";
  return std::nullopt;
}

std::optional<json::Obj> AssessmentService::record(db::Connection& c, const http::Actor& actor,
                                                   const workforce::Employment& e, int year, pay::Rating rating) const {
  // The unique key (employment, year) decides: an insert that meets a rating already there adds
  // nothing, even from a request sent at the same moment.
  const char* verb = c.engine() == db::Engine::sqlite ? "INSERT OR IGNORE" : "INSERT IGNORE";
  if (c.execute(std::string(verb) + " INTO assessments (employment_id, year, rating, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                {e.id, int64_t{year}, std::string(pay::ratingName(rating)), nowSeconds(), db::nullable(actor.userId)}) == 0)
    return std::nullopt;
  auto id = c.queryOne("SELECT id FROM assessments WHERE employment_id = ? AND year = ?", {e.id, int64_t{year}})->i64("id");
  auto o = json::object();
  o->set("id", id);
  o->set("employment_id", e.id);
  o->set("year", year);
  o->set("rating", std::string(pay::ratingName(rating)));
  audit_.append(c, actor, {"assessment.create", "assessment", id, e.jurisdictionPath, nullptr, o});
  return o;
}

json::Obj AssessmentService::assess(const http::Principal& p, const http::Actor& actor, int64_t employmentId, int year,
                                    pay::Rating rating) {
  auto e = employments_.employmentFor(p, employmentId);
  access::requireActsFor(p, e.agencyId);
  if (auto problem = yearProblem(e, year))
    throw Error(Code::validation_failed, *problem == "is in the future" ? "A year is assessed once it has begun."
                                                                        : "The employment did not run in that year.",
                {{"year", *problem}});
  json::Obj o;
  db_.transaction([&](db::Connection& c) {
    auto made = record(c, actor, e, year, rating);
    if (!made)
      throw Error(Code::conflict, "This employment already has a rating for that year.", {{"year", "is already assessed"}});
    o = *made;
  });
  return o;
}

AssessmentService::Rated AssessmentService::assessMany(const http::Principal& p, const http::Actor& actor, int year,
                                                       const std::vector<std::pair<int64_t, pay::Rating>>& ratings) {
  Validator v;
  std::vector<int64_t> ids;
  for (const auto& r : ratings) ids.push_back(r.first);
  auto staff = employments_.employmentsFor(p, ids);  // one query; 404 outside the caller's reach
  for (std::size_t i = 0; i < staff.size(); ++i) {
    access::requireActsFor(p, staff[i].agencyId);
    if (yearProblem(staff[i], year)) v.add("ratings[" + std::to_string(i) + "].employment_id", "is outside the employment");
  }
  v.throwIfAny(Code::validation_failed, "The employment did not run in that year.");
  Rated out;
  db_.transaction([&](db::Connection& c) {
    out = {};  // a retried body starts again
    for (std::size_t i = 0; i < staff.size(); ++i)
      (record(c, actor, staff[i], year, ratings[i].second) ? out.rated : out.alreadyRated).push_back(staff[i].id);
  });
  return out;
}

json::Arr AssessmentService::list(const http::Principal& p, const std::optional<int64_t>& employmentId,
                                  const std::optional<int>& year, int limit) const {
  std::string where = " WHERE 1 = 1";
  db::Params params;
  access::appendScopeFilter(p, {"e.jurisdiction_path", "e.agency_id", "e.person_id"}, where, params);
  if (employmentId) {
    where += " AND a.employment_id = ?";
    params.emplace_back(*employmentId);
  }
  if (year) {
    where += " AND a.year = ?";
    params.emplace_back(int64_t{*year});
  }
  params.emplace_back(int64_t{limit});
  return db_.read<json::Arr>([&](db::Connection& c) {
    auto out = json::array();
    for (auto& r : c.query("SELECT a.id, a.employment_id, a.year, a.rating FROM assessments a JOIN employments e ON "
                           "e.id = a.employment_id" +
                               where + " ORDER BY a.year DESC, a.id LIMIT ?",
                           params)) {
      auto o = json::object();
      o->set("id", r.i64("id"));
      o->set("employment_id", r.i64("employment_id"));
      o->set("year", r.i64("year"));
      o->set("rating", r.str("rating"));
      out->add(o);
    }
    return out;
  });
}

json::Obj AssessmentService::runIncrements(const http::Principal& p, const http::Actor& actor, int64_t agencyId, int year,
                                           const Date& effectiveOn, bool dryRun) {
  auto agency = org_.agencyFor(p, agencyId);
  access::requireActsFor(p, agency.id);
  // Everyone of the agency in post on the date, with that year's rating: one query.
  auto d = formatDate(effectiveOn);
  // Everyone the agency employs: the run filters by date below.
  auto staff = employments_.list(p, {std::nullopt, agency.id, std::nullopt, std::nullopt}, 0, 1'000'000);
  std::map<int64_t, pay::Rating> ratings;
  db_.read<int>([&](db::Connection& c) {
    for (auto& r : c.query("SELECT a.employment_id, a.rating FROM assessments a JOIN employments e ON e.id = a.employment_id "
                           "WHERE e.agency_id = ? AND a.year = ?",
                           {agency.id, int64_t{year}}))
      ratings[r.i64("employment_id")] = *pay::parseRating(r.str("rating"));
    return 0;
  });
  // Rules, scale and filing deadline per station's place, from one policy read each.
  struct StationRules {
    pay::IncrementRule rule;
    int topGrade = 0, filingDays = 7;
  };
  std::map<int64_t, StationRules> rulesByStation;
  auto rulesFor = [&](int64_t stationId) {
    if (auto it = rulesByStation.find(stationId); it != rulesByStation.end()) return it->second;
    auto place = employments_.placeRules(*org_.findStation(stationId), effectiveOn);
    auto inc = place.policy->getObject("increment");
    pay::IncrementRule rule{inc->getValue<std::string>("kind"), static_cast<int>(inc->getValue<int64_t>("steps")),
                            *pay::parseRating(inc->getValue<std::string>("min_rating")),
                            policy::hundredths(inc->get("percent")).value_or(0)};
    return rulesByStation[stationId] = {rule, place.scale ? place.scale->scale.grades : 0, place.filingDays};
  };
  struct Planned {
    workforce::Employment before, after;
    pay::IncrementOutcome outcome;
    int filingDays;
  };
  std::vector<Planned> plan;
  auto changes = json::array();
  for (const auto& e : staff) {
    if (e.startDate > effectiveOn || (e.endedOn && *e.endedOn < effectiveOn)) continue;
    auto [rule, topGrade, filingDays] = rulesFor(e.stationId);
    auto rating = ratings.count(e.id) ? std::optional(ratings[e.id]) : std::nullopt;
    auto outcome = topGrade == 0 ? pay::IncrementOutcome{false, e.grade, e.payFactorBp, "no salary scale in force"}
                                 : pay::applyIncrement(rule, rating, e.grade, topGrade, e.payFactorBp);
    auto after = e;
    after.grade = outcome.grade;
    after.payFactorBp = outcome.factorBp;
    auto x = json::object();
    x->set("employment_id", e.id);
    x->set("changed", outcome.changed);
    x->set("grade_before", e.grade);
    x->set("grade_after", outcome.grade);
    x->set("pay_factor_bp_before", e.payFactorBp);
    x->set("pay_factor_bp_after", outcome.factorBp);
    x->set("reason", outcome.reason);
    changes->add(x);
    if (outcome.changed) plan.push_back({e, after, outcome, filingDays});
  }
  auto result = json::object();
  if (dryRun) {  // the preview: the same plan, nothing written
    bool applied = db_.read<bool>([&](db::Connection& c) {
      return c.queryOne("SELECT id FROM increment_runs WHERE agency_id = ? AND year = ?", {agency.id, int64_t{year}}).has_value();
    });
    result->set("dry_run", true);
    result->set("already_applied", applied);
    result->set("message", applied ? "Increments for " + std::to_string(year) + " were already applied."
                                   : std::to_string(plan.size()) + " of " + std::to_string(changes->size()) +
                                         " employments would change.");
    result->set("changes", changes);
    return result;
  }
  db_.transaction([&](db::Connection& c) {
    // The unique key (agency, year) makes a second run, even a concurrent one, a no-op.
    if (auto done = c.queryOne("SELECT id, changes FROM increment_runs WHERE agency_id = ? AND year = ?" +
                                   std::string(c.forUpdate()),
                               {agency.id, int64_t{year}})) {
      result->set("run_id", done->i64("id"));
      result->set("already_applied", true);
      result->set("message", "Increments for " + std::to_string(year) + " were already applied; nothing changed.");
      result->set("changes", json::parseObject(done->str("changes"))->getArray("changes"));
      return;
    }
    for (const auto& step : plan)
      employments_.recordChange(c, actor, step.before, step.after, effectiveOn,
                                "annual increment " + std::to_string(year) + ": " + step.outcome.reason, step.filingDays);
    auto stored = json::object();
    stored->set("changes", changes);
    auto id = c.insert(
        "INSERT INTO increment_runs (agency_id, year, effective_on, changes, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
        {agency.id, int64_t{year}, d, json::stringify(stored), nowSeconds(), db::nullable(actor.userId)});
    result->set("run_id", id);
    result->set("already_applied", false);
    result->set("message", std::to_string(plan.size()) + " of " + std::to_string(changes->size()) + " employments changed.");
    result->set("changes", changes);
    auto summary = json::object();
    summary->set("year", year);
    summary->set("effective_on", d);
    summary->set("changed", static_cast<int>(plan.size()));
    audit_.append(c, actor, {"increment.run", "increment_run", id, agency.jurisdictionPath, nullptr, summary});
  });
  return result;
}

void registerAssessmentRoutes(http::RouteTable& routes, AssessmentService& assessments) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  const auto assessors = Permission::only({Role::admin, Role::agency_admin});
  routes.add("POST", "/api/v1/assessments", assessors,
             "Record the year's rating: {\"employment_id\",\"year\",\"rating\":\"excellent|competent|basic|incompetent\"}",
             [&assessments](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"employment_id", "year", "rating"});
               auto employment = in.id("employment_id", true);
               auto year = in.integer("year", true, 2000, 2100);
               auto rating = in.oneOf("rating", true, {"excellent", "competent", "basic", "incompetent"});
               v.throwIfAny();
               return Response::json(assessments.assess(r.who(), r.actor(), *employment, static_cast<int>(*year),
                                                        *pay::parseRating(*rating)),
                                     201);
             });
  routes.add("POST", "/api/v1/assessments/bulk", assessors,
             "Record many ratings of one year at once: {\"year\", \"ratings\": [{\"employment_id\", \"rating\"}]} (1 to "
             "500); answers rated and already_rated employment ids; nothing is recorded when one is refused",
             [&assessments](const Request& r) {
               Validator v;
               auto body = r.json();
               json::Reader in(body, v);
               in.rejectUnknown({"year", "ratings"});
               auto year = in.integer("year", true, 2000, 2100);
               std::vector<std::pair<int64_t, pay::Rating>> ratings;
               auto list = body->has("ratings") ? body->getArray("ratings") : json::Arr();
               if (!list)
                 v.add("ratings", body->has("ratings") ? "must be an array" : "is required");
               else if (list->size() == 0 || list->size() > 500)
                 v.add("ratings", "must hold 1 to 500 ratings");
               else
                 for (std::size_t i = 0; i < list->size(); ++i) {
                   auto item = list->getObject(static_cast<unsigned>(i));
                   if (!item) {
                     v.add("ratings[" + std::to_string(i) + "]", "must be an object");
                     continue;
                   }
                   json::Reader one(item, v, "ratings[" + std::to_string(i) + "]");
                   one.rejectUnknown({"employment_id", "rating"});
                   auto id = one.id("employment_id", true);
                   auto rating = one.oneOf("rating", true, {"excellent", "competent", "basic", "incompetent"});
                   if (id && rating) ratings.emplace_back(*id, *pay::parseRating(*rating));
                 }
               v.throwIfAny();
               auto done = assessments.assessMany(r.who(), r.actor(), static_cast<int>(*year), ratings);
               auto arr = [](const std::vector<int64_t>& xs) {
                 auto a = json::array();
                 for (auto x : xs) a->add(x);
                 return a;
               };
               auto o = json::object();
               o->set("rated", arr(done.rated));
               o->set("already_rated", arr(done.alreadyRated));
               return Response::json(o);
             });
  routes.add("GET", "/api/v1/assessments", Permission::anyUser(), "Ratings in scope; ?employment_id=, ?year=",
             [&assessments](const Request& r) {
               auto year = r.integerQuery("year", 2000, 2100);
               return Response::json(http::listPage(
                   assessments.list(r.who(), r.idQuery("employment_id"),
                                    year ? std::optional(static_cast<int>(*year)) : std::nullopt, r.limit()),
                   std::nullopt));
             });
  routes.add("POST", "/api/v1/increments", assessors,
             "Apply the year's increments to every employment of the agency in post on effective_on; once per year. "
             "{\"dry_run\": true} previews the changes and writes nothing",
             [&assessments](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"agency_id", "year", "effective_on", "dry_run"});
               auto agency = in.id("agency_id", true);
               auto year = in.integer("year", true, 2000, 2100);
               auto on = in.date("effective_on", true);
               bool dryRun = in.boolean("dry_run", false).value_or(false);
               v.throwIfAny();
               auto result = assessments.runIncrements(r.who(), r.actor(), *agency, static_cast<int>(*year), *on, dryRun);
               messages::sayEach(result->getArray("changes"), "reason", r.lang());
               return Response::json(result, dryRun || result->getValue<bool>("already_applied") ? 200 : 201);
             });
}

}  // namespace sr::payroll
