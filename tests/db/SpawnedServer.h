#pragma once
// The real `socialroll serve` binary as a child process, for tests that kill, pause or restart it,
// and a county with one agency of `staff` workers seeded through its API.
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

namespace sr::test {

inline int freePort() {
  Poco::Net::ServerSocket s(0);
  return s.address().port();
}

// A config file for spawned servers, removed when this goes away.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& json)
      : path_((std::filesystem::temp_directory_path() / ("sr-spawn-" + std::to_string(getpid()) + "-" +
                                                         std::to_string(serial()++) + ".json"))
                  .string()) {
    std::ofstream(path_) << json;
  }
  ~ConfigFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static int& serial() {
    static int n = 0;
    return n;
  }
  std::string path_;
};

class SpawnedServer {
 public:
  SpawnedServer(std::string dbUrl, std::string config, int port)
      : dbUrl_(std::move(dbUrl)), config_(std::move(config)), port_(port), client_(port) {
    start();
  }
  ~SpawnedServer() { stop(SIGKILL); }
  SpawnedServer(const SpawnedServer&) = delete;
  SpawnedServer& operator=(const SpawnedServer&) = delete;

  // Starts the binary and waits until /healthz answers; false if it never does.
  bool start() {
    std::vector<std::string> args = {SOCIALROLL_BINARY, "serve", "--port", std::to_string(port_), "--bind", "127.0.0.1",
                                     "--db", dbUrl_, "--config", config_};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    setenv("SOCIALROLL_ADMIN_PASSWORD", kAdminPassword, 1);
    setenv("SOCIALROLL_DATA_KEY", kTestDataKey, 1);
    if (posix_spawn(&pid_, SOCIALROLL_BINARY, nullptr, nullptr, argv.data(), environ) != 0) return false;
    for (int i = 0; i < 200; ++i) {
      try {
        if (client_.get("/healthz").status == 200) return true;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void stop(int signal = SIGTERM) {
    if (pid_ <= 0) return;
    kill(pid_, SIGCONT);  // a paused server must be able to die
    kill(pid_, signal);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }
  void pause() { kill(pid_, SIGSTOP); }
  void resume() { kill(pid_, SIGCONT); }
  const Client& client() const { return client_; }
  std::string adminToken() const {
    auto r = client_.post("/api/v1/auth/login", std::string(R"({"username":"admin","password":")") + kAdminPassword + "\"}");
    return r.status == 200 ? r.json()->getValue<std::string>("token") : "";
  }

 private:
  std::string dbUrl_, config_;
  int port_;
  Client client_;
  pid_t pid_ = 0;
};

// A province, county and town, one agency and station, the illustrative scale, and `staff` workers
// imported from 2025-01-01; returns the agency's id (0 and a test failure if a step is refused).
inline int64_t seedAgency(const Client& client, const std::string& admin, int staff) {
  auto create = [&](const std::string& path, const std::string& body) {
    auto r = client.post(path, body, admin);
    EXPECT_EQ(r.status, 201) << path << ": " << r.body;
    return r.status == 201 ? r.json()->getValue<int64_t>("id") : int64_t{0};
  };
  auto province = create("/api/v1/jurisdictions", R"({"code":"330000","name":"浙江省","level":"province"})");
  auto county = create("/api/v1/jurisdictions",
                       R"({"code":"330481","name":"海宁市","level":"county","parent_id":)" + std::to_string(province) + "}");
  auto town = create("/api/v1/jurisdictions",
                     R"({"code":"330481001","name":"街道","level":"town","parent_id":)" + std::to_string(county) + "}");
  auto agency = create("/api/v1/agencies", R"({"name":"机构","credit_code":")" + creditCode(3) +
                                               R"(","kind":"ngo","jurisdiction_id":)" + std::to_string(county) + "}");
  auto station = create("/api/v1/stations", R"({"name":"站","jurisdiction_id":)" + std::to_string(town) +
                                                R"(,"agency_id":)" + std::to_string(agency) + "}");
  auto figures = client.put("/api/v1/jurisdictions/" + std::to_string(province) + "/policy",
                            std::string(R"({"effective_from":"2000-01-01",)") + kPayrollFigures + "}", admin);
  EXPECT_EQ(figures.status, 200) << figures.body;
  create("/api/v1/salary-scales/presets/illustrative-4x11",
         R"({"jurisdiction_id":)" + std::to_string(province) + R"(,"effective_from":"2020-01-01"})");
  // In batches of 5,000: a request body is capped at 1 MiB.
  for (int from = 0; from < staff; from += 5000) {
    std::string csv = "name,id_number,education,bank_account,station,post,grade,start_date\n";
    for (int i = from; i < std::min(staff, from + 5000); ++i)
      csv += "员工" + std::to_string(i) + "," + idNumber("3304" + std::to_string(10 + i / 1000), "19900101", i % 1000) +
             ",college," + cardNumber("6222020200112" + std::to_string(10000 + i)) + "," + std::to_string(station) + ",S3,1,2025-01-01\n";
    auto imported = client.patient(300).post("/api/v1/agencies/" + std::to_string(agency) + "/staff-import", csv, admin);
    EXPECT_EQ(imported.status, 201) << imported.body.substr(0, 500);
    if (imported.status != 201) return 0;
  }
  return agency;
}

}  // namespace sr::test
