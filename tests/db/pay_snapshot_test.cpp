// Issue #10, finding 6: a payroll computation read in several autocommit statements, so a hire
// committed between them failed the run ("map::at"). Now everything it reads comes from one
// snapshot (Database::snapshot), on both engines.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "SpawnedServer.h"
#include "app/App.h"
#include "support/TestSupport.h"

using namespace sr;

namespace {
int64_t users(db::Connection& c) { return c.queryOne("SELECT COUNT(*) AS n FROM users")->i64("n"); }
}  // namespace

// The primitive: a commit made by another connection during a snapshot is not seen inside it, and
// every service read on the snapshot's thread goes through the snapshot's connection.
TEST(PaySnapshot, ASnapshotSeesNoCommitMadeDuringIt) {
  test::TestServer s;
  auto admin = s.adminToken();
  auto& db = s.app().database();
  auto before = db.read<int64_t>(users);
  auto seen = db.snapshot<std::pair<int64_t, int64_t>>([&](db::Connection& c) {
    auto first = users(c);
    // Committed by the server's request thread on its own connection, while the snapshot is open.
    s.create("/api/v1/users", R"({"username":"during","password":"user-password-123","role":"admin"})",
             admin);
    auto lease = db.acquire();  // what a service asked from inside the snapshot would use
    return std::pair{first, users(*lease)};
  });
  EXPECT_EQ(seen.first, before);
  EXPECT_EQ(seen.second, before) << "a read inside the snapshot saw a later commit";
  EXPECT_EQ(db.read<int64_t>(users), before + 1);
}

// The symptom: hires committed while a 1,500-employment run computes, again and again, never fail it.
TEST(PaySnapshot, HiresCommittedDuringARunNeverFailIt) {
  test::TestServer s([](app::Settings& st) { st.payroll.backgroundThreshold = 100000; });
  auto admin = s.adminToken();
  auto agency = test::seedAgency(s.client(), admin, 1500);
  auto stations = s.client().get("/api/v1/stations?agency_id=" + std::to_string(agency), admin).json()->getArray("items");
  auto station = stations->getObject(0)->getValue<int64_t>("id");
  std::atomic<bool> stop{false};
  std::atomic<int> hired{0};
  std::thread hiring([&] {
    for (int i = 0; i < 900 && !stop; ++i)
      if (s.client().post("/api/v1/employments", test::hireBody(test::idNumber("330499", "19920101", i), station, "2025-01-01"), admin)
              .status == 201)
        ++hired;
  });
  struct Joiner {  // the hiring thread ends however the test does
    std::atomic<bool>& stop;
    std::thread& t;
    ~Joiner() {
      stop = true;
      if (t.joinable()) t.join();
    }
  } joiner{stop, hiring};
  auto r = s.client().post("/api/v1/payroll-runs", R"({"agency_id":)" + std::to_string(agency) + R"(,"period":"2026-03"})", admin);
  ASSERT_EQ(r.status, 201) << r.body;
  auto id = std::to_string(r.json()->getValue<int64_t>("id"));
  ASSERT_EQ(r.json()->getValue<std::string>("status"), "draft") << r.body;
  for (int i = 0; i < 12; ++i) {
    auto again = s.client().post("/api/v1/payroll-runs/" + id + "/recompute", "", admin);
    ASSERT_EQ(again.status, 200) << again.body;
    ASSERT_EQ(again.json()->getValue<std::string>("status"), "draft") << "computation " << i << ": " << again.body;
  }
  stop = true;
  hiring.join();
  EXPECT_GT(hired.load(), 0);
  // The last computation saw some state whole: its payslips equal its own count of employments.
  auto run = s.client().get("/api/v1/payroll-runs/" + id, admin).json();
  auto payslips = run->getObject("totals")->getValue<int64_t>("payslips");
  EXPECT_GE(payslips, 1500);
  EXPECT_EQ(s.app().database().read<int64_t>([&](db::Connection& c) {
    return c.queryOne("SELECT COUNT(*) AS n FROM payslips WHERE run_id = ?", {std::stoll(id)})->i64("n");
  }), payslips);
}
