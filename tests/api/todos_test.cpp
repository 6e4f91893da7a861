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
  EXPECT_TRUE(has(adminKinds, "certificate_reregistration"));
  auto items = forAdmin.json()->getArray("items");
  for (unsigned i = 0; i < items->size(); ++i) {
    auto x = items->getObject(i);
    if (x->getValue<std::string>("kind") == "contract_ending") {
      EXPECT_EQ(x->getValue<int64_t>("subject_id"), ending);
      EXPECT_EQ(x->getValue<std::string>("due_on"), formatDate(addDays(today, 30)));
    }
  }
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
