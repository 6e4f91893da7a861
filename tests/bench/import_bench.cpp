// Benchmark: import a generated 5,000-row staff CSV over real HTTP into a fresh database and report
// how long the dry run and the commit take. Not a test: run it with tests/bench/import-bench.sh.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "support/TestSupport.h"

using namespace sr;

int main(int argc, char** argv) {
  int rows = argc > 1 ? std::atoi(argv[1]) : 5000;
  test::TestServer s([](app::Settings& st) { st.http.maxBodyBytes = 16u << 20; });
  auto admin = s.adminToken();
  auto province = s.create("/api/v1/jurisdictions", R"({"code":"330000","name":"浙江省","level":"province"})", admin);
  auto city = s.create("/api/v1/jurisdictions",
                       R"({"code":"330400","name":"嘉兴市","level":"city","parent_id":)" + std::to_string(province) + "}", admin);
  auto county = s.create("/api/v1/jurisdictions",
                         R"({"code":"330481","name":"海宁市","level":"county","parent_id":)" + std::to_string(city) + "}", admin);
  auto agency = s.create("/api/v1/agencies",
                         R"({"name":"海宁社工机构","credit_code":")" + test::creditCode(1) +
                             R"(","rating":"4A","kind":"ngo","jurisdiction_id":)" + std::to_string(county) + "}",
                         admin);
  s.create("/api/v1/salary-scales/presets/illustrative-4x11",
           R"({"jurisdiction_id":)" + std::to_string(province) + R"(,"effective_from":"2020-01-01"})", admin);
  std::vector<std::string> stations;
  for (int t = 1; t <= 12; ++t) {  // Haining: 12 towns
    char code[16];
    std::snprintf(code, sizeof code, "330481%03d", t);
    auto town = s.create("/api/v1/jurisdictions",
                         std::string(R"({"code":")") + code + R"(","name":"镇)" + std::to_string(t) +
                             R"(","level":"town","parent_id":)" + std::to_string(county) + "}",
                         admin);
    s.create("/api/v1/stations",
             R"({"name":"社工站)" + std::to_string(t) + R"(","jurisdiction_id":)" + std::to_string(town) + R"(,"agency_id":)" +
                 std::to_string(agency) + "}",
             admin);
    stations.push_back("社工站" + std::to_string(t));
  }
  std::string csv = "姓名,身份证号,学历,社工专业,手机,银行账号,社工站,岗位,等级,入职日期,合同到期日,试用期月数\n";
  std::vector<std::vector<std::string>> table = {{"姓名", "身份证号", "学历", "社工专业", "手机", "银行账号", "社工站", "岗位",
                                                  "等级", "入职日期", "合同到期日", "试用期月数"}};
  for (int i = 0; i < rows; ++i) {
    char birth[16], start[16];
    std::snprintf(birth, sizeof birth, "19%02d%02d%02d", 86 + i % 14, 1 + i % 12, 1 + i % 28);
    std::snprintf(start, sizeof start, "20%02d-%02d-01", 21 + i % 5, 1 + i % 12);
    // Serials repeat every 1000: vary the region's last digits to keep every ID number unique.
    auto id = test::idNumber("3304" + std::to_string(10 + i / 1000 % 90), birth, i % 1000);
    csv += "员工" + std::to_string(i) + "," + id + ",本科,是,138" + std::to_string(10000000 + i) + "," +
           test::cardNumber("6222020" + std::to_string(10000000 + i)) + "," + stations[static_cast<std::size_t>(i) % stations.size()] + ",S" +
           std::to_string(1 + i % 4) + ",2," + start + ",2028-12-31,0\n";
    table.push_back({"员工" + std::to_string(i), id, "本科", "是", "138" + std::to_string(10000000 + i),
                     test::cardNumber("6222020" + std::to_string(10000000 + i)),
                     stations[static_cast<std::size_t>(i) % stations.size()], "S" + std::to_string(1 + i % 4), "2", start,
                     "2028-12-31", "0"});
  }
  // `xlsx`: the same rows as a workbook made by openpyxl, stored as Excel stores what a clerk types.
  const bool xlsx = argc > 2 && std::string(argv[2]) == "xlsx";
  const std::string body = xlsx ? test::makeWorkbook(table) : csv;
  const std::map<std::string, std::string> headers =
      xlsx ? std::map<std::string, std::string>{{"Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}}
           : std::map<std::string, std::string>{};
  auto path = "/api/v1/agencies/" + std::to_string(agency) + "/staff-import";
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count();
  };
  auto t0 = Clock::now();
  auto dry = s.client().call("POST", path + "?dry_run=true", body, admin, headers);
  auto t1 = Clock::now();
  auto commit = s.client().call("POST", path, body, admin, headers);
  auto t2 = Clock::now();
  if (dry.status != 200 || commit.status != 201) {
    std::fprintf(stderr, "import failed: dry run %d, commit %d\n%s\n", dry.status, commit.status, commit.body.substr(0, 2000).c_str());
    return 1;
  }
  auto created = commit.json()->getArray("created")->size();
  std::printf("engine: %s\nformat: %s\nrows: %d (%zu bytes)\ndry run: %lld ms\ncommit: %lld ms (%zu employments created)\n",
              std::getenv("SOCIALROLL_TEST_ENGINE") ? std::getenv("SOCIALROLL_TEST_ENGINE") : "sqlite", xlsx ? "xlsx" : "csv", rows, body.size(),
              static_cast<long long>(ms(t0, t1)), static_cast<long long>(ms(t1, t2)), created);
  return created == static_cast<std::size_t>(rows) ? 0 : 1;
}
