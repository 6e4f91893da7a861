#pragma once
// A small province for API tests: one city with two counties ("own" and "other"), a town in each,
// an agency, a station and one employed worker in each, and a signed-in user of every role scoped
// to the "own" side (the worker user is the own side's employed worker).
#include <map>
#include <string>

#include <gtest/gtest.h>

#include "support/TestSupport.h"

namespace sr::test {

inline const char* kUserPassword = "user-password-123";

struct Side {
  int64_t county = 0, town = 0, agency = 0, station = 0, payrollUser = 0;
  int64_t person = 0, employment = 0;  // one worker employed at the station
  std::string idNumber;                // that worker's
};

class World {
 public:
  explicit World(TestServer& server) : s(server), admin(server.adminToken()) {
    province = s.create("/api/v1/jurisdictions", R"({"code":"330000","name":"浙江省","level":"province"})", admin);
    city = s.create("/api/v1/jurisdictions",
                    R"({"code":"330400","name":"嘉兴市","level":"city","parent_id":)" + std::to_string(province) + "}", admin);
    EXPECT_EQ(s.client()
                  .put("/api/v1/jurisdictions/" + std::to_string(city) + "/policy",
                       std::string(R"({"effective_from":"2000-01-01",)") + kPayrollFigures + "}", admin)
                  .status,
              200);
    // The illustrative four-post scale for the whole province (posts S1..S4, grades 1..11).
    s.create("/api/v1/salary-scales/presets/illustrative-4x11",
             R"({"jurisdiction_id":)" + std::to_string(province) + R"(,"effective_from":"2020-01-01"})", admin);
    own = side("330481", "海宁市", 1);
    other = side("330482", "平湖市", 2);
    tokens["admin"] = admin;
    usernames["admin"] = "admin";
    usernames = {{"admin", "admin"}, {"bureau", "bureau_own"}, {"agency_admin", "agency_admin_own"},
                 {"payroll_officer", "payroll_own"}, {"worker", "worker_own"}};
    userId["bureau"] = user("bureau_own", "bureau", "jurisdiction_id", own.county);
    userId["agency_admin"] = user("agency_admin_own", "agency_admin", "agency_id", own.agency);
    userId["payroll_officer"] = user("payroll_own", "payroll_officer", "agency_id", own.agency);
    userId["worker"] = user("worker_own", "worker", "person_id", own.person);
    for (const char* role : {"bureau", "agency_admin", "payroll_officer", "worker"})
      tokens[role] = s.login(usernames[role], kUserPassword);
  }

  // Creates a user through the admin; returns its id.
  // Creates a user through the admin; returns its id. An empty scopeField is for admins.
  int64_t user(const std::string& username, const std::string& role, const std::string& scopeField, int64_t scopeId) {
    std::string scope = scopeField.empty() ? "" : R"(,")" + scopeField + R"(":)" + std::to_string(scopeId);
    return s.create("/api/v1/users",
                    R"({"username":")" + username + R"(","password":")" + kUserPassword + R"(","role":")" + role + "\"" +
                        scope + "}",
                    admin);
  }

  // Hires a new person (through the admin) at the side's station; returns the employment id.
  int64_t hire(const Side& at, const std::string& extra = R"(,"end_date":"2027-12-31")") {
    static int serial = 100;
    auto id = idNumber("330481", "19920202", ++serial);
    return s.create("/api/v1/employments", hireBody(id, at.station, "2025-06-01", extra, "新员工"), admin);
  }
  // The id of the first filing of an employment (its hire).
  int64_t filingOf(int64_t employment) {
    auto r = s.client().get("/api/v1/filings?employment_id=" + std::to_string(employment), admin);
    auto items = r.json()->getArray("items");
    return items->getObject(0)->getValue<int64_t>("id");
  }

  TestServer& s;
  std::string admin;
  int64_t province = 0, city = 0;
  Side own, other;
  std::map<std::string, std::string> tokens, usernames;
  std::map<std::string, int64_t> userId;

 private:
  Side side(const std::string& county, const std::string& name, int n) {
    Side x;
    x.county = s.create("/api/v1/jurisdictions",
                        R"({"code":")" + county + R"(","name":")" + name + R"(","level":"county","parent_id":)" +
                            std::to_string(city) + "}",
                        admin);
    x.town = s.create("/api/v1/jurisdictions",
                      R"({"code":")" + county + R"(001","name":")" + name + R"(一街道","level":"town","parent_id":)" +
                          std::to_string(x.county) + "}",
                      admin);
    x.agency = s.create("/api/v1/agencies",
                        R"({"name":")" + name + R"(社工机构","credit_code":")" + creditCode(n) +
                            R"(","rating":"4A","kind":"ngo","jurisdiction_id":)" + std::to_string(x.county) + "}",
                        admin);
    x.station = s.create("/api/v1/stations",
                         R"({"name":")" + name + R"(一街道社工站","jurisdiction_id":)" + std::to_string(x.town) +
                             R"(,"agency_id":)" + std::to_string(x.agency) + "}",
                         admin);
    x.payrollUser = s.create("/api/v1/users",
                             R"({"username":"payroll_side)" + std::to_string(n) + R"(","password":")" + kUserPassword +
                                 R"(","role":"payroll_officer","agency_id":)" + std::to_string(x.agency) + "}",
                             admin);
    x.idNumber = idNumber(county, "19900101", 10 + n);
    x.employment = s.create("/api/v1/employments",
                            hireBody(x.idNumber, x.station, "2025-01-01",
                                     R"(,"end_date":"2027-12-31")", name + "社工"),
                            admin);
    x.person = s.client().get("/api/v1/employments/" + std::to_string(x.employment), admin).json()->getValue<int64_t>("person_id");
    return x;
  }
};

}  // namespace sr::test
