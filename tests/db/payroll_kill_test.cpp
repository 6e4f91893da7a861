// The real binary, killed with SIGKILL while a background payroll run is being written, then
// started again: the run is either complete or failed with no payslips — never half-written.
#include <gtest/gtest.h>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <Poco/Net/ServerSocket.h>

#include "support/TestSupport.h"

extern char** environ;

using namespace sr;

namespace {
int freePort() {
  Poco::Net::ServerSocket s(0);
  return s.address().port();
}

// `socialroll serve` as a child process; waits until /healthz answers.
pid_t startServer(const std::string& dbUrl, const std::string& config, int port) {
  std::vector<std::string> args = {SOCIALROLL_BINARY, "serve", "--port", std::to_string(port), "--bind", "127.0.0.1",
                                   "--db", dbUrl, "--config", config};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  setenv("SOCIALROLL_ADMIN_PASSWORD", test::kAdminPassword, 1);
  setenv("SOCIALROLL_DATA_KEY", test::kTestDataKey, 1);
  pid_t pid = 0;
  if (posix_spawn(&pid, SOCIALROLL_BINARY, nullptr, nullptr, argv.data(), environ) != 0) return 0;
  test::Client client(port);
  for (int i = 0; i < 200; ++i) {
    try {
      if (client.get("/healthz").status == 200) return pid;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pid;
}
}  // namespace

TEST(PayrollKill, ARunKilledMidWayIsCompleteOrFailedWithNoPayslipsAfterARestart) {
  test::FreshDatabase db;
  std::string config = (std::filesystem::temp_directory_path() / ("sr-kill-" + std::to_string(getpid()) + ".json")).string();
  std::ofstream(config) << R"({"payroll": {"background_threshold": 0, "stale_seconds": 1}, "log": {"level": "warn"}})";
  int port = freePort();
  pid_t pid = startServer(db.url(), config, port);
  ASSERT_GT(pid, 0);
  test::Client client(port);
  auto login = client.post("/api/v1/auth/login", std::string(R"({"username":"admin","password":")") + test::kAdminPassword + "\"}");
  ASSERT_EQ(login.status, 200) << login.body;
  auto admin = login.json()->getValue<std::string>("token");
  auto create = [&](const std::string& path, const std::string& body) {
    auto r = client.post(path, body, admin);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? r.json()->getValue<int64_t>("id") : int64_t{0};
  };
  auto province = create("/api/v1/jurisdictions", R"({"code":"330000","name":"浙江省","level":"province"})");
  auto county = create("/api/v1/jurisdictions", R"({"code":"330481","name":"海宁市","level":"county","parent_id":)" + std::to_string(province) + "}");
  auto town = create("/api/v1/jurisdictions", R"({"code":"330481001","name":"街道","level":"town","parent_id":)" + std::to_string(county) + "}");
  auto agency = create("/api/v1/agencies", R"({"name":"机构","credit_code":")" + test::creditCode(3) +
                                               R"(","kind":"ngo","jurisdiction_id":)" + std::to_string(county) + "}");
  auto station = create("/api/v1/stations", R"({"name":"站","jurisdiction_id":)" + std::to_string(town) + R"(,"agency_id":)" +
                                                std::to_string(agency) + "}");
  create("/api/v1/salary-scales/presets/illustrative-4x11", R"({"jurisdiction_id":)" + std::to_string(province) +
                                                               R"(,"effective_from":"2020-01-01"})");
  std::string csv = "name,id_number,education,station,post,grade,start_date\n";
  for (int i = 0; i < 3000; ++i)
    csv += "员工" + std::to_string(i) + "," + test::idNumber("3304" + std::to_string(10 + i / 1000), "19900101", i % 1000) +
           ",college," + std::to_string(station) + ",S3,1,2025-01-01\n";
  ASSERT_EQ(client.post("/api/v1/agencies/" + std::to_string(agency) + "/staff-import", csv, admin).status, 201);

  auto run = client.post("/api/v1/payroll-runs", R"({"agency_id":)" + std::to_string(agency) + R"(,"period":"2026-03"})", admin);
  ASSERT_EQ(run.status, 202) << run.body;
  auto runId = std::to_string(run.json()->getValue<int64_t>("id"));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));  // its heartbeat goes stale

  pid = startServer(db.url(), config, port);
  ASSERT_GT(pid, 0);
  auto again = client.post("/api/v1/auth/login", std::string(R"({"username":"admin","password":")") + test::kAdminPassword + "\"}");
  admin = again.json()->getValue<std::string>("token");
  auto after = client.get("/api/v1/payroll-runs/" + runId, admin).json();
  auto slips = client.get("/api/v1/payroll-runs/" + runId + "/payslips", admin).json()->getArray("items")->size();
  auto status = after->getValue<std::string>("status");
  std::printf("after the kill: %s with %zu payslips\n", status.c_str(), slips);
  if (status == "failed")
    EXPECT_EQ(slips, 0u);
  else
    EXPECT_EQ(status == "draft" && slips == 3000u, true) << status << " with " << slips << " payslips";
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  std::filesystem::remove(config);
}
