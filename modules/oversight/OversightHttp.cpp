// Routes of the oversight views: reports for bureaus (their jurisdiction) and agency admins
// (themselves); flags and their reviews for bureaus.
#include "common/Sheet.h"
#include "oversight/Oversight.h"

namespace sr::oversight {

namespace {
int yearOf(const http::Request& r) {
  return static_cast<int>(r.integerQuery("year", 2000, 2100).value_or(static_cast<int64_t>(int(todayInChina().year()))));
}
}  // namespace

void registerRoutes(http::RouteTable& routes, OversightService& oversight) {
  using http::Permission;
  using http::Request;
  using http::Response;
  using http::Role;
  routes.add("GET", "/api/v1/reports/staffing", Permission::only({Role::admin, Role::bureau, Role::agency_admin}),
             "Yearly staffing report: ?year= (default this year; up to today), ?by=jurisdiction|agency|station, "
             "?jurisdiction_id= (a subtree; by=jurisdiction groups its children), ?format=csv|xlsx. Hires, leavers by reason, "
             "average headcount, turnover, vacancies and days to fill, cases by outcome",
             [&oversight](const Request& r) {
               ReportQuery q;
               q.year = yearOf(r);
               auto by = r.choiceQuery("by", {"jurisdiction", "agency", "station"}).value_or("station");
               q.by = by == "jurisdiction" ? GroupBy::jurisdiction : by == "agency" ? GroupBy::agency : GroupBy::station;
               q.jurisdictionId = r.idQuery("jurisdiction_id");
               auto format = r.choiceQuery("format", {"json", "csv", "xlsx"}).value_or("json");
               if (format != "json") {
                 auto choice = sheet::choose(r);
                 auto name = "staffing-" + std::to_string(q.year) + "-by-" + by;
                 return sheet::download(oversight.reportFile(r.who(), q, choice), choice.format,
                                        "人员统计-" + std::to_string(q.year), name);
               }
               return Response::json(oversight.report(r.who(), q));
             });
  routes.add("GET", "/api/v1/flags", Permission::only({Role::admin, Role::bureau}),
             "Automatic flags for the bureau, ?year= (default this year): late filings, turnover above the policy's "
             "oversight.max_turnover_pct, stations below staffing.min_staff for more than oversight.max_days_below_min_staff",
             [&oversight](const Request& r) { return Response::json(oversight.flags(r.who(), yearOf(r))); });
  routes.add("POST", "/api/v1/flags/review", Permission::only({Role::admin, Role::bureau}),
             "Record the bureau's review of a flag it sees: {\"key\",\"year\",\"note\"}", [&oversight](const Request& r) {
               Validator v;
               json::Reader in(r.json(), v);
               in.rejectUnknown({"key", "year", "note"});
               auto key = in.string("key", true, 100);
               auto year = in.integer("year", true, 2000, 2100);
               auto note = in.string("note", true, 1000);
               v.throwIfAny();
               return Response::json(oversight.review(r.who(), r.actor(), static_cast<int>(*year), *key, *note));
             });
}

}  // namespace sr::oversight
