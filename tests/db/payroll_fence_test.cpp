// Issue #10, finding 1: two servers on one database; the one writing a run is paused (SIGSTOP, as
// a VM freeze or swap storm does) past stale_seconds; the other fails the run and a new run is made
// for the period; the first resumes. Its writes are fenced by its lease: the old run stays failed
// with no payslips, and only the new run, whole, can be approved and paid.
#include <gtest/gtest.h>

#include "SpawnedServer.h"

using namespace sr;

TEST(PayrollFence, APausedWriterResumingAfterItsRunWasFailedWritesNothing) {
  test::FreshDatabase db;
  test::ConfigFile config(R"({"auth": {"first_sign_in_sets_password": false}, "payroll": {"background_threshold": 0, "stale_seconds": 2}, "log": {"level": "warn"}})");
  test::SpawnedServer one(db.url(), config.path(), test::freePort());
  auto admin1 = one.adminToken();
  ASSERT_FALSE(admin1.empty());
  const int staff = 3000;
  auto agency = test::seedAgency(one.client(), admin1, staff);
  ASSERT_GT(agency, 0);
  const std::string body = R"({"agency_id":)" + std::to_string(agency) + R"(,"period":"2026-03"})";
  auto started = one.client().post("/api/v1/payroll-runs", body, admin1);
  ASSERT_EQ(started.status, 202) << started.body;
  one.pause();
  auto oldRun = std::to_string(started.json()->getValue<int64_t>("id"));
  std::this_thread::sleep_for(std::chrono::milliseconds(3200));  // past stale_seconds

  // The second server's start-up recovery takes the silent run for dead.
  test::SpawnedServer two(db.url(), config.path(), test::freePort());
  auto admin2 = two.adminToken();
  auto failed = two.client().get("/api/v1/payroll-runs/" + oldRun, admin2).json();
  ASSERT_EQ(failed->getValue<std::string>("status"), "failed")
      << "the run must still have been computing when its server was paused";
  auto fresh = two.client().post("/api/v1/payroll-runs", body, admin2);
  ASSERT_EQ(fresh.status, 202) << fresh.body;
  auto newRun = std::to_string(fresh.json()->getValue<int64_t>("id"));
  std::string status = "computing";
  for (int i = 0; i < 200 && status == "computing"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = two.client().get("/api/v1/payroll-runs/" + newRun, admin2).json()->getValue<std::string>("status");
  }
  ASSERT_EQ(status, "draft");

  one.resume();
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // let the paused writer try everything it had left

  auto old = two.client().get("/api/v1/payroll-runs/" + oldRun, admin2).json();
  EXPECT_EQ(old->getValue<std::string>("status"), "failed");
  EXPECT_EQ(two.client().get("/api/v1/payroll-runs/" + oldRun + "/payslips", admin2).json()->getArray("items")->size(), 0u);
  EXPECT_EQ(two.client().get("/api/v1/payroll-runs/" + newRun + "/payslips", admin2).json()->getArray("items")->size(),
            static_cast<std::size_t>(staff));
  // Only the new run can be approved (by a second admin), and its bank file pays everyone once.
  auto approverBody = std::string(R"({"username":"approver","password":"second-pair-of-eyes-9","role":"agency_admin","agency_id":)") +
                      std::to_string(agency) + "}";
  ASSERT_EQ(two.client().post("/api/v1/users", approverBody, admin2).status, 201);
  auto login = two.client().post("/api/v1/auth/login", R"({"username":"approver","password":"second-pair-of-eyes-9"})");
  auto approver = login.json()->getValue<std::string>("token");
  EXPECT_EQ(two.client().post("/api/v1/payroll-runs/" + oldRun + "/approve", "", approver).status, 409);
  ASSERT_EQ(two.client().post("/api/v1/payroll-runs/" + newRun + "/approve", "", approver).status, 200);
  auto bank = two.client().get("/api/v1/payroll-runs/" + newRun + "/bank-file", approver);
  ASSERT_EQ(bank.status, 200);
  EXPECT_EQ(std::count(bank.body.begin(), bank.body.end(), '\n'), staff + 1);
}
