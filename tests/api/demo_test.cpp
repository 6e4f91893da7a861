// Issue #15, a demo county: `socialroll demo` fills an empty database with an illustrative county
// through the API, prints accounts that sign in, and refuses a database that holds data.
#include <gtest/gtest.h>

#include "app/Demo.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
// The month before this one, China time: the demo's last month of payroll.
std::string lastMonthInChina() {
  const Date first = todayInChina().year() / todayInChina().month() / std::chrono::day{1};
  return formatDate(addMonths(first, -1)).substr(0, 7);
}
int64_t count(const test::HttpResult& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  return static_cast<int64_t>(r.json()->getArray("items")->size());
}
}  // namespace

TEST(Demo, FillsAnEmptyDatabaseWithACountyWhoseAccountsSignInAndRefusesItThen) {
  test::FreshDatabase fresh;
  auto settings = test::serverSettings(fresh.url());
  settings.adminPassword.reset();                // nobody chose one: the demo's becomes admin's
  settings.auth.firstSignInSetsPassword = true;  // as shipped: the demo sets each account's own
  auto demo = app::buildDemo(settings);
  EXPECT_TRUE(demo.adminPasswordSet);
  EXPECT_EQ(demo.workers, 60);
  EXPECT_EQ(demo.runs, 24);
  ASSERT_EQ(demo.accounts.size(), 9u);

  app::App server(settings);
  server.start();
  test::Client client(server.port());
  auto signIn = [&](const std::string& username) {
    auto r = client.post("/api/v1/auth/login", R"({"username":")" + username + R"(","password":")" + demo.password + "\"}");
    EXPECT_EQ(r.status, 200) << username << ": " << r.body;
    auto token = r.json()->getValue<std::string>("token");
    EXPECT_FALSE(client.get("/api/v1/me", token).json()->getValue<bool>("must_change_password")) << username;
    return token;
  };
  for (const auto& a : demo.accounts) signIn(a.username);
  signIn("admin");

  // Two towns under a county whose names say it is a demo; two agencies, four stations, sixty staff.
  auto bureau = signIn("demo.bureau");
  auto places = client.get("/api/v1/jurisdictions", bureau);
  EXPECT_NE(places.body.find("演示县"), std::string::npos) << places.body;
  EXPECT_EQ(count(client.get("/api/v1/agencies", bureau)), 2);
  EXPECT_EQ(count(client.get("/api/v1/stations", bureau)), 4);
  auto county = places.json()->getArray("items");
  int64_t countyId = 0, towns = 0;
  for (unsigned i = 0; i < county->size(); ++i) {
    if (county->getObject(i)->getValue<std::string>("level") == "county") countyId = county->getObject(i)->getValue<int64_t>("id");
    if (county->getObject(i)->getValue<std::string>("level") == "town") ++towns;
  }
  EXPECT_EQ(towns, 2);
  auto compliance = client.get("/api/v1/jurisdictions/" + std::to_string(countyId) + "/compliance", bureau).json();
  EXPECT_EQ(compliance->getValue<int64_t>("headcount"), 60);
  EXPECT_EQ(compliance->getValue<int64_t>("certified"), 60);
  EXPECT_EQ(count(client.get("/api/v1/filings?status=pending", bureau)), 3);  // the newest wait for the bureau

  // A year of payroll: eleven months paid, the last approved, through last month.
  auto agencyAdmin = signIn("demo.a.admin");
  auto runs = client.get("/api/v1/payroll-runs", agencyAdmin).json()->getArray("items");
  ASSERT_EQ(runs->size(), 12u);
  int paid = 0;
  for (unsigned i = 0; i < runs->size(); ++i) paid += runs->getObject(i)->getValue<std::string>("status") == "paid";
  EXPECT_EQ(paid, 11);
  EXPECT_EQ(runs->getObject(0)->getValue<std::string>("period"), lastMonthInChina());
  EXPECT_EQ(runs->getObject(0)->getValue<std::string>("status"), "approved");

  // The worker sees their year of payslips and the notice they gave; the other agency has a case.
  auto worker = signIn("demo.a.worker");
  EXPECT_EQ(count(client.get("/api/v1/me/payslips", worker)), 12);
  auto resignations = client.get("/api/v1/resignations", worker).json()->getArray("items");
  ASSERT_EQ(resignations->size(), 1u);
  EXPECT_EQ(resignations->getObject(0)->getValue<std::string>("status"), "pending");
  EXPECT_EQ(count(client.get("/api/v1/misconduct-cases", signIn("demo.b.admin"))), 1);
  // Fictitious numbers: a county code (110199) that no division list holds.
  auto people = client.get("/api/v1/persons", agencyAdmin).json()->getArray("items");
  ASSERT_GT(people->size(), 0u);
  EXPECT_EQ(people->getObject(0)->getValue<std::string>("id_number").substr(0, 6), "110199");
  server.stop();

  // Again on the same database: refused, nothing added.
  EXPECT_THROW(app::buildDemo(settings), std::invalid_argument);
  app::App again(settings);
  again.start();
  test::Client second(again.port());
  auto token = second.post("/api/v1/auth/login", R"({"username":"demo.a.admin","password":")" + demo.password + "\"}")
                   .json()->getValue<std::string>("token");
  EXPECT_EQ(second.get("/api/v1/payroll-runs", token).json()->getArray("items")->size(), 12u);
  again.stop();
}

// The demo signs in as the administrator without its password; one who has not yet replaced the
// password printed at first start is left alone (a database of its own is the way).
TEST(Demo, RefusesADatabaseWhoseAdministratorHasNotSetItsOwnPassword) {
  test::FreshDatabase fresh;
  auto settings = test::serverSettings(fresh.url());
  settings.adminPassword.reset();
  { app::App first(settings); }  // first start: admin with a printed password to replace
  try {
    app::buildDemo(settings);
    FAIL() << "the demo ran";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("own password"), std::string::npos) << e.what();
  }
}
