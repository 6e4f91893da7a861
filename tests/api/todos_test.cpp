// Issue #16, what needs doing: GET /api/v1/todos lists, in the caller's scope and soonest first,
// contracts ending within 60 days and ended unrenewed, runs awaiting this user's approval,
// registrations due for 再登记 and the bureau's filing queue.
#include <gtest/gtest.h>

#include "World.h"
#include "common/Time.h"

using namespace sr;

namespace {
std::vector<std::string> kinds(const test::HttpResult& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> out;
  auto items = r.json()->getArray("items");
  for (unsigned i = 0; i < items->size(); ++i) out.push_back(items->getObject(i)->getValue<std::string>("kind"));
  return out;
}
bool has(const std::vector<std::string>& v, const std::string& k) { return std::find(v.begin(), v.end(), k) != v.end(); }
}  // namespace

TEST(Todos, EachRoleSeesWhatWaitsOnItInItsOwnScope) {
  test::TestServer s;
  test::World w(s);
  const auto today = todayInChina();
  // A contract ending in 30 days; one ended ten days ago that nobody renewed or closed.
  auto ending = w.hire(w.own, R"(,"end_date":")" + formatDate(addDays(today, 30)) + "\"");
  w.hire(w.own, R"(,"end_date":")" + formatDate(addDays(today, -10)) + "\"");
  // A registration in its last three months.
  ASSERT_EQ(s.client().post("/api/v1/persons/" + std::to_string(w.own.person) + "/certificates",
                            R"({"level":"assistant","number":"TODO-1","passed_on":"2023-06-01","registered_until":")" +
                                formatDate(addDays(today, 40)) + "\"}",
                            w.tokens["agency_admin"]).status,
            201);
  // A draft run made by the payroll officer: the administrator approves it, not its maker.
  const auto lastMonth = formatDate(addMonths(today, -1)).substr(0, 7);
  auto run = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + std::to_string(w.own.agency) + R"(,"period":")" +
                                                         lastMonth + "\"}",
                             w.tokens["payroll_officer"]);
  ASSERT_EQ(run.status, 201) << run.body;

  auto forAdmin = s.client().get("/api/v1/todos", w.tokens["agency_admin"]);
  auto adminKinds = kinds(forAdmin);
  EXPECT_EQ(adminKinds.front(), "run_awaiting_approval");  // nothing to wait for: it waits on them now
  EXPECT_TRUE(has(adminKinds, "contract_ending"));
  EXPECT_TRUE(has(adminKinds, "contract_ended"));
  // No training hours yet: the to-do says how many re-registration still needs.
  EXPECT_TRUE(has(adminKinds, "certificate_hours_short")) << forAdmin.body;
  EXPECT_FALSE(has(adminKinds, "certificate_reregistration"));
  auto items = forAdmin.json()->getArray("items");
  for (unsigned i = 0; i < items->size(); ++i) {
    auto x = items->getObject(i);
    if (x->getValue<std::string>("kind") == "contract_ending") {
      EXPECT_EQ(x->getValue<int64_t>("subject_id"), ending);
      EXPECT_EQ(x->getValue<std::string>("due_on"), formatDate(addDays(today, 30)));
    }
  }
  int64_t missing = 0;
  for (unsigned i = 0; i < items->size(); ++i)
    if (items->getObject(i)->getValue<std::string>("kind") == "certificate_hours_short")
      missing = items->getObject(i)->getValue<int64_t>("hours_missing");
  ASSERT_GT(missing, 0);
  ASSERT_EQ(s.client().post("/api/v1/persons/" + std::to_string(w.own.person) + "/education-records",
                            R"({"taken_on":")" + formatDate(addDays(today, -2)) + R"(","hours":)" + std::to_string(missing) +
                                R"(,"provider":"嘉兴市社会工作协会"})",
                            w.tokens["agency_admin"]).status,
            201);
  auto afterHours = kinds(s.client().get("/api/v1/todos", w.tokens["agency_admin"]));
  EXPECT_TRUE(has(afterHours, "certificate_reregistration")) << "the hours are there: only the re-registration waits";
  EXPECT_FALSE(has(afterHours, "certificate_hours_short"));
  // Its maker is not asked to approve it.
  EXPECT_FALSE(has(kinds(s.client().get("/api/v1/todos", w.tokens["payroll_officer"])), "run_awaiting_approval"));
  // The bureau: its filing queue as one line, with how many are overdue.
  auto forBureau = s.client().get("/api/v1/todos", w.tokens["bureau"]);
  auto bureauItems = forBureau.json()->getArray("items");
  bool queue = false;
  for (unsigned i = 0; i < bureauItems->size(); ++i) {
    auto x = bureauItems->getObject(i);
    if (x->getValue<std::string>("kind") != "filings_pending") continue;
    queue = true;
    EXPECT_GE(x->getValue<int64_t>("subject"), 3);  // the world's hire and the two above
    EXPECT_GE(x->getValue<int64_t>("overdue"), 1);  // the world's hire was filed in 2025
  }
  EXPECT_TRUE(queue) << forBureau.body;
  // Another agency sees none of this; a worker has nothing here.
  auto otherAdmin = (w.user("todo_other_admin", "agency_admin", "agency_id", w.other.agency),
                     s.login("todo_other_admin", test::kUserPassword));
  EXPECT_FALSE(has(kinds(s.client().get("/api/v1/todos", otherAdmin)), "contract_ending"));
  EXPECT_FALSE(has(kinds(s.client().get("/api/v1/todos", otherAdmin)), "run_awaiting_approval"));
  EXPECT_TRUE(kinds(s.client().get("/api/v1/todos", w.tokens["worker"])).empty());
}

// Probations ending within two weeks (Labor Contract Law Art. 19/21: an employer acts within the
// probation), misconduct reports awaiting the bureau, and the home screen's figures, in scope.
TEST(Todos, ProbationsEndingReportsAwaitingADecisionAndTheHomeFiguresInScope) {
  test::TestServer s;
  test::World w(s);
  const auto today = todayInChina();
  auto hireFrom = [&](int serial, const Date& start) {
    return s.create("/api/v1/employments",
                    test::hireBody(test::idNumber("330481", "19930303", serial), w.own.station, formatDate(start),
                                   R"(,"end_date":")" + formatDate(addDays(today, 900)) + R"(","probation_months":2)"),
                    w.tokens["agency_admin"]);
  };
  auto soon = hireFrom(41, addDays(addMonths(today, -2), 10));   // probation ends in about ten days
  hireFrom(43, addDays(addMonths(today, -2), 30));                // ends in about a month: not yet
  auto forAdmin = s.client().get("/api/v1/todos", w.tokens["agency_admin"]);
  std::vector<int64_t> probations;
  auto items = forAdmin.json()->getArray("items");
  for (unsigned i = 0; i < items->size(); ++i)
    if (items->getObject(i)->getValue<std::string>("kind") == "probation_ending")
      probations.push_back(items->getObject(i)->getValue<int64_t>("subject_id"));
  EXPECT_EQ(probations, std::vector<int64_t>{soon}) << forAdmin.body;

  // A report the agency files waits on the bureau, and on no other county's.
  ASSERT_EQ(s.client().post("/api/v1/misconduct-cases",
                            R"({"employment_id":)" + std::to_string(soon) +
                                R"(,"category":"falsified_records","description":"伪造走访记录","occurred_on":")" +
                                formatDate(addDays(today, -1)) + "\"}",
                            w.tokens["agency_admin"]).status,
            201);
  EXPECT_TRUE(has(kinds(s.client().get("/api/v1/todos", w.tokens["bureau"])), "case_open"));
  auto otherBureau = (w.user("todo_other_bureau", "bureau", "jurisdiction_id", w.other.county),
                      s.login("todo_other_bureau", test::kUserPassword));
  EXPECT_FALSE(has(kinds(s.client().get("/api/v1/todos", otherBureau)), "case_open"));

  // The home: counts by kind, people in post per station the caller sees, the month's pay.
  auto home = s.client().get("/api/v1/home", w.tokens["agency_admin"]);
  ASSERT_EQ(home.status, 200) << home.body;
  auto h = home.json();
  EXPECT_EQ(h->getObject("counts")->getValue<int64_t>("probation_ending"), 1);
  auto stations = h->getObject("headcount")->getArray("stations");
  ASSERT_EQ(stations->size(), 1u) << "the agency's own station only: " << home.body;
  EXPECT_EQ(stations->getObject(0)->getValue<int64_t>("station_id"), w.own.station);
  EXPECT_EQ(stations->getObject(0)->getValue<int64_t>("headcount"), 3) << "the world's worker and the two hires";
  EXPECT_EQ(h->getObject("headcount")->getValue<int64_t>("total"), 3);
  auto bureauHome = s.client().get("/api/v1/home", w.tokens["bureau"]).json();
  EXPECT_EQ(bureauHome->getObject("counts")->getValue<int64_t>("case_open"), 1);
  EXPECT_EQ(bureauHome->getObject("headcount")->getValue<int64_t>("total"), 3);
  EXPECT_FALSE(bureauHome->isNull("pay")) << "approved pay against funding, even when there is none yet";
  EXPECT_EQ(s.client().get("/api/v1/home", otherBureau).json()->getObject("headcount")->getValue<int64_t>("total"), 1)
      << "the other county's one worker";
  EXPECT_EQ(s.client().get("/api/v1/home", w.tokens["worker"]).status, 403);
}
