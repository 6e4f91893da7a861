// Issue #15, first start: on an empty database the administrator sets up the county from its
// division code, a shipped policy preset and the first bureau account, over real HTTP.
#include <gtest/gtest.h>

#include "World.h"

using namespace sr;

namespace {
std::string setupBody(const std::string& code, const std::string& preset = "haining", const std::string& user = "hn_bureau") {
  return R"({"county_code":")" + code + R"(","preset":")" + preset + R"(","bureau_username":")" + user + "\"}";
}
std::string firstField(const test::HttpResult& r) {
  return r.json()->getArray("errors")->getObject(0)->getValue<std::string>("field");
}
}  // namespace

// The code names the place (2023 statistical codes); a municipality's district sits right under it.
TEST(Setup, ADivisionCodeNamesItsProvinceCityAndCounty) {
  test::TestServer s;
  auto admin = s.adminToken();
  auto r = s.client().get("/api/v1/divisions/330481", admin);
  ASSERT_EQ(r.status, 200) << r.body;
  auto chain = r.json()->getArray("chain");
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_EQ(chain->getObject(0)->getValue<std::string>("name"), "浙江省");
  EXPECT_EQ(chain->getObject(1)->getValue<std::string>("name"), "嘉兴市");
  EXPECT_EQ(chain->getObject(2)->getValue<std::string>("name"), "海宁市");
  EXPECT_EQ(chain->getObject(2)->getValue<std::string>("level"), "county");
  auto beijing = s.client().get("/api/v1/divisions/110101", admin).json()->getArray("chain");
  ASSERT_EQ(beijing->size(), 2u);  // 北京市 › 东城区: the statistical 市辖区 is no place
  EXPECT_EQ(beijing->getObject(1)->getValue<std::string>("name"), "东城区");
  auto unknown = s.client().get("/api/v1/divisions/330499", admin);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(firstField(unknown), "code");
}

TEST(Setup, AnEmptyDatabaseIsSetUpOnceWithThePresetAndAFirstBureauAccount) {
  test::TestServer s([](app::Settings& st) { st.auth.firstSignInSetsPassword = true; });  // the default
  auto admin = s.adminToken();
  EXPECT_TRUE(s.client().get("/api/v1/setup", admin).json()->getValue<bool>("needed"));
  // Refused with the field named: an unknown code, a city's code, an unknown preset.
  auto unknown = s.client().post("/api/v1/setup", setupBody("330499"), admin);
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(firstField(unknown), "county_code");
  auto city = s.client().post("/api/v1/setup", setupBody("330400"), admin);
  EXPECT_EQ(city.status, 422);
  EXPECT_NE(city.body.find("give the county's code"), std::string::npos) << city.body;
  auto preset = s.client().post("/api/v1/setup", setupBody("330481", "atlantis"), admin);
  EXPECT_EQ(preset.status, 422);
  EXPECT_EQ(firstField(preset), "preset");
  EXPECT_TRUE(s.client().get("/api/v1/setup", admin).json()->getValue<bool>("needed"));  // nothing was written

  auto r = s.client().post("/api/v1/setup", setupBody("330481"), admin);
  ASSERT_EQ(r.status, 201) << r.body;
  auto out = r.json();
  auto places = out->getArray("jurisdictions");
  ASSERT_EQ(places->size(), 3u);
  EXPECT_EQ(places->getObject(2)->getValue<std::string>("code"), "330481");
  EXPECT_EQ(places->getObject(2)->getValue<int64_t>("parent_id"), places->getObject(1)->getValue<int64_t>("id"));
  EXPECT_EQ(places->getObject(1)->getValue<std::string>("name"), "嘉兴市");
  auto county = out->getValue<int64_t>("county_id");
  // Haining's preset is in force on the county, with its source.
  auto policy = s.client().get("/api/v1/jurisdictions/" + std::to_string(county) + "/policy", admin).json();
  EXPECT_EQ(policy->getObject("policy")->getObject("staffing")->getValue<int>("min_staff"), 6);
  // Each key names its layer and what that layer's document cites for it.
  auto minStaff = policy->getObject("sources")->getObject("staffing.min_staff");
  EXPECT_EQ(minStaff->getValue<std::string>("source"), "330481");
  EXPECT_NE(minStaff->getValue<std::string>("citation").find("每站不少于 6 名专职社工"), std::string::npos);
  EXPECT_FALSE(policy->getObject("sources")->getObject("notice.statutory_days")->getValue<std::string>("citation").empty());
  // The bureau's one-time password signs in, and must be replaced first.
  auto password = out->getValue<std::string>("password");
  EXPECT_EQ(password.size(), 19u);
  auto login = s.client().post("/api/v1/auth/login", R"({"username":"hn_bureau","password":")" + password + "\"}");
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(login.json()->getObject("user")->getValue<bool>("must_change_password"));
  EXPECT_EQ(login.json()->getObject("user")->getValue<int64_t>("jurisdiction_id"), county);
  EXPECT_EQ(login.body.find(password), std::string::npos);
  // Done once: afterwards places are added one by one.
  EXPECT_FALSE(s.client().get("/api/v1/setup", admin).json()->getValue<bool>("needed"));
  EXPECT_EQ(s.client().post("/api/v1/setup", setupBody("330482", "national", "other_bureau"), admin).status, 409);
  EXPECT_NE(s.client().get("/api/v1/audit?limit=100", admin).body.find("user.create"), std::string::npos);
}

// The write discipline: identical setups at once create one county and one account.
TEST(Setup, IdenticalSetupsAtOnceSetUpOneCounty) {
  test::TestServer s;
  auto admin = s.adminToken();
  auto statuses = test::race(6, [&] { return s.client().post("/api/v1/setup", setupBody("330481"), admin); });
  EXPECT_EQ(statuses[201], 1) << statuses.size();
  EXPECT_EQ(statuses[201] + statuses[409], 6);
  auto list = s.client().get("/api/v1/jurisdictions?limit=50", admin).json()->getArray("items");
  EXPECT_EQ(list->size(), 3u);
}
