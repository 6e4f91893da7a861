// The authorization matrix: every registered route × every role × own/other scope. A route that
// is registered but missing here fails the test, so no new route can skip its access rules.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <optional>

#include "World.h"

using namespace sr;
using test::World;

namespace {

// What a role gets: Ok both sides (unscoped or admin), Scoped (own ok, other 404),
// RefScoped (own ok, other 422 "no such ..." for a reference in the body), Forbidden (403),
// Done (allowed, and 409 because the world already did it: the first-start setup).
enum class Expect { Ok, Scoped, RefScoped, Forbidden, Done };
constexpr Expect O = Expect::Ok, S = Expect::Scoped, R = Expect::RefScoped, F = Expect::Forbidden, D = Expect::Done;

struct Call {
  std::string path;
  std::string body;
  std::string token;  // when set, used instead of the role's token (routes that end a session)
};

std::atomic<int> counter{100};
int next() { return ++counter; }

struct Case {
  std::string method, pattern;
  // admin, bureau, agency_admin, payroll_officer, worker
  std::array<Expect, 5> expect;
  std::function<Call(World&, const std::string& role, bool own)> build;
};

std::string id(int64_t v) { return std::to_string(v); }
const test::Side& side(World& w, bool own) { return own ? w.own : w.other; }

// A fresh user of `role` for routes that change or end the caller's own session.
std::string freshToken(World& w, const std::string& role) {
  std::string name = "fresh" + std::to_string(next());
  if (role == "admin") w.user(name, "admin", "", 0);
  if (role == "bureau") w.user(name, role, "jurisdiction_id", w.own.county);
  if (role == "agency_admin" || role == "payroll_officer") w.user(name, role, "agency_id", w.own.agency);
  if (role == "worker") w.user(name, role, "person_id", w.own.person);
  auto token = w.s.login(name, test::kUserPassword);
  if (token.empty()) throw std::runtime_error("could not sign in a fresh " + role);  // never fall back to a shared token
  return token;
}

// A pay period no other call uses: 2000-01, 2000-02, ... (before anyone's employment, and within
// the periods a client may send).
std::string freshPeriod() {
  static std::atomic<int> months{0};
  int n = months++;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", 2000 + n / 12, 1 + n % 12);
  return buf;
}

// A payroll run of the side's agency for a period no other call uses, created by the admin.
int64_t freshRun(World& w, bool own) {
  auto period = freshPeriod();
  return w.s.create("/api/v1/payroll-runs",
                    R"({"agency_id":)" + std::to_string(side(w, own).agency) + R"(,"period":")" + period + "\"}", w.admin);
}
// An agency admin of the side's agency (the "other" side has none in the World).
std::string agencyAdminOf(World& w, bool own) {
  if (own) return w.tokens["agency_admin"];
  auto name = "agency_admin_other" + std::to_string(next());
  w.user(name, "agency_admin", "agency_id", w.other.agency);
  return w.s.login(name, test::kUserPassword);
}

// A resignation (given by the admin) of an employment; the pending one if there is one.
int64_t resign(World& w, int64_t employment) {
  return w.s.create("/api/v1/resignations",
                    R"({"employment_id":)" + std::to_string(employment) +
                        R"(,"notice_date":"2026-01-05","requested_last_day":"2026-03-31","reason":"回老家"})",
                    w.admin);
}
int64_t pendingResignation(World& w, int64_t employment) {
  auto list = w.s.client().get("/api/v1/resignations?status=pending", w.admin).json()->getArray("items");
  for (std::size_t i = 0; i < list->size(); ++i)
    if (list->getObject(static_cast<unsigned>(i))->getValue<int64_t>("employment_id") == employment)
      return list->getObject(static_cast<unsigned>(i))->getValue<int64_t>("id");
  return resign(w, employment);
}

// A misconduct case the admin reports about the side's worker; listed; and appealed by that worker.
int64_t reportedCase(World& w, bool own) {
  return w.s.create("/api/v1/misconduct-cases",
                    R"({"employment_id":)" + std::to_string(side(w, own).employment) +
                        R"(,"category":"absence","description":"连续旷工","occurred_on":"2026-05-01"})",
                    w.admin);
}
int64_t listedCase(World& w, bool own) {
  auto id = reportedCase(w, own);
  if (w.s.client().post("/api/v1/misconduct-cases/" + std::to_string(id) + "/list", "", w.admin).status != 200)
    throw std::runtime_error("could not list a case");
  return id;
}
int64_t appealedCase(World& w, bool own) {
  auto id = listedCase(w, own);
  std::string worker = w.tokens["worker"];
  if (!own) {
    auto name = "worker_other" + std::to_string(next());
    w.user(name, "worker", "person_id", w.other.person);
    worker = w.s.login(name, test::kUserPassword);
  }
  if (w.s.client().post("/api/v1/misconduct-cases/" + std::to_string(id) + "/appeal", R"({"note":"有异议"})", worker).status != 200)
    throw std::runtime_error("could not appeal a case");
  return id;
}

// The key of the side's agency's late-filings flag for 2025 (the World's hires were recorded late).
std::string lateFilingsFlag(World& w, bool own) {
  auto items = w.s.client().get("/api/v1/flags?year=2025", w.admin).json()->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i) {
    auto f = items->getObject(static_cast<unsigned>(i));
    if (f->getValue<std::string>("kind") == "late_filings" && f->getValue<int64_t>("agency_id") == side(w, own).agency)
      return f->getValue<std::string>("key");
  }
  throw std::runtime_error("no late-filings flag");
}

// A purchase contract body for a new station of the side (so calls never share a station's
// days) over 2020; the city's pass/fail scheme (ends contracts on a fail) is in force from 2020.
std::string contractBody(World& w, bool own) {
  if (w.s.client().get("/api/v1/jurisdictions/" + id(w.city) + "/evaluation-scheme?on=2020-12-31", w.admin).status == 404)
    w.s.client().put("/api/v1/jurisdictions/" + id(w.city) + "/evaluation-scheme",
                     R"({"effective_from":"2020-01-01","name":"合格制","indicators":[{"key":"overall","name":"综合","weight":100,)"
                     R"("max_score":100}],"pass_mark":60,"fail_terminates":true})",
                     w.admin);
  auto station = w.s.create("/api/v1/stations",
                            R"({"name":"合同站)" + std::to_string(next()) + R"(","jurisdiction_id":)" + id(side(w, own).town) +
                                R"(,"agency_id":)" + id(side(w, own).agency) + "}",
                            w.admin);
  return R"({"jurisdiction_id":)" + id(side(w, own).county) + R"(,"agency_id":)" + id(side(w, own).agency) +
         R"(,"start_date":"2020-01-01","end_date":"2020-12-31","annual_standard_fen":5000000,)" +
         R"("sources":[{"source":"province","pct":60},{"source":"local","pct":40}],"stations":[{"station_id":)" + id(station) +
         R"(,"funded_posts":2}]})";
}
// A signed contract of the side (made by the admin), active when asked, evaluated for 2020 with
// `score` when given.
int64_t freshContract(World& w, bool own, bool active = false, std::optional<int> score = std::nullopt) {
  auto contract = w.s.create("/api/v1/purchase-contracts", contractBody(w, own), w.admin);
  if (active && w.s.client().post("/api/v1/purchase-contracts/" + id(contract) + "/activate", "", w.admin).status != 200)
    throw std::runtime_error("could not activate a contract");
  if (score && w.s.client()
                       .post("/api/v1/purchase-contracts/" + id(contract) + "/evaluations",
                             R"({"year":2020,"scores":{"overall":)" + std::to_string(*score) + "}}", w.admin)
                       .status != 201)
    throw std::runtime_error("could not evaluate a contract");
  return contract;
}

std::vector<Case> cases() {
  auto none = [](const std::string& p) { return [p](World&, const std::string&, bool) { return Call{p, "", ""}; }; };
  return {
      {"GET", "/healthz", {O, O, O, O, O}, none("/healthz")},
      {"GET", "/readyz", {O, O, O, O, O}, none("/readyz")},
      {"GET", "/metrics", {O, O, O, O, O}, none("/metrics")},
      {"GET", "/", {O, O, O, O, O}, none("/")},
      {"GET", "/assets/{file}", {O, O, O, O, O},
       [](World& w, const std::string&, bool) {
         auto page = w.s.client().get("/").body;  // the script's content-hashed name, as the page names it
         auto at = page.find("/assets/app-");
         return Call{page.substr(at, page.find('"', at) - at), "", ""};
       }},
      {"GET", "/api/v1/openapi.json", {O, O, O, O, O}, none("/api/v1/openapi.json")},
      {"POST", "/api/v1/auth/login", {O, O, O, O, O},
       [](World& w, const std::string& role, bool) {
         return Call{"/api/v1/auth/login", R"({"username":")" + w.usernames[role] + R"(","password":")" +
                                               (role == "admin" ? test::kAdminPassword : test::kUserPassword) + "\"}", ""};
       }},
      {"POST", "/api/v1/auth/logout", {O, O, O, O, O},
       [](World& w, const std::string& role, bool) { return Call{"/api/v1/auth/logout", "", freshToken(w, role)}; }},
      {"GET", "/api/v1/me", {O, O, O, O, O}, none("/api/v1/me")},
      {"PUT", "/api/v1/me/password", {O, O, O, O, O},
       [](World& w, const std::string& role, bool) {
         return Call{"/api/v1/me/password",
                     std::string(R"({"current_password":")") + test::kUserPassword + R"(","new_password":"another-password-9"})",
                     freshToken(w, role)};
       }},
      {"POST", "/api/v1/jurisdictions", {O, F, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions",
                     R"({"code":")" + std::to_string(330481100 + next()) + R"(","name":"新街道","level":"town","parent_id":)" +
                         id(side(w, own).county) + "}", ""};
       }},
      {"GET", "/api/v1/jurisdictions", {O, O, F, F, F}, none("/api/v1/jurisdictions")},
      {"GET", "/api/v1/jurisdictions/{id}", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/jurisdictions/" + id(side(w, own).town), "", ""}; }},
      {"GET", "/api/v1/jurisdictions/{id}/policy", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/jurisdictions/" + id(side(w, own).town) + "/policy", "", ""}; }},
      {"PUT", "/api/v1/jurisdictions/{id}/policy", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).town) + "/policy",
                     R"({"effective_from":"2026-01-01","blacklist_years":3})", ""};
       }},
      {"GET", "/api/v1/jurisdictions/{id}/policy/versions", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/policy/versions", "", ""};
       }},
      {"POST", "/api/v1/jurisdictions/{id}/policy/presets/{name}", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/policy/presets/jinan", "", ""};
       }},
      {"GET", "/api/v1/policy-presets", {O, O, O, O, F}, none("/api/v1/policy-presets")},
      {"POST", "/api/v1/agencies", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies", R"({"name":"新机构","credit_code":")" + test::creditCode(next()) +
                                             R"(","kind":"company","jurisdiction_id":)" + id(side(w, own).county) + "}", ""};
       }},
      {"GET", "/api/v1/agencies", {O, O, O, O, F}, none("/api/v1/agencies")},
      {"GET", "/api/v1/agencies/{id}", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/agencies/" + id(side(w, own).agency), "", ""}; }},
      {"POST", "/api/v1/stations", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/stations", R"({"name":"新站","jurisdiction_id":)" + id(side(w, own).town) + R"(,"agency_id":)" +
                                             id(side(w, own).agency) + "}", ""};
       }},
      {"GET", "/api/v1/stations", {O, O, O, O, F}, none("/api/v1/stations")},
      {"GET", "/api/v1/stations/{id}", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/stations/" + id(side(w, own).station), "", ""}; }},
      {"POST", "/api/v1/users", {O, R, R, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/users", R"({"username":"u)" + std::to_string(next()) + R"(","password":"matrix-password-1",)" +
                                          R"("role":"payroll_officer","agency_id":)" + id(side(w, own).agency) + "}", ""};
       }},
      {"GET", "/api/v1/users", {O, O, O, F, F}, none("/api/v1/users")},
      {"GET", "/api/v1/users/{id}", {O, S, S, F, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/users/" + id(side(w, own).payrollUser), "", ""}; }},
      {"POST", "/api/v1/users/{id}/disable", {O, S, S, F, F},
       [](World& w, const std::string&, bool own) {
         auto target = w.s.create("/api/v1/users", R"({"username":"d)" + std::to_string(next()) +
                                                         R"(","password":"matrix-password-1","role":"payroll_officer","agency_id":)" +
                                                         id(side(w, own).agency) + "}", w.admin);
         return Call{"/api/v1/users/" + id(target) + "/disable", "", ""};
       }},
      {"POST", "/api/v1/users/{id}/reset-password", {O, S, S, F, F},
       [](World& w, const std::string&, bool own) {
         auto target = w.s.create("/api/v1/users", R"({"username":"r)" + std::to_string(next()) +
                                                         R"(","role":"payroll_officer","agency_id":)" +
                                                         id(side(w, own).agency) + "}", w.admin);
         return Call{"/api/v1/users/" + id(target) + "/reset-password", "", ""};
       }},
      {"POST", "/api/v1/users/{id}/confirm", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         // An agency admin made by the side's agency admin: unconfirmed until the bureau confirms.
         auto target = w.s.create("/api/v1/users", R"({"username":"c)" + std::to_string(next()) +
                                                         R"(","password":"matrix-password-1","role":"agency_admin"})",
                                  agencyAdminOf(w, own));
         return Call{"/api/v1/users/" + id(target) + "/confirm", "", ""};
       }},
      {"POST", "/api/v1/users/{id}/enable", {O, S, S, F, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/users/" + id(side(w, own).payrollUser) + "/enable", "", ""}; }},
      {"GET", "/api/v1/audit", {O, O, F, F, F}, none("/api/v1/audit")},
      {"GET", "/api/v1/audit/head", {O, F, F, F, F}, none("/api/v1/audit/head")},

      // People and employments
      {"GET", "/api/v1/persons", {O, O, O, O, F}, none("/api/v1/persons")},
      {"GET", "/api/v1/persons/{id}", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/persons/" + id(side(w, own).person), "", ""}; }},
      {"POST", "/api/v1/employments", {O, F, R, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments",
                     test::hireBody(test::idNumber("330481", "19950505", next()), side(w, own).station, "2025-03-01"), ""};
       }},
      {"GET", "/api/v1/employments", {O, O, O, O, F}, none("/api/v1/employments")},
      {"GET", "/api/v1/employments/{id}", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/employments/" + id(side(w, own).employment), "", ""}; }},
      {"POST", "/api/v1/employments/{id}/changes", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(w.hire(side(w, own))) + "/changes",
                     R"({"effective_on":"2025-09-01","grade":4,"reason":"promotion"})", ""};
       }},
      {"POST", "/api/v1/employments/{id}/renewals", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(w.hire(side(w, own))) + "/renewals", R"({"end_date":"2030-12-31"})", ""};
       }},
      {"POST", "/api/v1/employments/{id}/end", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(w.hire(side(w, own))) + "/end",
                     R"({"last_day":"2026-06-30","reason":"mutual_agreement"})", ""};
       }},
      {"PUT", "/api/v1/employments/{id}/bank-account", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(w.hire(side(w, own))) + "/bank-account",
                     R"({"bank_account":"6217000010009876544"})", ""};
       }},
      {"GET", "/api/v1/me/employment", {F, F, F, F, O}, none("/api/v1/me/employment")},
      {"GET", "/api/v1/employments/{id}/payslips", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/payslips", "", ""};
       }},
      {"GET", "/api/v1/employments/{id}/pay", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/pay", "", ""};
       }},
      {"POST", "/api/v1/agencies/{id}/staff-import", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/staff-import?dry_run=true",
                     "name,id_number,education,station,post,grade,start_date\n李华," +
                         test::idNumber("330481", "19970707", next()) + ",college," + id(side(w, own).station) +
                         ",S1,1,2025-01-01\n",
                     ""};
       }},
      {"GET", "/api/v1/agencies/{id}/exports/roster", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/exports/roster", "", ""};
       }},
      {"GET", "/api/v1/agencies/{id}/staff.csv", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/staff.csv", "", ""};
       }},
      {"GET", "/api/v1/agencies/{id}/contracts-ending", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/contracts-ending", "", ""};
       }},

      // Certification
      {"POST", "/api/v1/persons/{id}/certificates", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/persons/" + id(side(w, own).person) + "/certificates",
                     R"({"level":"assistant","number":"ZS)" + std::to_string(next()) +
                         R"(","passed_on":"2024-06-01","registered_until":"2027-05-31"})", ""};
       }},
      {"GET", "/api/v1/persons/{id}/certificates", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/persons/" + id(side(w, own).person) + "/certificates", "", ""};
       }},
      {"POST", "/api/v1/persons/{id}/education-records", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/persons/" + id(side(w, own).person) + "/education-records",
                     R"({"taken_on":"2025-10-01","hours":12,"provider":"嘉兴学院"})", ""};
       }},
      {"POST", "/api/v1/certificates/{id}/renew", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         // A registration in its last month, with the hours done.
         auto employment = w.hire(side(w, own));
         auto person = w.s.client().get("/api/v1/employments/" + id(employment), w.admin).json()->getValue<int64_t>("person_id");
         auto until = formatDate(addDays(todayInChina(), 20));
         auto cert = w.s.create("/api/v1/persons/" + id(person) + "/certificates",
                                R"({"level":"assistant","number":"RN)" + std::to_string(next()) +
                                    R"(","passed_on":"2023-01-01","registered_until":")" + until + "\"}",
                                w.admin);
         w.s.create("/api/v1/persons/" + id(person) + "/education-records",
                    R"({"taken_on":")" + formatDate(addDays(todayInChina(), -10)) + R"(","hours":80,"provider":"省社工协会"})",
                    w.admin);
         return Call{"/api/v1/certificates/" + id(cert) + "/renew", "", ""};
       }},
      {"GET", "/api/v1/certificates/expiring", {O, O, O, O, F}, none("/api/v1/certificates/expiring?within_days=365")},

      // Blacklist
      {"POST", "/api/v1/blacklist", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/blacklist", R"({"id_number":")" + test::idNumber("330481", "19800101", next()) +
                                              R"(","reason":"违反承诺提前离岗","listed_on":"2026-01-01","jurisdiction_id":)" +
                                              id(side(w, own).county) + "}", ""};
       }},
      {"GET", "/api/v1/blacklist", {O, O, F, F, O}, none("/api/v1/blacklist")},
      {"GET", "/api/v1/blacklist/check", {O, O, O, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/blacklist/check?id_number=" + side(w, own).idNumber, "", ""};
       }},
      {"GET", "/api/v1/blacklist/{id}", {O, S, F, F, S},
       [](World& w, const std::string&, bool own) {
         // An old entry about the side's own worker (ended before they were hired); a day of its own
         // each time, as one person is listed once per jurisdiction and day.
         char listedOn[16];
         std::snprintf(listedOn, sizeof listedOn, "2020-%02d-01", next() % 12 + 1);
         auto entry = w.s.create("/api/v1/blacklist",
                                 R"({"id_number":")" + side(w, own).idNumber + R"(","reason":"旧记录","listed_on":")" +
                                     listedOn + R"(","years":2,"jurisdiction_id":)" +
                                     id(side(w, own).county) + "}",
                                 w.admin);
         return Call{"/api/v1/blacklist/" + id(entry), "", ""};
       }},
      {"POST", "/api/v1/blacklist/{id}/lift", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         auto entry = w.s.create("/api/v1/blacklist",
                                 R"({"id_number":")" + test::idNumber("330481", "19800101", next()) +
                                     R"(","reason":"违反承诺","listed_on":"2026-01-01","jurisdiction_id":)" +
                                     id(side(w, own).county) + "}",
                                 w.admin);
         return Call{"/api/v1/blacklist/" + id(entry) + "/lift", R"({"reason":"申诉成立"})", ""};
       }},

      // Compliance
      {"GET", "/api/v1/stations/{id}/compliance", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/stations/" + id(side(w, own).station) + "/compliance", "", ""};
       }},
      {"GET", "/api/v1/jurisdictions/{id}/compliance", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/compliance", "", ""};
       }},

      // Salary scales
      {"POST", "/api/v1/salary-scales", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/salary-scales",
                     R"({"jurisdiction_id":)" + id(side(w, own).county) + R"(,"name":"县级岗位工资","effective_from":")" +
                         formatDate(addDays(*parseDate("2021-01-01"), next())) +
                         R"(","grades":2,"posts":[{"code":"A","name":"社工"}],"amounts_fen":[[400000,420000]]})",
                     ""};
       }},
      {"GET", "/api/v1/salary-scales", {O, O, O, O, F}, none("/api/v1/salary-scales")},
      {"GET", "/api/v1/salary-scales/{id}", {O, O, O, O, F}, none("/api/v1/salary-scales/1")},
      {"POST", "/api/v1/salary-scales/presets/{name}", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/salary-scales/presets/illustrative-4x11",
                     R"({"jurisdiction_id":)" + id(side(w, own).county) + R"(,"effective_from":")" +
                         formatDate(addDays(*parseDate("2021-01-01"), next())) + "\"}",
                     ""};
       }},

      // Assessments and increments
      {"POST", "/api/v1/assessments", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/assessments",
                     R"({"employment_id":)" + id(w.hire(side(w, own))) + R"(,"year":2025,"rating":"competent"})", ""};
       }},
      {"POST", "/api/v1/assessments/bulk", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/assessments/bulk",
                     R"({"year":2025,"ratings":[{"employment_id":)" + id(w.hire(side(w, own))) + R"(,"rating":"competent"}]})", ""};
       }},
      {"GET", "/api/v1/assessments", {O, O, O, O, O}, none("/api/v1/assessments")},
      {"POST", "/api/v1/increments", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/increments",
                     R"({"agency_id":)" + id(side(w, own).agency) + R"(,"year":)" + std::to_string(2030 + next() % 60) +
                         R"(,"effective_on":"2026-01-01"})",
                     ""};
       }},

      // Payroll
      {"POST", "/api/v1/payroll-runs", {O, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs",
                     R"({"agency_id":)" + id(side(w, own).agency) + R"(,"period":")" + freshPeriod() + "\"}",
                     ""};
       }},
      {"GET", "/api/v1/payroll-runs", {O, O, O, O, F}, none("/api/v1/payroll-runs")},
      {"GET", "/api/v1/payroll-runs/{id}", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)), "", ""}; }},
      {"POST", "/api/v1/payroll-runs/{id}/recompute", {O, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)) + "/recompute", "", ""};
       }},
      {"POST", "/api/v1/payroll-runs/{id}/approve", {F, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)) + "/approve", "", ""};
       }},
      {"POST", "/api/v1/payroll-runs/{id}/paid", {F, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         auto run = id(freshRun(w, own));
         auto approved = w.s.client().post("/api/v1/payroll-runs/" + run + "/approve", "", agencyAdminOf(w, own));
         if (approved.status != 200) throw std::runtime_error("could not approve: " + approved.body);
         return Call{"/api/v1/payroll-runs/" + run + "/paid", "", ""};
       }},
      {"GET", "/api/v1/payroll-runs/{id}/payslips", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)) + "/payslips", "", ""};
       }},
      {"GET", "/api/v1/me/payslips", {F, F, F, F, O}, none("/api/v1/me/payslips")},
      {"GET", "/api/v1/payroll-runs/{id}/bank-file", {F, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         auto run = id(freshRun(w, own));
         auto approved = w.s.client().post("/api/v1/payroll-runs/" + run + "/approve", "", agencyAdminOf(w, own));
         if (approved.status != 200) throw std::runtime_error("could not approve: " + approved.body);
         return Call{"/api/v1/payroll-runs/" + run + "/bank-file", "", ""};
       }},
      {"GET", "/api/v1/payroll-runs/{id}/exports/iit-declaration.xlsx", {F, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         auto run = id(freshRun(w, own));
         auto approved = w.s.client().post("/api/v1/payroll-runs/" + run + "/approve", "", agencyAdminOf(w, own));
         if (approved.status != 200) throw std::runtime_error("could not approve: " + approved.body);
         return Call{"/api/v1/payroll-runs/" + run + "/exports/iit-declaration.xlsx", "", ""};
       }},
      {"GET", "/api/v1/payroll-runs/{id}/exports/person-registration.xlsx", {F, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)) + "/exports/person-registration.xlsx", "", ""};
       }},
      {"GET", "/api/v1/agencies/{id}/exports/si-changes.xlsx", {F, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         // The month of the side's run (freshRun's period is taken by the time the call is made).
         auto run = freshRun(w, own);
         auto period = w.s.client().get("/api/v1/payroll-runs/" + id(run), w.admin).json()->getValue<std::string>("period");
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/exports/si-changes.xlsx?period=" + period, "", ""};
       }},
      {"GET", "/api/v1/agencies/{id}/exports/hf-remittance.xlsx", {F, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         auto run = freshRun(w, own);
         auto period = w.s.client().get("/api/v1/payroll-runs/" + id(run), w.admin).json()->getValue<std::string>("period");
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/exports/hf-remittance.xlsx?period=" + period, "", ""};
       }},
      {"GET", "/api/v1/payroll-runs/{id}/exports/register", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/payroll-runs/" + id(freshRun(w, own)) + "/exports/register", "", ""};
       }},
      {"GET", "/api/v1/bank-templates", {O, O, O, O, F}, none("/api/v1/bank-templates")},
      {"PUT", "/api/v1/agencies/{id}/bank-template", {O, S, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/bank-template", R"({"bank_template":"generic"})", ""};
       }},
      {"GET", "/api/v1/payslips/{id}/print", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) {
         // An approved March payslip of the side's worker.
         auto run = w.s.client().get("/api/v1/payroll-runs?agency_id=" + id(side(w, own).agency), w.admin).json();
         int64_t runId = 0;
         auto items = run->getArray("items");
         for (std::size_t i = 0; i < items->size(); ++i)
           if (items->getObject(static_cast<unsigned>(i))->getValue<std::string>("period") == "2026-03")
             runId = items->getObject(static_cast<unsigned>(i))->getValue<int64_t>("id");
         if (runId == 0) {
           runId = w.s.create("/api/v1/payroll-runs", R"({"agency_id":)" + id(side(w, own).agency) + R"(,"period":"2026-03"})",
                              w.admin);
           w.s.client().post("/api/v1/payroll-runs/" + id(runId) + "/approve", "", agencyAdminOf(w, own));
         }
         auto slips = w.s.client().get("/api/v1/payroll-runs/" + id(runId) + "/payslips", w.admin).json()->getArray("items");
         return Call{"/api/v1/payslips/" + id(slips->getObject(0)->getValue<int64_t>("id")) + "/print", "", ""};
       }},
      {"GET", "/api/v1/jurisdictions/{id}/funding", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/funding?period=2026-03", "", ""};
       }},
      {"POST", "/api/v1/employments/{id}/pay-items", {O, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/pay-items",
                     R"({"period":")" + freshPeriod() + R"(","kind":"allowance","name":"补贴","amount_fen":100})",
                     ""};
       }},
      {"GET", "/api/v1/employments/{id}/deductions", {O, F, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/deductions?year=2026", "", ""};
       }},
      {"PUT", "/api/v1/employments/{id}/deductions", {O, F, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/deductions", R"({"special_deductions_fen":200000})",
                     ""};
       }},
      {"PUT", "/api/v1/employments/{id}/contribution-base", {O, F, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/contribution-base",
                     R"({"year":2026,"social_insurance_base_fen":500000,"housing_fund_base_fen":500000})", ""};
       }},
      {"POST", "/api/v1/employments/{id}/deductions/confirm", {O, F, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/deductions/confirm", R"({"year":2026})", ""};
       }},
      {"PUT", "/api/v1/employments/{id}/tax-profile", {O, F, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/employments/" + id(side(w, own).employment) + "/tax-profile",
                     R"({"year":2026,"annual_bonus":"combined"})", ""};
       }},

      // Filings
      {"GET", "/api/v1/filings", {O, O, O, O, F}, none("/api/v1/filings")},
      {"GET", "/api/v1/filings/{id}", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/filings/" + id(w.filingOf(side(w, own).employment)), "", ""};
       }},
      {"POST", "/api/v1/filings/{id}/accept", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/filings/" + id(w.filingOf(w.hire(side(w, own)))) + "/accept", "", ""};
       }},
      {"POST", "/api/v1/filings/accept", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/filings/accept", "{\"ids\":[" + id(w.filingOf(w.hire(side(w, own)))) + "]}", ""};
       }},
      {"POST", "/api/v1/filings/{id}/reject", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/filings/" + id(w.filingOf(w.hire(side(w, own)))) + "/reject", R"({"reason":"材料不全"})", ""};
       }},

      // Leaving
      {"POST", "/api/v1/resignations", {O, F, S, F, S},
       [](World& w, const std::string& role, bool own) {
         auto employment = role == "worker" ? side(w, own).employment : w.hire(side(w, own));
         if (role == "worker" && own) {  // the worker's own, once: withdraw any earlier one first
           auto list = w.s.client().get("/api/v1/resignations?status=pending", w.admin).json()->getArray("items");
           for (std::size_t i = 0; i < list->size(); ++i)
             if (list->getObject(static_cast<unsigned>(i))->getValue<int64_t>("employment_id") == employment)
               w.s.client().post("/api/v1/resignations/" + id(list->getObject(static_cast<unsigned>(i))->getValue<int64_t>("id")) +
                                     "/withdraw", "", w.admin);
         }
         return Call{"/api/v1/resignations",
                     R"({"employment_id":)" + id(employment) +
                         R"(,"notice_date":"2026-01-05","requested_last_day":"2026-03-31","reason":"回老家"})",
                     ""};
       }},
      {"GET", "/api/v1/resignations", {O, O, O, O, O}, none("/api/v1/resignations")},
      {"POST", "/api/v1/agencies/{id}/sanctions", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/sanctions",
                     R"({"kind":"yellow_card","reason":"人员流失率过高"})", ""};
       }},
      {"GET", "/api/v1/agencies/{id}/sanctions", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/agencies/" + id(side(w, own).agency) + "/sanctions", "", ""}; }},
      {"GET", "/api/v1/resignations/{id}", {O, S, S, S, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/resignations/" + id(pendingResignation(w, side(w, own).employment)), "", ""};
       }},
      {"POST", "/api/v1/resignations/{id}/replacement", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         auto leaving = resign(w, w.hire(side(w, own)));
         return Call{"/api/v1/resignations/" + id(leaving) + "/replacement",
                     R"({"employment_id":)" + id(w.hire(side(w, own))) + "}", ""};
       }},
      {"POST", "/api/v1/resignations/{id}/complete", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/resignations/" + id(resign(w, w.hire(side(w, own)))) + "/complete", "", ""};
       }},
      {"POST", "/api/v1/resignations/{id}/withdraw", {O, F, S, F, S},
       [](World& w, const std::string& role, bool own) {
         auto employment = role == "worker" ? side(w, own).employment : w.hire(side(w, own));
         return Call{"/api/v1/resignations/" + id(pendingResignation(w, employment)) + "/withdraw", "", ""};
       }},

      // Discipline
      {"POST", "/api/v1/misconduct-cases", {O, F, S, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/misconduct-cases",
                     R"({"employment_id":)" + id(side(w, own).employment) +
                         R"(,"category":"other","description":"违反服务规范","occurred_on":"2026-05-01"})",
                     ""};
       }},
      {"GET", "/api/v1/misconduct-cases", {O, O, O, F, O}, none("/api/v1/misconduct-cases")},
      {"GET", "/api/v1/misconduct-cases/{id}", {O, S, S, F, S},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/misconduct-cases/" + id(reportedCase(w, own)), "", ""}; }},
      {"POST", "/api/v1/misconduct-cases/{id}/dismiss", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/misconduct-cases/" + id(reportedCase(w, own)) + "/dismiss", R"({"reason":"查无实据"})", ""};
       }},
      {"POST", "/api/v1/misconduct-cases/{id}/list", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/misconduct-cases/" + id(reportedCase(w, own)) + "/list", R"({"reason":"查实"})", ""};
       }},
      {"POST", "/api/v1/misconduct-cases/{id}/appeal", {F, F, F, F, S},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/misconduct-cases/" + id(listedCase(w, own)) + "/appeal", R"({"note":"有异议"})", ""};
       }},
      {"POST", "/api/v1/misconduct-cases/{id}/appeal/decision", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/misconduct-cases/" + id(appealedCase(w, own)) + "/appeal/decision",
                     R"({"outcome":"rejected","reason":"证据充分"})", ""};
       }},

      // Oversight
      {"GET", "/api/v1/reports/staffing", {O, S, O, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/reports/staffing?year=2025&by=jurisdiction&jurisdiction_id=" + id(side(w, own).county), "", ""};
       }},
      {"GET", "/api/v1/flags", {O, O, F, F, F}, none("/api/v1/flags?year=2025")},
      {"GET", "/api/v1/setup", {O, F, F, F, F}, none("/api/v1/setup")},
      {"GET", "/api/v1/todos", {O, O, O, O, O}, none("/api/v1/todos")},
      {"GET", "/api/v1/home", {O, O, O, O, F}, none("/api/v1/home")},
      {"POST", "/api/v1/audit/verifications", {O, F, F, F, F}, none("/api/v1/audit/verifications")},
      {"GET", "/api/v1/audit/verifications", {O, F, F, F, F}, none("/api/v1/audit/verifications")},
      {"GET", "/api/v1/audit/verifications/{id}", {O, F, F, F, F},
       [](World& w, const std::string&, bool) {
         auto check = w.s.client().post("/api/v1/audit/verifications", "", w.admin).json();
         return Call{"/api/v1/audit/verifications/" + id(check->getValue<int64_t>("id")), "", ""};
       }},
      {"GET", "/api/v1/audit/export", {O, O, F, F, F}, none("/api/v1/audit/export?action=user.create")},
      {"GET", "/api/v1/jurisdictions/{id}/salary-scale", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/salary-scale", "", ""};
       }},
      {"POST", "/api/v1/setup", {D, F, F, F, F},
       [](World&, const std::string&, bool) {
         return Call{"/api/v1/setup", R"({"county_code":"330481","preset":"haining","bureau_username":"setup_bureau"})", ""};
       }},
      {"GET", "/api/v1/divisions/{code}", {O, O, F, F, F}, none("/api/v1/divisions/330481")},
      {"POST", "/api/v1/flags/review", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/flags/review", R"({"key":")" + lateFilingsFlag(w, own) + R"(","year":2025,"note":"已约谈"})", ""};
       }},
      {"POST", "/api/v1/purchase-contracts", {O, R, F, F, F},
       [](World& w, const std::string&, bool own) { return Call{"/api/v1/purchase-contracts", contractBody(w, own), ""}; }},
      {"GET", "/api/v1/purchase-contracts", {O, O, O, O, F}, none("/api/v1/purchase-contracts")},
      {"GET", "/api/v1/purchase-contracts/{id}", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)), "", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/activate", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/activate", "", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/end", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own, true)) + "/end", "", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/terminate", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/terminate",
                     R"({"on":"2020-06-30","reason":"评估不合格"})", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/disbursements", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/disbursements",
                     R"({"source":"province","amount_fen":100,"paid_on":"2020-01-05","voucher":"V1"})", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/recoveries", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/recoveries",
                     R"({"amount_fen":100,"rule":"late_filings","reason":"逾期备案","decided_on":"1990-01-05","reference":"R1"})", ""};
       }},
      {"GET", "/api/v1/purchase-contracts/{id}/statement", {O, S, S, S, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/statement?year=2025", "", ""};
       }},
      {"PUT", "/api/v1/jurisdictions/{id}/evaluation-scheme", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         static std::atomic<int> years{1950};
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/evaluation-scheme",
                     R"({"effective_from":")" + std::to_string(years++) +
                         R"(-01-01","name":"合格制","indicators":[{"key":"overall","name":"综合","weight":100,"max_score":100}],)"
                         R"("pass_mark":60,"fail_terminates":true})",
                     ""};
       }},
      {"GET", "/api/v1/jurisdictions/{id}/evaluation-scheme", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         contractBody(w, own);  // the city's scheme
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/evaluation-scheme?on=2020-12-31", "", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/evaluations", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own)) + "/evaluations",
                     R"({"year":2020,"scores":{"overall":80}})", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/evaluations/{year}/proposal", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own, true, 10)) + "/evaluations/2020/proposal",
                     R"({"decision":"dismiss","reason":"已整改"})", ""};
       }},
      {"POST", "/api/v1/purchase-contracts/{id}/renew", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/purchase-contracts/" + id(freshContract(w, own, true, 80)) + "/renew", "", ""};
       }},
      {"POST", "/api/v1/stations/{id}/hand-over", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         auto station = w.s.create("/api/v1/stations",
                                   R"({"name":"移交站)" + std::to_string(next()) + R"(","jurisdiction_id":)" +
                                       id(side(w, own).town) + R"(,"agency_id":)" + id(side(w, own).agency) + "}",
                                   w.admin);
         auto agency = w.s.create("/api/v1/agencies",
                                  R"({"name":"承接机构)" + std::to_string(next()) + R"(","credit_code":")" +
                                      test::creditCode(next()) + R"(","kind":"ngo","jurisdiction_id":)" +
                                      id(side(w, own).county) + "}",
                                  w.admin);
         return Call{"/api/v1/stations/" + id(station) + "/hand-over",
                     R"({"agency_id":)" + id(agency) + R"(,"from":"2026-01-01","workers":[]})", ""};
       }},
      {"GET", "/api/v1/jurisdictions/{id}/purchase-funding", {O, S, F, F, F},
       [](World& w, const std::string&, bool own) {
         return Call{"/api/v1/jurisdictions/" + id(side(w, own).county) + "/purchase-funding?year=2020", "", ""};
       }},
  };
}

const char* kRoles[] = {"admin", "bureau", "agency_admin", "payroll_officer", "worker"};

}  // namespace

TEST(AuthorizationMatrix, EveryRouteIsInTheMatrix) {
  test::TestServer s;
  auto table = cases();
  for (const auto& route : s.app().router().routes()) {
    bool found = false;
    for (const auto& c : table) found = found || (c.method == route.method && c.pattern == route.pattern);
    EXPECT_TRUE(found) << "route missing from the authorization matrix: " << route.method << " " << route.pattern;
  }
  for (const auto& c : table) {
    bool registered = false;
    for (const auto& route : s.app().router().routes())
      registered = registered || (c.method == route.method && c.pattern == route.pattern);
    EXPECT_TRUE(registered) << "matrix names a route that does not exist: " << c.method << " " << c.pattern;
  }
}

TEST(AuthorizationMatrix, EveryRoleGetsExactlyWhatTheContractSays) {
  test::TestServer s;
  World w(s);
  for (const auto& c : cases()) {
    const http::Route* route = nullptr;
    for (const auto& r : s.app().router().routes())
      if (r.method == c.method && r.pattern == c.pattern) route = &r;
    ASSERT_NE(route, nullptr) << c.pattern;
    for (std::size_t i = 0; i < 5; ++i) {
      std::string role = kRoles[i];
      // The declared permission and the matrix agree.
      EXPECT_EQ(route->permission.allows(*http::parseRole(role)), c.expect[i] != F)
          << c.method << " " << c.pattern << " as " << role;
      for (bool own : {true, false}) {
        auto call = c.build(w, role, own);
        auto token = call.token.empty() ? w.tokens[role] : call.token;
        if (route->permission.isPublic) token.clear();
        auto r = s.client().call(c.method, call.path, call.body, token);
        int want = 200;
        switch (c.expect[i]) {
          case Expect::Forbidden: want = 403; break;
          case Expect::Scoped: want = own ? 200 : 404; break;
          case Expect::RefScoped: want = own ? 200 : 422; break;
          case Expect::Ok: want = 200; break;
          case Expect::Done: want = 409; break;
        }
        int got = r.status == 201 || r.status == 202 || r.status == 204 ? 200 : r.status;
        EXPECT_EQ(got, want) << c.method << " " << call.path << " as " << role << (own ? " (own)" : " (other)") << ": "
                             << r.body;
      }
    }
    // Without a token every non-public route is 401.
    if (!route->permission.isPublic) {
      auto call = c.build(w, "admin", true);
      EXPECT_EQ(s.client().call(c.method, call.path, call.body).status, 401) << c.method << " " << c.pattern;
    }
  }
}
